/**
 * The HTML body of a feed entry (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`):
 * the summary, every covering outlet, the story so far (the development's nearest earlier
 * developments) and links to the whole story and its own feed. Plain markup without classes or
 * styles, so it reads well in any feed reader. Plain strings, not JSX: it runs for every entry of
 * every feed render. Every text and URL goes through `escapeXml`, so the HTML never holds `]]>`
 * and RSS and Atom can carry it in a CDATA section; article URLs become links only when
 * `linkUrl` accepts them.
 */
import { coverageLines, outletCount, storySoFar, type CoverageLine } from './coverage'
import type { FeedEntry, FeedMeta } from './meta'
import { developmentUrl, escapeXml, storyUrl, timeText } from './text'

/** `<time>` of an instant; a time known only to the day shows as a date ("00:00 UTC" would claim a precision nobody has). */
function timeHtml(iso: string): string {
  const { machine, human } = timeText(iso)
  return `<time datetime="${escapeXml(machine)}">${escapeXml(human)}</time>`
}

/**
 * The time of a report without a date of its own: marked as approximate ("undated, seen about …"),
 * so it never reads as a publication time.
 */
export function seenHtml(seen: string): string {
  return `<span class="approx" title="No date in its feed: the time storyfold first saw it">undated, seen about ${timeHtml(seen)}</span>`
}

/**
 * The "Covered by N outlets" list: N distinct outlets; one item per report, the syndicated
 * copies of a report listed under it as "Also carried by"; "first to report" only for a strictly
 * first original report, else "among the first".
 */
export function coverageHtml(lines: readonly CoverageLine[]): string {
  const n = outletCount(lines)
  let html = `<h3>Covered by ${n} ${n === 1 ? 'outlet' : 'outlets'}</h3><ul>`
  for (const l of lines) {
    if (l.carried) continue
    const c = l.coverage
    html += '<li>'
    html += l.url ? `<a href="${escapeXml(l.url)}">${escapeXml(c.title)}</a>` : escapeXml(c.title)
    html += ` — <strong>${escapeXml(l.outlet)}</strong>`
    if (c.byline && !l.copyNote) html += ` (${escapeXml(c.byline)})`
    if (c.published) html += `, ${timeHtml(c.published)}`
    else if (c.seen) html += `, ${seenHtml(c.seen)}`
    if (l.soleFirst) html += ' — first to report'
    else if (l.first) html += ' — among the first'
    if (l.copyNote) html += `<br/><em>${escapeXml(l.copyNote)}</em>`
    if (l.carriedBy.length > 0) {
      const carriers = l.carriedBy.map((k) => {
        const name = `<strong>${escapeXml(k.outlet)}</strong>`
        const at = k.coverage.published
          ? ` (${timeHtml(k.coverage.published)}${k.first ? ', among the first' : ''})`
          : k.coverage.seen
            ? ` (${seenHtml(k.coverage.seen)})`
            : ''
        return (k.url ? `<a href="${escapeXml(k.url)}">${name}</a>` : name) + at
      })
      html += `<br/>Also carried by ${carriers.join(', ')}`
    }
    if (c.adds.length > 0) html += `<br/>Adds:<ul>${c.adds.map((a) => `<li>${escapeXml(a)}</li>`).join('')}</ul>`
    html += '</li>'
  }
  return `${html}</ul>`
}

/**
 * The entry HTML of a development, every text escaped. `lines` may pass its `coverageLines`
 * when the caller has them already.
 *
 * @example
 * entryHtml(meta, dev) // → '<div><p>The US is pushing Iran …</p><h3>Covered by 3 outlets</h3>…</div>'
 */
export function entryHtml(meta: FeedMeta, dev: FeedEntry, lines: readonly CoverageLine[] = coverageLines(dev)): string {
  const link = (href: string, inner: string) => `<a href="${escapeXml(href)}">${inner}</a>`
  // Only the earlier developments: an entry stays as it was when later ones arrive (they are entries of their own).
  const before = storySoFar(dev).slice(0, -1)
  const earlier = before.length
    ? `<h3>Earlier in this story</h3><ol>${before.map((r) => `<li>${timeHtml(r.ref.published)}: ${link(developmentUrl(meta.siteUrl, r.ref.id), escapeXml(r.ref.title))}</li>`).join('')}</ol>`
    : ''
  const story = storyUrl(meta.siteUrl, dev.storyId)
  return (
    `<div><p>${escapeXml(dev.summary)}</p>${coverageHtml(lines)}${earlier}<p>` +
    `${link(developmentUrl(meta.siteUrl, dev.id), 'All coverage of this development')} · ` +
    `${link(story, 'The whole story')} · ${link(`${story}/feed.xml`, 'Follow this story (feed)')}</p></div>`
  )
}
