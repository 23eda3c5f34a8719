/** Small pieces shared by the pages: times, covering outlets, story timelines. */
import type { DevelopmentView } from '../../schema'
import { coverageLines, timelineRows } from '../coverage'
import { cleanText, developmentUrl, humanTime } from '../text'

/** A `<time datetime>` showing the instant in UTC. */
export const Time = ({ iso }: { iso: string }) => <time datetime={iso}>{humanTime(iso)}</time>

/** "First reported … · updated …" for a development. */
export const When = ({ dev }: { dev: Pick<DevelopmentView, 'published' | 'updated'> }) => (
  <p class="when">
    First reported <Time iso={dev.published} />
    {dev.updated !== dev.published ? (
      <>
        {' · '}last updated <Time iso={dev.updated} />
      </>
    ) : (
      ''
    )}
  </p>
)

/** Every covering outlet: headline (linked), outlet, time, first report, copy note, what it adds. */
export const OutletList = ({ dev, level }: { dev: DevelopmentView; level: 'h3' }) => {
  const Heading = level
  return (
    <ol class="outlets">
      {coverageLines(dev).map((l) => (
        <li class={l.copyNote ? 'copy' : undefined}>
          <Heading>{l.url ? <a href={l.url}>{cleanText(l.coverage.title)}</a> : cleanText(l.coverage.title)}</Heading>
          <p class="muted">
            <strong>{l.outlet}</strong>
            {l.coverage.byline && !l.copyNote ? ` (${cleanText(l.coverage.byline)})` : ''}
            {l.coverage.published ? (
              <>
                {' · '}
                <Time iso={l.coverage.published} />
              </>
            ) : (
              ' · time unknown'
            )}
            {l.first ? (
              <>
                {' '}
                <span class="badge">First to report</span>
              </>
            ) : (
              ''
            )}
          </p>
          {l.copyNote ? (
            <p>
              <em>{l.copyNote}</em>
            </p>
          ) : (
            ''
          )}
          {l.coverage.adds.length > 0 ? (
            <>
              <p>What it adds:</p>
              <ul>
                {l.coverage.adds.map((a) => (
                  <li>{cleanText(a)}</li>
                ))}
              </ul>
            </>
          ) : l.copyNote ? (
            ''
          ) : (
            <p class="muted">Nothing the other reports lack.</p>
          )}
        </li>
      ))}
    </ol>
  )
}

/** The story's developments in time order, the current one marked with `aria-current="page"`. */
export const Timeline = ({ dev, siteUrl }: { dev: DevelopmentView; siteUrl: string }) => (
  <ol class="timeline">
    {timelineRows(dev).map((r) => (
      <li>
        <a href={developmentUrl(siteUrl, r.ref.id)} aria-current={r.current ? 'page' : undefined}>
          {cleanText(r.ref.title)}
        </a>
        {r.current ? ' (this development)' : ''} <span class="muted">
          <Time iso={r.ref.published} />
        </span>
      </li>
    ))}
  </ol>
)
