/**
 * The HTML body of a feed entry (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`):
 * the summary, every covering outlet, the story timeline and a link to the story's own feed.
 * Plain markup without classes or styles, so it reads well in any feed reader.
 */
import type { DevelopmentView } from '../schema'
import { coverageLines, timelineRows } from './coverage'
import { renderHtml } from './html'
import type { FeedMeta } from './meta'
import { cleanText, developmentUrl, humanTime, storyFeedUrl, storyUrl } from './text'

const EntryBody = ({ meta, dev }: { meta: FeedMeta; dev: DevelopmentView }) => {
  const lines = coverageLines(dev)
  const rows = timelineRows(dev)
  return (
    <div>
      <p>{cleanText(dev.summary)}</p>
      <h3>
        Covered by {lines.length} {lines.length === 1 ? 'outlet' : 'outlets'}
      </h3>
      <ul>
        {lines.map((l) => (
          <li>
            {l.url ? <a href={l.url}>{cleanText(l.coverage.title)}</a> : cleanText(l.coverage.title)}
            {' — '}
            <strong>{l.outlet}</strong>
            {l.coverage.byline && !l.copyNote ? ` (${cleanText(l.coverage.byline)})` : ''}
            {l.coverage.published ? (
              <>
                {', '}
                <time datetime={l.coverage.published}>{humanTime(l.coverage.published)}</time>
              </>
            ) : (
              ''
            )}
            {l.first ? ' — first to report' : ''}
            {l.copyNote ? (
              <>
                <br />
                <em>{l.copyNote}</em>
              </>
            ) : (
              ''
            )}
            {l.coverage.adds.length > 0 ? (
              <>
                <br />
                Adds:
                <ul>
                  {l.coverage.adds.map((a) => (
                    <li>{cleanText(a)}</li>
                  ))}
                </ul>
              </>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      {rows.length > 1 ? (
        <>
          <h3>Story timeline</h3>
          <ol>
            {rows.map((r) => (
              <li>
                <time datetime={r.ref.published}>{humanTime(r.ref.published)}</time>
                {': '}
                {r.current ? (
                  <strong>{cleanText(r.ref.title)} (this development)</strong>
                ) : (
                  <a href={developmentUrl(meta.siteUrl, r.ref.id)}>{cleanText(r.ref.title)}</a>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
      <p>
        <a href={developmentUrl(meta.siteUrl, dev.id)}>All coverage of this development</a>
        {' · '}
        <a href={storyUrl(meta.siteUrl, dev.storyId)}>The whole story</a>
        {' · '}
        <a href={storyFeedUrl(meta.siteUrl, dev.storyId)}>Follow this story (feed)</a>
      </p>
    </div>
  )
}

/**
 * The entry HTML of one development, every text escaped by JSX.
 *
 * @example
 * entryHtml(meta, dev) // → '<div><p>The US is pushing Iran …</p><h3>Covered by 3 outlets</h3>…</div>'
 */
export function entryHtml(meta: FeedMeta, dev: DevelopmentView): string {
  return renderHtml(<EntryBody meta={meta} dev={dev} />)
}
