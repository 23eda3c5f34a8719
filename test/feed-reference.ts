/**
 * The reference for src/feed/rss.ts and src/feed/atom.ts: RSS and Atom as the npm `feed` package
 * writes them when it writes every item itself (`rss2()`/`atom1()` over all entries), finished by
 * the one-pass rewriter storyfold used before its own item writers (commit 0054255). Tests hold
 * the production renderers to these bytes exactly, so `feed` stays the judge of every element,
 * attribute, escape and indentation of an item.
 */
import { Feed } from 'feed'
import type { DevelopmentView } from '../src/schema'
import { entryRenderer } from '../src/feed/content'
import { authorNames, coverageLines, type CoverageLine } from '../src/feed/coverage'
import { DEFAULT_SITE_NAME, type FeedMeta } from '../src/feed/meta'
import { cleanText, developmentUrl, entryId, escapeText, escapeXml, xmlAttr } from '../src/feed/text'
import { jsText, xmlElement } from '../src/feed/xml'


/** The two documents `feed` writes for us. */
export type XmlFormat = 'rss' | 'atom'




/**
 * What a content field holds in the `feed` instance: a marker, not the HTML. xml-js copies a
 * CDATA section's content as is, so the entry bodies (the bulk of the document) need not travel
 * through `feed` and its serialiser at all; {@link xmlRewriter} puts each body in place of its
 * marker. The marker starts with U+0001, which `cleanText` removes from every text of ours, so no
 * other CDATA section can start with it.
 */
export const CONTENT_MARK = '\u0001content:'

/** A `feed` instance and the XML-escaped entry bodies its content markers stand for. */
export interface BuiltFeed {
  feed: Feed
  /** The body of entry i, HTML, for the marker `CONTENT_MARK + i`. */
  contents: string[]
  /** The covering outlets of entry i, as the body shows them (Atom links them too). */
  lines: CoverageLine[][]
}

/**
 * A `feed` instance for one document: feed-level fields from `meta`, one item per development,
 * each value in the form `feed` + xml-js write correctly for `format` (they differ: Atom runs the
 * generator through its own `&` → `&amp;` and the entry id through `new URL()`, RSS does neither).
 * Every date is the data's (`updated` too, or `feed` stamps "now"). The fields `feed` wraps in
 * CDATA (item titles, `description`/`summary`) get XML-escaped text, so {@link xmlRewriter} can
 * unwrap them; `content` gets a marker for the entry body (see {@link CONTENT_MARK}). No item
 * `author`: `feed` would write RSS `<author>` with a bare name.
 *
 * @example
 * const { feed, contents } = buildFeed({ ...meta, selfUrl: meta.links.atom }, devs, 'atom')
 * finish(feed.atom1(), edits, contents) // '<?xml …?>\n<feed xmlns=…'
 */
