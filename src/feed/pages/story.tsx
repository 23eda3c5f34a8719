/** The page of a story: its developments in order, as a timeline. */
import type { StoryView } from '../../schema'
import { outletNames } from '../coverage'
import type { FeedMeta } from '../meta'
import { cleanText, developmentUrl, storyFeedUrl } from '../text'
import { renderPage } from './layout'
import { When } from './parts'

/**
 * The story page HTML: developments oldest first.
 *
 * @example
 * renderStoryPage({ meta, story }) // '<!DOCTYPE html>\n<html lang="en">…'
 */
export function renderStoryPage({ meta, story }: { meta: FeedMeta; story: StoryView }): string {
  const devs = [...story.developments].sort(
    (a, b) => Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  const count = `${devs.length} ${devs.length === 1 ? 'development' : 'developments'}`
  return renderPage({
    meta,
    title: story.title,
    description: `${cleanText(story.title)}: ${count}, every outlet’s coverage folded.`,
    children: (
      <>
        <h1>{cleanText(story.title)}</h1>
        <When dev={story} />
        <p>
          {count} ·{' '}
          <a href={storyFeedUrl(meta.siteUrl, story.id)} type="application/rss+xml">
            Follow this story (RSS)
          </a>
        </p>
        <ol class="entries timeline">
          {devs.map((d) => {
            const names = outletNames(d)
            return (
              <li>
                <h2>
                  <a href={developmentUrl(meta.siteUrl, d.id)}>{cleanText(d.title)}</a>
                </h2>
                <When dev={d} />
                <p class="muted">
                  {names.length} {names.length === 1 ? 'outlet' : 'outlets'}
                  {names.length > 0 ? `: ${names.join(', ')}` : ''}
                </p>
                <p>{cleanText(d.summary)}</p>
              </li>
            )
          })}
        </ol>
      </>
    ),
  })
}
