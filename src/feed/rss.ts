/**
 * RSS 2.0: the head (declaration, channel fields, self link) written by `feed`'s `rss2()` and
 * finished in one pass (CDATA unwrapped, paging links `feed` cannot express inserted); the items
 * written here, in exactly the form `rss2()` writes them (held to it byte for byte by
 * test/node/feed-items.test.ts). See src/feed/README.md.
 */
import { entryLang } from './lang'
import type { FeedMeta } from './meta'
import { entryAuthors, type FeedEntry } from './sections'
import { cleanText, escapeText } from './text'
import { crs, feedHead, itemFields, xmlElement, xmlRewriter } from './xml'

const RSS_START = '<rss version="2.0"'
/** The namespaces `feed` declares once an item has content (ours always do). */
const CONTENT_NAMESPACES = ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
/** Where `feed` ends the channel: items go before it, after the channel's own fields. */
const CHANNEL_END = '\n    </channel>'

const finish = xmlRewriter([RSS_START, '<channel>'])

/** An item's `dc:creator`: its outlets, comma-separated ('' for none). RSS's `<author>` wants an email address. */
function creator(dev: FeedEntry): string {
  const names = entryAuthors(dev)
  return names.length ? `\n            <dc:creator>${crs(escapeText(cleanText(names.join(', '))))}</dc:creator>` : ''
}

/**
 * An item's `dc:language` when it is in another language than the channel's (RSS 2.0 has only the
 * channel's `language`; Dublin Core's element, in the namespace the items already declare, is
 * what readers take per item), else ''.
 */
function language(dev: FeedEntry, meta: FeedMeta): string {
  const lang = entryLang(dev.lang, meta.lang)
  return lang ? `\n            <dc:language>${escapeText(cleanText(lang))}</dc:language>` : ''
}

/**
 * An RSS 2.0 document: one `<item>` per development, `guid` = the permanent entry id
 * (`isPermaLink="false"`), `pubDate` = first report, `lastBuildDate` = the data's last change,
 * self and RFC 5005 `next`/`previous` links as `atom:link`, the outlets as `dc:creator` (RSS's
 * `<author>` wants an email address). Titles and descriptions are escaped plain
 * text; the entry body is HTML in a CDATA section, as `feed` writes `content:encoded`.
 *
 * @example
 * const body = renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderRss(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  return rssParts(meta, devs).join('')
}

/**
 * {@link renderRss} as the pieces of the document, in order (the head, one per item, the end):
 * for a server that encodes them one by one (src/http/utf8.ts) instead of first joining them
 * into one long string.
 */
export function rssParts(meta: FeedMeta, devs: readonly FeedEntry[]): string[] {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('atom:link', { rel: 'next', type: 'application/rss+xml', href: meta.nextUrl }, 8)
  if (meta.prevUrl) paging += xmlElement('atom:link', { rel: 'previous', type: 'application/rss+xml', href: meta.prevUrl }, 8)
  const head = finish(feedHead(meta, 'rss').rss2(), {
    [RSS_START]: () => (devs.length > 0 ? RSS_START + CONTENT_NAMESPACES : RSS_START),
    // RFC 5005 paging links (feed knows only self), first in the channel: `<channel>` occurs once, as text is escaped.
    '<channel>': () => `<channel>${paging}`,
  })
  const end = head.lastIndexOf(CHANNEL_END)
  if (end < 0) throw new Error('feed wrote no channel end')
  const fields = itemFields(meta)
  const parts = [head.slice(0, end)]
  for (const dev of devs) {
    const f = fields(dev)
    parts.push(
      `\n        <item>\n            <title>${f.title}</title>\n            <link>${escapeText(f.href)}</link>` +
      `\n            <guid isPermaLink="false">${crs(escapeText(f.id))}</guid>\n            <pubDate>${new Date(dev.published).toUTCString()}</pubDate>` +
      (f.summary ? `\n            <description>${f.summary}</description>` : '') +
      `\n            <content:encoded><![CDATA[${f.body}]]></content:encoded>${creator(dev)}${language(dev, meta)}\n        </item>`,
    )
  }
  parts.push(head.slice(end))
  return parts
}
