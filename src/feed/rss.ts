/**
 * RSS 2.0, written as a template: one `<item>` per development. The item fields are the ones npm
 * `feed` wrote for earlier releases (guid, title and link are what readers key on, so they stay).
 */
import { authorNames } from './coverage'
import { entryHtml } from './content'
import { entryLang } from './lang'
import type { FeedEntry, FeedMeta } from './meta'
import { developmentUrl, entryId, escapeXml, xmlAttr } from './text'

/** An `atom:link` of the channel (self and RFC 5005 paging: RSS has no links of its own kind). */
const atomLink = (rel: string, href: string) => `\n        <atom:link rel="${rel}" type="application/rss+xml" href="${xmlAttr(href)}"/>`

function item(meta: FeedMeta, dev: FeedEntry): string {
  // RSS's <author> wants an email address: the outlets go in dc:creator.
  const creators = authorNames(dev.outlets.map((o) => o.outlet))
  const summary = escapeXml(dev.summary)
  const lang = entryLang(dev.lang, meta.lang)
  return (
    `\n        <item>\n            <title>${escapeXml(dev.title)}</title>` +
    `\n            <link>${escapeXml(developmentUrl(meta.siteUrl, dev.id))}</link>` +
    `\n            <guid isPermaLink="false">${escapeXml(entryId(meta, dev.id))}</guid>` +
    `\n            <pubDate>${new Date(dev.published).toUTCString()}</pubDate>` +
    // The description is HTML (as RSS readers take it), escaped as text.
    (summary ? `\n            <description>${escapeXml(summary)}</description>` : '') +
    `\n            <content:encoded><![CDATA[${entryHtml(meta, dev)}]]></content:encoded>` +
    (creators.length ? `\n            <dc:creator>${escapeXml(creators.join(', '))}</dc:creator>` : '') +
    // RSS 2.0 has only the channel's language; Dublin Core's element is what readers take per item.
    (lang ? `\n            <dc:language>${escapeXml(lang)}</dc:language>` : '') +
    '\n        </item>'
  )
}

/**
 * An RSS 2.0 document: `guid` = the permanent entry id (`isPermaLink="false"`), `pubDate` = first
 * report, `lastBuildDate` = the data's last change (`meta.updated`, never the clock), self and
 * RFC 5005 `next`/`previous` links as `atom:link`, the outlets as `dc:creator`. Titles and
 * descriptions are escaped text; the entry body is HTML in a CDATA section (it never holds `]]>`).
 *
 * @example
 * renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderRss(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  let out =
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">\n    <channel>' +
    `\n        <title>${escapeXml(meta.title)}</title>\n        <link>${escapeXml(meta.links.html)}</link>` +
    `\n        <description>${escapeXml(meta.description || meta.title)}</description>` +
    `\n        <lastBuildDate>${new Date(meta.updated).toUTCString()}</lastBuildDate>` +
    '\n        <docs>https://www.rssboard.org/rss-specification</docs>' +
    `\n        <generator>${escapeXml(meta.generator)}</generator>\n        <language>${escapeXml(meta.lang)}</language>` +
    atomLink('self', meta.selfUrl)
  if (meta.nextUrl) out += atomLink('next', meta.nextUrl)
  if (meta.prevUrl) out += atomLink('previous', meta.prevUrl)
  for (const dev of devs) out += item(meta, dev)
  return `${out}\n    </channel>\n</rss>\n`
}
