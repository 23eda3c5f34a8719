/** The page of a story: its developments in order, as a timeline. */
import type { StoryView } from '../../schema'
import type { FeedMeta } from '../meta'
import { cleanText, developmentUrl, storyFeedUrl } from '../text'
import { langAttributes } from '../lang'
import { renderPage } from './layout'
import { OutletsLine, pageDate, Time } from './parts'

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
        <p class="kicker">Story</p>
        <h1>{cleanText(story.title)}</h1>
        <p class="when">
          {count}
          {', '}
          <time datetime={story.published.slice(0, 10)}>{pageDate(story.published)}</time>
          {pageDate(story.published) === pageDate(story.updated) ? (
            ''
          ) : (
            <>
              {' – '}
              <time datetime={story.updated.slice(0, 10)}>{pageDate(story.updated)}</time>
            </>
          )}
        </p>
        <p class="actions">
          <a href={storyFeedUrl(meta.siteUrl, story.id)} type="application/rss+xml">
            Follow this story (RSS)
          </a>
        </p>
        <ol class="timeline story">
          {devs.map((d) => (
            <li {...langAttributes(d.lang, meta.lang)}>
              <p class="muted small">
                {d.publishedApproximate ? 'first seen about ' : ''}
                <Time iso={d.published} />
                {d.updated !== d.published ? (
                  <>
                    {' · '}updated <Time iso={d.updated} />
                  </>
                ) : (
                  ''
                )}
              </p>
              <h2>
                <a href={developmentUrl(meta.siteUrl, d.id)}>{cleanText(d.title)}</a>
              </h2>
              <OutletsLine dev={d} />
              <p>{cleanText(d.summary)}</p>
            </li>
          ))}
        </ol>
      </>
    ),
  })
}
