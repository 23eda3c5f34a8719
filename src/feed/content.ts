/**
 * The HTML body of a feed entry (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`):
 * the summary, every covering outlet, the story so far (the development's nearest earlier
 * developments) and links to the whole story and its own feed. Plain markup without classes or
 * styles, so it reads well in any feed reader.
 *
 * Built with plain strings, not JSX: it runs for every entry of every feed render (50 per feed).
 * The outlet list, the bulk of it, is the development's `html` outlet section (./sections.ts),
 * stored with the development and rendered only when it is written. The body is written in one of
 * two forms: HTML (pages; RSS and Atom, which carry it in a CDATA section as `feed` writes it), or
 * HTML already escaped as the contents of a JSON string (JSON Feed), so no feed needs a second
 * escaping pass over each entry's whole body. One {@link entryRenderer} serves a whole document
 * and writes each story-timeline row once, however many entries show it. Every text and URL goes
 * through `escapeXml` (which also strips characters XML forbids), escaped again for the form; the
 * markup comes escaped for the form, and the words written in between (' — ', ' · ', 'Covered by')
 * need escaping in no form. URLs from articles only become links when `safeUrl` accepts them. The
 * HTML never holds `]]>` (every `>` in a text or URL is escaped), so a CDATA section can carry it.
 */
import type { DevelopmentRef } from '../schema'
import { storySoFar, type CoverageLine } from './coverage'
import type { FeedMeta } from './meta'
import { outletSection, type FeedEntry, type OutletSection } from './sections'
import { charEscaper, cleanText, developmentUrl, escapeXml, jsonChars, storyUrl, timeText } from './text'

/**
 * The entry HTML as is (`html`: pages, and RSS and Atom, which carry it in CDATA), or escaped once
 * more as `JSON.stringify` escapes a string, without the quotes (`json`).
 */
export type EntryForm = 'html' | 'json'

/** The markup the entry uses, written once per form. */
const HTML_MARKUP = {
  div: '<div>', divEnd: '</div>', p: '<p>', pEnd: '</p>', h3: '<h3>', h3End: '</h3>',
  ol: '<ol>', olEnd: '</ol>', li: '<li>', liEnd: '</li>',
  aOpen: '<a href="', aClose: '">', aEnd: '</a>', timeOpen: '<time datetime="', timeClose: '">', timeEnd: '</time>',
}
type Markup = typeof HTML_MARKUP

/** The markup of each form: the HTML markup, escaped for the form. */
const MARKUP: Record<EntryForm, Markup> = {
  html: HTML_MARKUP,
  json: Object.fromEntries(Object.entries(HTML_MARKUP).map(([k, v]) => [k, jsonChars(v)])) as Markup,
}

/** Any character the JSON form cleans away or escapes: the HTML's, the backslash and every C0 control. */
const JSON_ANY = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF&<>"\\]/

/** `JSON.stringify`'s escape of each C0 control: `\b \f \n \r \t`, else `\u00XX` (lower-case hex). */
const JSON_CONTROL = Array.from({ length: 32 }, (_, c) => jsonChars(String.fromCharCode(c)))

/**
 * Clean text escaped as HTML and then as the contents of a JSON string in one pass: each
 * character `escapeXml` escapes becomes its entity (which JSON leaves alone), a backslash and the
 * C0 controls become what `JSON.stringify` writes for them. The text is clean (`cleanText`), so it
 * holds no lone surrogate, the one other thing `JSON.stringify` escapes.
 */
const escapeJson = charEscaper({ ...JSON_CONTROL, 38: '&amp;', 60: '&lt;', 62: '&gt;', 34: '&quot;', 92: '\\\\' })

/** Text (or a URL) escaped as HTML and, in the JSON form, escaped again: in one pass. */
const ESCAPE: Record<EntryForm, (text: string) => string> = {
  html: escapeXml,
  json: (text) => (JSON_ANY.test(text) ? escapeJson(cleanText(text)) : text),
}

/** The entry's outlet section in each form. */
const SECTION: Record<EntryForm, OutletSection> = { html: 'html', json: 'jsonContent' }

