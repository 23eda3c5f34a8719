/** Small pieces shared by the pages: times, outlet counts, covering outlets, story timelines. */
import type { DevelopmentRef, DevelopmentView } from '../../schema'
import { coverageLines, outletNames, timelineRows, type CoverageLine } from '../coverage'
import { cleanText, developmentUrl, isDateOnly, machineTime, pageTime } from '../text'

export { isDateOnly, pageDate, pageTime } from '../text'

/** A `<time>`: the instant in UTC, or only the date (`datetime="2023-08-16"`) when that is all we know. */
export const Time = ({ iso }: { iso: string }) => (
  <time datetime={machineTime(iso)}>{pageTime(iso)}</time>
)

/**
 * The time of a report without a date of its own, marked as approximate: "undated, seen about …"
 * (issue 15: it must never read as a publication time).
 */
export const Seen = ({ iso }: { iso: string }) => (
  <span class="approx" title="No date in its feed: the time storyfold first saw it">
    undated, seen about <Time iso={iso} />
  </span>
)

/** "First reported … · updated …" for a development or story ("first seen about …" when no report is dated). */
export const When = ({ dev }: { dev: Pick<DevelopmentView, 'published' | 'updated' | 'publishedApproximate'> }) => (
  <p class="when">
    {dev.publishedApproximate ? (
      <>
        First seen about <Time iso={dev.published} /> <span class="approx">(no report of it gives a date)</span>
      </>
    ) : (
      <>
        First reported <Time iso={dev.published} />
      </>
    )}
    {dev.updated !== dev.published ? (
      <>
        {' · '}last updated <Time iso={dev.updated} />
      </>
    ) : (
      ''
    )}
  </p>
)

/** "4 outlets: A, B, C, D" with the count in bold, for lists of developments. */
export const OutletsLine = ({ dev }: { dev: Pick<DevelopmentView, 'outlets'> }) => {
  const names = outletNames(dev)
  return (
    <p class="outlet-names">
      <strong>
        {names.length} {names.length === 1 ? 'outlet' : 'outlets'}
      </strong>
      {names.length > 0 ? `: ${names.join(', ')}` : ''}
    </p>
  )
}

/** "A, B and C". */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/**
 * One sentence saying who reported first, honest about ties, date-only times and syndicated
 * copies: "First reported by" only for a strictly first original report.
 *
 * @example
 * firstReport(lines) // → 'First reported by Rudaw, 16 Aug 2023, 07:20 UTC.'
 */
export function firstReport(lines: readonly CoverageLine[]): string | null {
  const first = lines.filter((l) => l.first)
  const at = first[0]?.coverage.published
  if (!at) return null
  const names = joinNames([...new Set(first.map((l) => l.outlet))])
  if (first.length === 1 && first[0]!.soleFirst) return `First reported by ${names}, ${pageTime(at)}.`
  if (first.length === 1) return `Among the first: ${names}, ${pageTime(at)}, in a syndicated copy of another outlet’s report.`
  const day = first.some((l) => l.coverage.published && isDateOnly(l.coverage.published))
    ? ' (some give only the date, so who was first that day is not known)'
    : ' at the same time'
  return `Among the first: ${names}, all on ${pageTime(at)}${day}.`
}

/** "B (time), C" with links: the outlets carrying a syndicated copy of a report. */
const CarriedBy = ({ lines }: { lines: readonly CoverageLine[] }) => (
  <p class="note">
    Also carried by{' '}
    {lines.map((k, i) => (
      <>
        {i > 0 ? ', ' : ''}
        {k.url ? <a href={k.url}>{k.outlet}</a> : <strong>{k.outlet}</strong>}
        {k.coverage.published || k.coverage.seen ? (
          <span class="muted">
            {' ('}
            {k.coverage.published ? <Time iso={k.coverage.published} /> : <Seen iso={k.coverage.seen!} />}
            {')'}
          </span>
        ) : (
          ''
        )}
      </>
    ))}
    .
  </p>
)

/**
 * Every covering report: outlet and time, headline (linked), first report, copy note, what it
 * adds; a report's syndicated copies under it ("Also carried by"), not as reports of their own.
 */
export const OutletList = ({ dev, level }: { dev: DevelopmentView; level: 'h3' }) => {
  const Heading = level
  const lines = coverageLines(dev).filter((l) => !l.carried)
  return (
    <ol class="outlets">
      {lines.map((l) => (
        <li class={l.copyNote ? 'copy' : undefined}>
          <p class="source">
            <strong class="outlet">{l.outlet}</strong>
            {l.coverage.byline && !l.copyNote ? <span class="muted"> ({cleanText(l.coverage.byline)})</span> : ''}
            <span class="muted">
              {' · '}
              {l.coverage.published ? <Time iso={l.coverage.published} /> : l.coverage.seen ? <Seen iso={l.coverage.seen} /> : 'time unknown'}
            </span>
            {l.first ? (
              <>
                {' '}
                <span class="badge">{l.soleFirst ? 'First to report' : 'Among the first'}</span>
              </>
            ) : (
              ''
            )}
            {l.copyNote ? (
              <>
                {' '}
                <span class="badge copy-badge">Syndicated copy</span>
              </>
            ) : (
              ''
            )}
          </p>
          <Heading>{l.url ? <a href={l.url}>{cleanText(l.coverage.title)}</a> : cleanText(l.coverage.title)}</Heading>
          {l.url ? '' : <p class="muted small">No link to the original is known.</p>}
          {l.copyNote ? <p class="note">{l.copyNote}</p> : ''}
          {l.carriedBy.length > 0 ? <CarriedBy lines={l.carriedBy} /> : ''}
          {l.coverage.adds.length > 0 ? (
            <div class="adds">
              <p class="adds-label">What it adds</p>
              <ul>
                {l.coverage.adds.map((a) => (
                  <li>{cleanText(a)}</li>
                ))}
              </ul>
            </div>
          ) : l.copyNote ? (
            ''
          ) : (
            <p class="muted small">Nothing the other reports lack.</p>
          )}
        </li>
      ))}
    </ol>
  )
}

/** One dot on a timeline: the date, then the linked headline; the current one marked. */
const TimelineRow = ({ item, current, siteUrl }: { item: DevelopmentRef; current: boolean; siteUrl: string }) => (
  <li class={current ? 'current' : undefined}>
    <p class="muted small">
      <Time iso={item.published} />
      {current ? (
        <>
          {' · '}
          <strong>this development</strong>
        </>
      ) : (
        ''
      )}
    </p>
    <a href={developmentUrl(siteUrl, item.id)} aria-current={current ? 'page' : undefined}>
      {cleanText(item.title)}
    </a>
  </li>
)

/** The story's developments in time order, the current one marked with `aria-current="page"`. */
export const Timeline = ({ dev, siteUrl }: { dev: DevelopmentView; siteUrl: string }) => (
  <ol class="timeline">
    {timelineRows(dev).map((r) => (
      <TimelineRow item={r.ref} current={r.current} siteUrl={siteUrl} />
    ))}
  </ol>
)
