/**
 * Atom 1.0 (RFC 4287), written as a template: one `<entry>` per development, its page as
 * `rel="alternate"` and each covering outlet as a `rel="related"` link.
 */
import { authorNames, coverageLines, type CoverageLine } from './coverage'
import { entryHtml } from './content'
import { entryLang } from './lang'
import { DEFAULT_SITE_NAME, type FeedEntry, type FeedMeta } from './meta'
import { cleanText, developmentUrl, entryId, escapeXml, xmlAttr } from './text'

const link = (rel: string, type: string | null, href: string) =>
  `<link rel="${rel}"${type ? ` type="${type}"` : ''} href="${xmlAttr(href)}"/>`

/** Each covering outlet's URL once, as a `rel="related"` link titled with its headline. */
function relatedLinks(lines: readonly CoverageLine[]): string {
  const seen = new Set<string>()
  let out = ''
  for (const l of lines) {
    if (!l.url || seen.has(l.url)) continue
    seen.add(l.url)
    out += `\n        <link rel="related" type="text/html" href="${xmlAttr(l.url)}" title="${xmlAttr(`${l.outlet}: ${cleanText(l.coverage.title)}`)}"/>`
  }
  return out
}

function entry(meta: FeedMeta, dev: FeedEntry): string {
  const lines = coverageLines(dev)
  // One author per outlet (RFC 4287 §4.2.1).
  const authors = authorNames(dev.outlets.map((o) => o.outlet))
    .map((name) => `\n        <author>\n            <name>${escapeXml(name)}</name>\n        </author>`)
    .join('')
  const summary = escapeXml(dev.summary)
  // An entry in another language than the feed's says so (RFC 4287 §2: xml:lang on any element).
  const lang = entryLang(dev.lang, meta.lang)
  return (
    `\n    <entry${lang ? ` xml:lang="${xmlAttr(lang)}"` : ''}>\n        <title type="text">${escapeXml(dev.title)}</title>\n        <id>${escapeXml(entryId(meta, dev.id))}</id>` +
    `\n        ${link('alternate', 'text/html', developmentUrl(meta.siteUrl, dev.id))}` +
    `\n        <updated>${new Date(dev.updated).toISOString()}</updated>` +
    (summary ? `\n        <summary type="html">${escapeXml(summary)}</summary>` : '') +
    `\n        <content type="html"><![CDATA[${entryHtml(meta, dev, lines)}]]></content>${authors}` +
    `\n        <published>${new Date(dev.published).toISOString()}</published>${relatedLinks(lines)}\n    </entry>`
  )
}

/**
 * An Atom 1.0 document: feed `id`, `updated` (the data's last change, never the clock),
 * `author`, self/alternate and RFC 5005 `next`/`previous` links; per entry `published` = first
 * report, `updated` = last real change. Titles are plain text (`type="text"`); the entry body is
 * HTML in a CDATA section (it never holds `]]>`).
 *
 * @example
 * renderAtom(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=…'
 */
export function renderAtom(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  let out =
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(meta.lang)}">` +
    `\n    <id>${escapeXml(meta.id)}</id>\n    <title type="text">${escapeXml(meta.title)}</title>` +
    `\n    <updated>${new Date(meta.updated).toISOString()}</updated>\n    <generator>${escapeXml(meta.generator)}</generator>` +
    `\n    <author>\n        <name>${escapeXml(meta.siteName ?? DEFAULT_SITE_NAME)}</name>\n        <uri>${escapeXml(meta.siteUrl)}/</uri>\n    </author>` +
    `\n    ${link('alternate', null, meta.links.html)}\n    ${link('self', null, meta.selfUrl)}`
  if (meta.nextUrl) out += `\n    ${link('next', 'application/atom+xml', meta.nextUrl)}`
  if (meta.prevUrl) out += `\n    ${link('previous', 'application/atom+xml', meta.prevUrl)}`
  if (meta.description) out += `\n    <subtitle type="text">${escapeXml(meta.description)}</subtitle>`
  for (const dev of devs) out += entry(meta, dev)
  return `${out}\n</feed>\n`
}
