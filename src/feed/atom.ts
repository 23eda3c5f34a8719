/**
 * Atom 1.0: the head (declaration, feed fields, author, links) written by `feed`'s `atom1()` and
 * finished in one pass (CDATA unwrapped; `xml:lang`, `type="text"` titles and paging links
 * inserted, none of which `feed` can express); the entries written here, in exactly the form
 * `atom1()` writes them plus the links `feed` cannot express (`rel="alternate"` on the page link,
 * one `rel="related"` per outlet), held to that byte for byte by test/node/feed-items.test.ts.
 * See src/feed/README.md.
 */
import { entryLang } from './lang'
import type { FeedMeta } from './meta'
import { entryAuthors, outletSection, type FeedEntry } from './sections'
import { charEscaper, cleanText, escapeText, xmlAttr } from './text'
import { atomId, crs, feedHead, itemFields, xmlElement, xmlRewriter } from './xml'

/** The root start tag `feed` 6.0.0 writes (none of its attributes comes from our data). */
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">'
/** Where `feed` ends the document: entries go before it, after the feed's own fields. */
const FEED_END = '\n</feed>'

const finish = xmlRewriter([FEED_START, '<title>', '<subtitle>'])

/** A URL as xml-js writes `feed`'s attribute: `&` escaped by `feed`, `"` by xml-js (a URL has no `<`, `>`). */
const attrOfUrl = charEscaper({ 38: '&amp;', 34: '&quot;' })

/** An entry's `<author>` elements: one per outlet (RFC 4287 §4.2.1). */
function authors(dev: FeedEntry): string {
  let out = ''
  for (const name of entryAuthors(dev)) out += `\n        <author>\n            <name>${crs(escapeText(cleanText(name)))}</name>\n        </author>`
  return out
}

/**
 * An Atom 1.0 document: feed `id`, `updated` (the data's last change), `author`, self/alternate
 * and RFC 5005 `next`/`previous` links; one `<entry>` per development with `published` = first
 * report, `updated` = last real change, its page as `rel="alternate"` and each covering outlet as
 * a `rel="related"` link (the entry's `atom` outlet section). Titles are plain text
 * (`type="text"`); the entry body is HTML in a CDATA section, as `feed` writes `content`.
 *
 * @example
 * const body = renderAtom(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=…'
 */
export function renderAtom(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  return atomParts(meta, devs).join('')
}

/** {@link renderAtom} as the pieces of the document, in order (the head, one per entry, the end); see `rssParts`. */
export function atomParts(meta: FeedMeta, devs: readonly FeedEntry[]): string[] {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('link', { rel: 'next', type: 'application/atom+xml', href: meta.nextUrl }, 4)
  if (meta.prevUrl) paging += xmlElement('link', { rel: 'previous', type: 'application/atom+xml', href: meta.prevUrl }, 4)
  const head = finish(feedHead(meta, 'atom').atom1(), {
    // xml:lang (feed has no option for it) and RFC 5005 paging links (feed knows only self, alternate, hub): on/after the root start tag, which occurs once.
    [FEED_START]: () => `${FEED_START.slice(0, -1)} xml:lang="${xmlAttr(meta.lang)}">${paging}`,
    // Feed title and subtitle as plain text: feed writes them untyped, and they are the only `<title>`/`<subtitle>` of the head.
    '<title>': () => '<title type="text">',
    '<subtitle>': () => '<subtitle type="text">',
  })
  const end = head.lastIndexOf(FEED_END)
  if (end < 0) throw new Error('feed wrote no feed end')
  const fields = itemFields(meta)
  const parts = [head.slice(0, end)]
  for (const dev of devs) {
    const f = fields(dev)
    // An entry in another language than the feed's says so (RFC 4287 §2: xml:lang on any element).
    const lang = entryLang(dev.lang, meta.lang)
    // Titles: escaped plain text, so type="text" (feed says type="html"); the page link gets the
    // rel="alternate" feed leaves out; related links go last.
    parts.push(
      `\n    <entry${lang ? ` xml:lang="${xmlAttr(lang)}"` : ''}>\n        <title type="text">${f.title}</title>\n        <id>${atomId(f.id)}</id>` +
      `\n        <link rel="alternate" type="text/html" href="${attrOfUrl(f.href)}"/>\n        <updated>${new Date(dev.updated).toISOString()}</updated>` +
      (f.summary ? `\n        <summary type="html">${f.summary}</summary>` : '') +
      `\n        <content type="html"><![CDATA[${f.body}]]></content>${authors(dev)}\n        <published>${new Date(dev.published).toISOString()}</published>` +
      `${outletSection(dev, 'atom', f.lines)}\n    </entry>`,
    )
  }
  parts.push(head.slice(end))
  return parts
}
