/**
 * The HTML body of a feed entry (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`):
 * the summary, every covering outlet, the story timeline and a link to the story's own feed.
 * Plain markup without classes or styles, so it reads well in any feed reader.
 *
 * Built with plain strings, not JSX: it runs for every entry of every feed render (50 per
 * feed), where a JSX tree cost more than the rest of the render. Every text and URL goes
 * through `escapeXml` (which also strips characters XML forbids); URLs from articles only
 * become links when `safeUrl` accepts them.
 */
import type { DevelopmentView } from '../schema'
import { coverageLines, timelineRows } from './coverage'
import type { FeedMeta } from './meta'
import { developmentUrl, escapeXml as esc, isDateOnly, pageTime, storyFeedUrl, storyUrl } from './text'

// A time known only to the day (midnight UTC) shows as a date: "00:00 UTC" would claim a precision nobody has.
const time = (iso: string) =>
  `<time datetime="${esc(isDateOnly(iso) ? new Date(iso).toISOString().slice(0, 10) : iso)}">${esc(pageTime(iso))}</time>`
const link = (href: string, text: string) => `<a href="${esc(href)}">${text}</a>`

function outletsHtml(dev: DevelopmentView): string {
  const lines = coverageLines(dev)
  let html = `<h3>Covered by ${lines.length} ${lines.length === 1 ? 'outlet' : 'outlets'}</h3><ul>`
  for (const l of lines) {
    const c = l.coverage
    html += '<li>'
    html += l.url ? link(l.url, esc(c.title)) : esc(c.title)
    html += ` — <strong>${esc(l.outlet)}</strong>`
    if (c.byline && !l.copyNote) html += ` (${esc(c.byline)})`
    if (c.published) html += `, ${time(c.published)}`
    if (l.first) html += ' — first to report'
    if (l.copyNote) html += `<br/><em>${esc(l.copyNote)}</em>`
    if (c.adds.length > 0) html += `<br/>Adds:<ul>${c.adds.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
    html += '</li>'
  }
  return `${html}</ul>`
}

function timelineHtml(meta: FeedMeta, dev: DevelopmentView): string {
  const rows = timelineRows(dev)
  if (rows.length <= 1) return ''
  let html = '<h3>Story timeline</h3><ol>'
  for (const r of rows) {
    const title = esc(r.ref.title)
    html += `<li>${time(r.ref.published)}: `
    html += r.current ? `<strong>${title} (this development)</strong>` : link(developmentUrl(meta.siteUrl, r.ref.id), title)
    html += '</li>'
  }
  return `${html}</ol>`
}

/**
 * The entry HTML of one development, every text escaped.
 *
 * @example
 * entryHtml(meta, dev) // → '<div><p>The US is pushing Iran …</p><h3>Covered by 3 outlets</h3>…</div>'
 */
export function entryHtml(meta: FeedMeta, dev: DevelopmentView): string {
  return (
    `<div><p>${esc(dev.summary)}</p>${outletsHtml(dev)}${timelineHtml(meta, dev)}<p>` +
    `${link(developmentUrl(meta.siteUrl, dev.id), 'All coverage of this development')} · ` +
    `${link(storyUrl(meta.siteUrl, dev.storyId), 'The whole story')} · ` +
    `${link(storyFeedUrl(meta.siteUrl, dev.storyId), 'Follow this story (feed)')}</p></div>`
  )
}