export function buildFeed(meta: FeedMeta, devs: readonly DevelopmentView[], format: XmlFormat): BuiltFeed {
  const feed = new Feed({
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
  const contents: string[] = []
  const lines: CoverageLine[][] = []
  const body = entryRenderer(meta, 'html')
  for (const dev of devs) {
    const id = entryId(meta, dev.id)
    const authors = authorNames(dev.outlets.map((o) => o.outlet))
    feed.addItem({
      id: format === 'atom' ? cleanText(id) : jsText(id),
      // Plain text, escaped (CDATA, unwrapped later). feed drops an empty title; a space keeps
      // the element (readers trim it).
      title: escapeXml(dev.title) || ' ',
      link: developmentUrl(meta.siteUrl, dev.id),
      date: new Date(dev.updated),
      published: new Date(dev.published),
      // HTML (the summary escaped once as HTML), escaped once more as XML text.
      description: escapeText(escapeXml(dev.summary)),
      content: `${CONTENT_MARK}${contents.length}`,
      // The outlets as authors: RSS one `dc:creator` (written as `<author>`, renamed in referenceRss), Atom one `<author>` each.
      ...(authors.length ? { author: format === 'rss' ? [{ name: jsText(authors.join(', ')) }] : authors.map((name) => ({ name: jsText(name) })) } : {}),
    })
    // The entry HTML (content.ts), put where `feed` writes the content's CDATA section.
    const outlets = coverageLines(dev)
    lines.push(outlets)
    contents.push(body(dev, outlets))
  }
  return { feed, contents, lines }
}

const CDATA_OPEN = '<![CDATA['
const CDATA_CLOSE = ']]>'

/** What a {@link xmlRewriter} writes for one anchor, called once per occurrence in document order. */
export type XmlEdits = Readonly<Record<string, () => string>>

/**
 * A one-pass finisher of `feed`'s output: unwraps every CDATA section (its content is XML-escaped
 * text because {@link buildFeed} escaped it, so it never holds `]]>`) but the content markers',
 * where it writes the entry body from `contents` in a CDATA section, as `feed` writes `content`,
 * writes each other CR as `&#13;` (a raw CR would
 * reach a reader as LF), replaces each of `anchors` with what the edit for it returns, and adds a
 * final newline. No re-parse and no copy per edit: CDATA sections are found with `indexOf` and
 * copied as they are; only the markup between them (a few hundred characters per item) is
 * searched for the anchors.
 *
 * Sound because every text `feed` writes is escaped (no `<`, no `>`) and every attribute value it
 * writes is a URL (`new URL()` percent-encodes `<`, `>` and drops CR) or a constant: so the CDATA
 * markers, a raw CR outside CDATA and the anchors (markup starting with `<`) occur only as
 * `feed`'s own markup. Anchors must be exact markup strings of `feed` 6.0.0's output.
 *
 * @example
 * const finishRss = xmlRewriter(['<channel>'])
 * finish('<rss><channel><t><![CDATA[a &amp; b]]></t></channel></rss>', { '<channel>': () => '<channel><x/>' })
 * // → '<rss><channel><x/><t>a &amp; b</t></channel></rss>\n'
 */
export function xmlRewriter(anchors: readonly string[]): (doc: string, edits: XmlEdits, contents?: readonly string[]) => string {
  const pattern = new RegExp(['\r', ...anchors].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  return (doc, edits, contents = []) => {
    const edit = (m: string): string => {
      if (m === '\r') return '&#13;'
      const fn = edits[m]
      if (!fn) throw new Error(`no edit for ${m}`)
      return fn()
    }
    const crs = (text: string) => (text.includes('\r') ? text.replaceAll('\r', '&#13;') : text)
    let out = ''
    let at = 0
    for (;;) {
      const open = doc.indexOf(CDATA_OPEN, at)
      out += doc.slice(at, open < 0 ? doc.length : open).replace(pattern, edit)
      if (open < 0) break
      const start = open + CDATA_OPEN.length
      const close = doc.indexOf(CDATA_CLOSE, start)
      if (close < 0) throw new Error('feed wrote an unterminated CDATA section')
      if (doc.startsWith(CONTENT_MARK, start)) {
        const body = contents[Number(doc.slice(start + CONTENT_MARK.length, close))]
        if (body === undefined) throw new Error(`no entry body for ${doc.slice(start + 1, close)}`)
        // The entry HTML, in the CDATA section `feed` writes for `content` (HTML never holds `]]>`).
        out += `${CDATA_OPEN}${body}${CDATA_CLOSE}`
      } else {
        out += crs(doc.slice(start, close))
      }
      at = close + CDATA_CLOSE.length
    }
    return `${out}\n`
  }
}

const finishRss = xmlRewriter(['<channel>', '<author>', '</author>'])



/**
 * An RSS 2.0 document: one `<item>` per development, `guid` = the permanent entry id
 * (`isPermaLink="false"`), `pubDate` = first report, `lastBuildDate` = the data's last change,
 * self and RFC 5005 `next`/`previous` links as `atom:link`; the outlets as `dc:creator` (RSS's
 * `<author>` wants an email address). Titles are plain text; no CDATA.
 *
 * @example
 * const body = renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function referenceRss(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('atom:link', { rel: 'next', type: 'application/rss+xml', href: meta.nextUrl }, 8)
  if (meta.prevUrl) paging += xmlElement('atom:link', { rel: 'previous', type: 'application/rss+xml', href: meta.prevUrl }, 8)
  const { feed, contents } = buildFeed(meta, devs, 'rss')
  return finishRss(feed.rss2(), {
    // RFC 5005 paging links (feed knows only self), first in the channel: `<channel>` occurs once, as text is escaped.
    '<channel>': () => `<channel>${paging}`,
    // An item's outlets: `dc:creator` (RSS's own `<author>` wants an email address); the channel has no `<author>`.
    '<author>': () => '<dc:creator>',
    '</author>': () => '</dc:creator>',
  }, contents)
}



/** The root start tag `feed` 6.0.0 writes (none of its attributes comes from our data). */
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">'

const finishAtom = xmlRewriter([FEED_START, '<title>', '<subtitle>', '<title type="html">', '<link href="', '</entry>'])

/** Each covering outlet once, as `rel="related"` links titled with its headline, at entry indentation. */
function relatedLinks(lines: readonly CoverageLine[]): string {
  let seen: Set<string> | null = null
  let out = ''
  for (const l of lines) {
    if (!l.url) continue
    seen ??= new Set()
    if (seen.has(l.url)) continue
    seen.add(l.url)
    // As xmlElement writes it, without its generic attribute loop (this runs for every outlet of every entry).
    out += `\n        <link rel="related" type="text/html" href="${xmlAttr(l.url)}" title="${xmlAttr(`${l.outlet}: ${cleanText(l.coverage.title)}`)}"/>`
  }
  // Goes before `</entry>`, which feed writes after a newline and 4 spaces: keep the lines aligned.
  return out ? `${out.slice(5)}\n    ` : ''
}

/**
 * An Atom 1.0 document: feed `id`, `updated` (the data's last change), `author`, self/alternate
 * and RFC 5005 `next`/`previous` links; one `<entry>` per development with `published` = first
 * report, `updated` = last real change, its page as `rel="alternate"` and each covering outlet as
 * a `rel="related"` link. Titles are plain text (`type="text"`); no CDATA.
 *
 * @example
 * const body = renderAtom(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=…'
 */
export function referenceAtom(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('link', { rel: 'next', type: 'application/atom+xml', href: meta.nextUrl }, 4)
  if (meta.prevUrl) paging += xmlElement('link', { rel: 'previous', type: 'application/atom+xml', href: meta.prevUrl }, 4)
  let entry = 0
  const { feed, contents, lines } = buildFeed(meta, devs, 'atom')
  const doc = finishAtom(feed.atom1(), {
    // xml:lang (feed has no option for it) and RFC 5005 paging links (feed knows only self, alternate, hub): on/after the root start tag, which occurs once.
    [FEED_START]: () => `${FEED_START.slice(0, -1)} xml:lang="${xmlAttr(meta.lang)}">${paging}`,
    // Feed title and subtitle as plain text: feed writes them untyped, and they are the only attribute-less `<title>`/`<subtitle>`.
    '<title>': () => '<title type="text">',
    '<subtitle>': () => '<subtitle type="text">',
    // Entry titles: feed says type="html", but we handed it escaped plain text; type="text" reads back exactly in every reader.
    '<title type="html">': () => '<title type="text">',
    // Entry page link: feed writes it rel-less; its feed-level links all start with `<link rel=`.
    '<link href="': () => '<link rel="alternate" type="text/html" href="',
    // Per-outlet related links before each `</entry>`: entries come out in input order; `</entry>` cannot occur in escaped text.
    '</entry>': () => `${relatedLinks(lines[entry++]!)}</entry>`,
  }, contents)
  if (entry !== devs.length) throw new Error(`feed wrote ${entry} entries for ${devs.length} developments`)
  return doc
}
