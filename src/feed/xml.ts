/**
 * RSS and Atom with the npm `feed` package. `feed` writes each document's head (declaration, root,
 * channel/feed fields, author, self link) from {@link feedHead}, and {@link xmlRewriter} finishes
 * it with plain string operations; rss.ts and atom.ts write the items from {@link itemFields} in
 * exactly the form `feed` writes them, a test holding the two to the same bytes (see
 * src/feed/README.md for each trap of `feed` 6.0.0 and where it is handled).
 *
 * No XML re-parse: `feed` serialises with xml-js, whose quirks are exact and known — (a) text is
 * written as escape(text with each "&amp;" turned into "&"), (b) CDATA content is written as is
 * (splitting only the first `]]>`), (c) attributes get only `"` escaped — so we pass text
 * pre-doubled ({@link jsText}) and write our own few additions (paging links, `xml:lang`,
 * `type="text"`) into the output at anchors that can occur only once, because every text in the
 * document is escaped. Pure JS: runs the same in Node and workerd.
 */
import { Feed } from 'feed'
import { entryRenderer } from './content'
import type { CoverageLine } from './coverage'
import { DEFAULT_SITE_NAME, type FeedMeta } from './meta'
import { unstoredLines, type FeedEntry } from './sections'
import { cleanText, developmentUrl, entryId, escapeText, escapeXml, xmlAttr } from './text'

/** The two documents `feed` writes for us. */
export type XmlFormat = 'rss' | 'atom'

/**
 * Text in the form xml-js's js2xml must be given to write exactly the escaped
 * `cleanText(text)`: js2xml turns each "&amp;" into "&" before escaping, so each is doubled first.
 *
 * @example
 * jsText('AT&amp;T & co') // → 'AT&amp;amp;T & co' (js2xml writes 'AT&amp;amp;T &amp; co')
 */
export function jsText(text: string): string {
  return cleanText(text).replaceAll('&amp;', '&amp;amp;')
}

/**
 * A `feed` instance for the head of one document: the feed-level fields from `meta`, no items
 * (the renderers write those, see rss.ts/atom.ts), each value in the form `feed` + xml-js write
 * correctly for `format` (they differ: Atom runs the generator through its own `&` → `&amp;`,
 * RSS does not). `updated` is the data's (without it `feed` stamps "now").
 *
 * @example
 * finish(feedHead({ ...meta, selfUrl: meta.links.atom }, 'atom').atom1(), edits) // '<?xml …?>\n<feed xmlns=…'
 */
export function feedHead(meta: FeedMeta, format: XmlFormat): Feed {
  return new Feed({
    id: jsText(meta.id),
    title: jsText(meta.title),
    description: jsText(meta.description || meta.title),
    link: meta.links.html,
    feed: meta.selfUrl,
    language: jsText(meta.lang),
    updated: new Date(meta.updated),
    generator: format === 'atom' ? cleanText(meta.generator) : jsText(meta.generator),
    docs: 'https://www.rssboard.org/rss-specification',
    author: { name: jsText(meta.siteName ?? DEFAULT_SITE_NAME), link: meta.siteUrl },
  })
}

/** Each CR as `&#13;` (a raw CR would reach a reader as LF). */
export function crs(text: string): string {
  return text.includes('\r') ? text.replaceAll('\r', '&#13;') : text
}

/**
 * The item fields `feed` writes from a development, in the exact form its serialiser (xml-js)
 * puts them into the document, plus the entry body: what rss.ts and atom.ts write each item from.
 * The writers are held to `feed`'s own output for the same items byte for byte by
 * test/node/feed-items.test.ts (see src/feed/README.md).
 */
export interface ItemFields {
  /** `escapeXml(title)`, or a space for an empty one (`feed` would drop the element). */
  title: string
  /** The development page, as `feed`'s `new URL()` returns it (each writer escapes it for where it goes). */
  href: string
  /** The permanent entry id (`entryId`), cleaned. */
  id: string
  /** The summary as HTML escaped as XML text; '' when empty (then `feed` writes no element). */
  summary: string
  /** The entry body (content.ts), HTML, for a CDATA section (it never holds `]]>`). */
  body: string
  /**
   * The covering outlets as the body shows them, when the entry has no stored outlet sections
   * (then they were rendered from these, which Atom's related links can use too); else undefined.
   */
  lines: readonly CoverageLine[] | undefined
}

/**
 * A writer of {@link ItemFields} for one document.
 *
 * @example
 * const fields = itemFields(meta)
 * devs.map((d) => fields(d).href) // ['https://storyfold.example/developments/d_1', …]
 */