/**
 * A writer of entry bodies for one document: `(dev, lines?) => body`. The outlet list comes from
 * the entry's stored `html` outlet section when it has one (src/feed/sections.ts), else it is
 * rendered from its outlets; `lines` may pass the development's `coverageLines` when the caller
 * has them already.
 *
 * @example
 * const write = entryRenderer(meta, 'html')
 * const bodies = devs.map((d) => write(d))
 */
export function entryRenderer(meta: FeedMeta, form: EntryForm): (dev: FeedEntry, lines?: readonly CoverageLine[]) => string {
  const m = MARKUP[form]
  const t = ESCAPE[form]
  const section = SECTION[form]
  // A story-timeline row is the same in every entry that shows it: written once per document.
  const rows = new Map<string, { ref: DevelopmentRef; html: string }>()
  // Links to our own pages: the URL of a placeholder id ('%00') minus the id is the escaped site
  // part, written once; ids are percent-encoded, so need no escaping.
  const pages = t(developmentUrl(meta.siteUrl, '\u0000')).slice(0, -'%00'.length)
  const stories = t(storyUrl(meta.siteUrl, '\u0000')).slice(0, -'%00'.length)
  const devLink = (id: string, inner: string) => `${m.aOpen}${pages}${encodeURIComponent(id)}${m.aClose}${inner}${m.aEnd}`
  const storyLink = (id: string, file: string, inner: string) =>
    `${m.aOpen}${stories}${encodeURIComponent(id)}${file}${m.aClose}${inner}${m.aEnd}`

  // A time known only to the day (midnight UTC) shows as a date: "00:00 UTC" would claim a precision nobody has.
  const time = (iso: string) => {
    const { machine, human } = timeText(iso)
    return `${m.timeOpen}${t(machine)}${m.timeClose}${t(human)}${m.timeEnd}`
  }

  const row = (ref: DevelopmentRef): string => {
    const known = rows.get(ref.id)
    if (known && known.ref.published === ref.published && known.ref.title === ref.title) return known.html
    const html = `${m.li}${time(ref.published)}: ${devLink(ref.id, t(ref.title))}${m.liEnd}`
    rows.set(ref.id, { ref, html })
    return html
  }

  /**
   * The story so far: the development's earlier developments in the view (its nearest ones,
   * oldest first), each linked to its page. Only earlier ones: an entry then stays as it was
   * when later developments arrive (they are entries of their own), and each entry leads back
   * through the story. The rest of a long story is one click away ("The whole story", below).
   */
  const earlier = (dev: FeedEntry): string => {
    const before = storySoFar(dev).slice(0, -1)
    if (before.length === 0) return ''
    let html = `${m.h3}Earlier in this story${m.h3End}${m.ol}`
    for (const r of before) html += row(r.ref)
    return `${html}${m.olEnd}`
  }

  return (dev, lines) =>
    `${m.div}${m.p}${t(dev.summary)}${m.pEnd}${outletSection(dev, section, lines)}${earlier(dev)}${m.p}` +
    `${devLink(dev.id, 'All coverage of this development')} · ` +
    `${storyLink(dev.storyId, '', 'The whole story')} · ` +
    `${storyLink(dev.storyId, '/feed.xml', 'Follow this story (feed)')}${m.pEnd}${m.divEnd}`
}

/**
 * The entry HTML of one development, every text escaped; in the `json` form, escaped once more
 * to be put between the quotes of a JSON string. For many entries of one document, use
 * {@link entryRenderer}.
 *
 * @example
 * entryHtml(meta, dev) // → '<div><p>The US is pushing Iran …</p><h3>Covered by 3 outlets</h3>…</div>'
 * entryHtml(meta, dev, 'json') // → '<div><p>The US is pushing Iran …</p>…<a href=\\"https://…'
 */
export function entryHtml(meta: FeedMeta, dev: FeedEntry, form: EntryForm = 'html'): string {
  return entryRenderer(meta, form)(dev)
}
