/** The page of one development: every covering outlet and the story's timeline. */
import type { DevelopmentView } from '../../schema'
import type { FeedMeta } from '../meta'
import { cleanText, storyFeedUrl, storyUrl } from '../text'
import { langAttributes } from '../lang'
import { renderPage } from './layout'
import { coverageLines, outletCount } from '../coverage'
import { firstReport, OutletList, Timeline, When } from './parts'

/**
 * The development page HTML.
 *
 * @example
 * renderDevelopmentPage({ meta, development }) // '<!DOCTYPE html>\n<html lang="en">…'
 */
export function renderDevelopmentPage({ meta, development: dev }: { meta: FeedMeta; development: DevelopmentView }): string {
  const lines = coverageLines(dev)
  const n = outletCount(lines)
  const first = firstReport(lines)
  return renderPage({
    meta,
    title: dev.title,
    description: dev.summary || dev.title,
    children: (
      <article {...langAttributes(dev.lang, meta.lang)}>
        <p class="kicker">Development</p>
        <h1>{cleanText(dev.title)}</h1>
        <When dev={dev} />
        <p class="lede">{cleanText(dev.summary)}</p>
        <section aria-labelledby="outlets">
          <h2 id="outlets">
            Covered by {n} {n === 1 ? 'outlet' : 'outlets'}
          </h2>
          {first ? <p class="muted">{first}</p> : ''}
          <OutletList dev={dev} level="h3" />
        </section>
        <section aria-labelledby="timeline">
          <h2 id="timeline">Story timeline</h2>
          {dev.storySize > dev.timeline.length ? (
            <p class="muted small">
              The {dev.timeline.length} nearest of the story’s {dev.storySize} developments.
            </p>
          ) : (
            ''
          )}
          <Timeline dev={dev} siteUrl={meta.siteUrl} />
          <p class="actions">
            <a href={storyUrl(meta.siteUrl, dev.storyId)}>The whole story</a>
            {' · '}
            <a href={storyFeedUrl(meta.siteUrl, dev.storyId)} type="application/rss+xml">
              Follow this story (RSS)
            </a>
          </p>
        </section>
      </article>
    ),
  })
}