export function itemFields(meta: FeedMeta): (dev: FeedEntry) => ItemFields {
  const body = entryRenderer(meta, 'html')
  const page = pageHref(meta.siteUrl)
  return (dev) => {
    const lines = unstoredLines(dev)
    return {
      title: crs(escapeXml(dev.title)) || ' ',
      href: page(dev.id),
      id: cleanText(entryId(meta, dev.id)),
      summary: crs(escapeText(escapeXml(dev.summary))),
      body: body(dev, lines),
      lines,
    }
  }
}

/**
 * The href `new URL()` gives for a development page, as `feed` writes the item link. The site
 * part is parsed once per document: when the parser leaves a page URL of the site unchanged (no
 * query or fragment in the site URL, where the id would land), it leaves every page URL unchanged
 * but `.` and `..` (dot segments), because ids are percent-encoded.
 */
function pageHref(siteUrl: string): (id: string) => string {
  const probe = developmentUrl(siteUrl, 'x')
  if (!/[?#]/.test(probe) && new URL(probe).href === probe) {
    const prefix = probe.slice(0, -1)
    return (id) => (id === '.' || id === '..' ? new URL(developmentUrl(siteUrl, id)).href : prefix + encodeURIComponent(id))
  }
  return (id) => new URL(developmentUrl(siteUrl, id)).href
}

/** A `tag:` URI the URL parser returns unchanged (an opaque path of characters it never encodes). */
const PLAIN_TAG = /^tag:[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/

/**
 * An entry id as `feed` writes Atom's `<id>` (`new URL(id).href`, XML-escaped): storyfold's
 * `tag:` ids skip the parser, which leaves them unchanged.
 *
 * @example
 * atomId('tag:storyfold.example,2024:development:d_1') // → 'tag:storyfold.example,2024:development:d_1'
 */
export function atomId(id: string): string {
  return escapeText(PLAIN_TAG.test(id) ? id : new URL(id).href)
}

const CDATA_OPEN = '<![CDATA['
const CDATA_CLOSE = ']]>'

/** What a {@link xmlRewriter} writes for one anchor, called once per occurrence in document order. */
export type XmlEdits = Readonly<Record<string, () => string>>

/**
 * A one-pass finisher of `feed`'s output: unwraps every CDATA section (its content is XML-escaped
 * text because we hand `feed` escaped text, so it never holds `]]>`), writes each CR as `&#13;` (a
 * raw CR would reach a reader as LF), replaces each of `anchors` with what the edit for it
 * returns, and adds a final newline. No re-parse: CDATA sections are found with `indexOf` and
 * copied as they are; only the markup between them is searched for the anchors.
 *
 * Sound because every text `feed` writes is escaped (no `<`, no `>`) and every attribute value it
 * writes is a URL (`new URL()` percent-encodes `<`, `>` and drops CR) or a constant: so the CDATA
 * markers, a raw CR outside CDATA and the anchors (markup starting with `<`) occur only as
 * `feed`'s own markup. Anchors must be exact markup strings of `feed` 6.0.0's output.
 *
 * @example
 * const finish = xmlRewriter(['<channel>'])
 * finish('<rss><channel><t><![CDATA[a &amp; b]]></t></channel></rss>', { '<channel>': () => '<channel><x/>' })
 * // → '<rss><channel><x/><t>a &amp; b</t></channel></rss>\n'
 */
export function xmlRewriter(anchors: readonly string[]): (doc: string, edits: XmlEdits) => string {
  const pattern = new RegExp(['\r', ...anchors].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  return (doc, edits) => {
    const edit = (m: string): string => {
      if (m === '\r') return '&#13;'
      const fn = edits[m]
      if (!fn) throw new Error(`no edit for ${m}`)
      return fn()
    }
    let out = ''
    let at = 0
    for (;;) {
      const open = doc.indexOf(CDATA_OPEN, at)
      out += doc.slice(at, open < 0 ? doc.length : open).replace(pattern, edit)
      if (open < 0) break
      const start = open + CDATA_OPEN.length
      const close = doc.indexOf(CDATA_CLOSE, start)
      if (close < 0) throw new Error('feed wrote an unterminated CDATA section')
      out += crs(doc.slice(start, close))
      at = close + CDATA_CLOSE.length
    }
    return `${out}\n`
  }
}

/**
 * A self-closing element with escaped attributes, on its own line at `feed`'s indentation
 * (`indent` spaces) — the form our additions take.
 *
 * @example
 * xmlElement('link', { rel: 'next', href: 'https://x/?a=1&b=2' }, 4) // → '\n    <link rel="next" href="https://x/?a=1&amp;b=2"/>'
 */
export function xmlElement(name: string, attributes: Record<string, string>, indent: number): string {
  let out = `\n${' '.repeat(indent)}<${name}`
  for (const [k, v] of Object.entries(attributes)) out += ` ${k}="${xmlAttr(v)}"`
  return `${out}/>`
}
