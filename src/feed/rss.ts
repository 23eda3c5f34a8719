/**
 * RSS 2.0, built with our own escaping writer rather than `feed`'s `rss2()` (whose traps in 6.0.0:
 * a name-only `<author>`, a `lastBuildDate` of "now" unless told, invalid XML characters passed
 * through, `&amp;` in URLs double-escaped, no paging links).
 */
import type { DevelopmentView } from '../schema'
import { entryHtml } from './content'
import type { FeedMeta } from './meta'
import { cleanText, developmentUrl, entryId, escapeXml, rfc822 } from './text'
import { el, xml, type XmlElement } from './xml'

const ATOM_NS = 'http://www.w3.org/2005/Atom'
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/'

function item(meta: FeedMeta, dev: DevelopmentView): XmlElement {
  return el(
    'item',
    {},
    el('title', {}, cleanText(dev.title)),
    el('link', {}, developmentUrl(meta.siteUrl, dev.id)),
    el('guid', { isPermaLink: 'false' }, entryId(meta, dev.id)),
    el('pubDate', {}, rfc822(dev.published)),
    // description is HTML in RSS: the plain summary is HTML-escaped, then XML-escaped by the writer.
    el('description', {}, escapeXml(dev.summary)),
    el('content:encoded', {}, entryHtml(meta, dev)),
  )
}

/**
 * An RSS 2.0 document: one `<item>` per development, `guid` = the permanent entry id,
 * `pubDate` = first report, self and RFC 5005 `next`/`previous` links as `atom:link`.
 * No `<author>` (RSS wants an email address there; outlets are in the content).
 *
 * @example
 * const body = renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderRss(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  const channel = el(
    'channel',
    {},
    el('title', {}, cleanText(meta.title)),
    el('link', {}, meta.links.html),
    el('description', {}, cleanText(meta.description || meta.title)),
    el('language', {}, meta.lang),
    el('lastBuildDate', {}, rfc822(meta.updated)),
    el('generator', {}, cleanText(meta.generator)),
    el('docs', {}, 'https://www.rssboard.org/rss-specification'),
    el('atom:link', { rel: 'self', type: 'application/rss+xml', href: meta.selfUrl }),
    meta.nextUrl ? el('atom:link', { rel: 'next', type: 'application/rss+xml', href: meta.nextUrl }) : null,
    meta.prevUrl ? el('atom:link', { rel: 'previous', type: 'application/rss+xml', href: meta.prevUrl }) : null,
    devs.map((d) => item(meta, d)),
  )
  return xml(el('rss', { version: '2.0', 'xmlns:atom': ATOM_NS, 'xmlns:content': CONTENT_NS }, channel))
}
