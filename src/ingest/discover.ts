/**
 * Reading what people hand us as sources, besides feeds: a web page that names its feed in
 * `<link rel="alternate">` (feed autodiscovery, as browsers and feed readers do it), and an OPML
 * subscription list. Both are read by htmlparser2's `Tokenizer` (one pass, WHATWG-style), not by
 * its `Parser`, whose open-element stack makes deeply nested or unclosed tags quadratic (see
 * html.ts): we need each start tag and its attributes, never a tree, so the work is linear in
 * the input.
 */
import { Tokenizer } from 'htmlparser2'

/**
 * Calls `visit` with each start tag's name (lower-cased) and attributes (names lower-cased,
 * values with character references decoded), in document order. `xmlMode` reads XML (OPML);
 * otherwise HTML. Linear in `doc.length`.
 */
function startTags(doc: string, xmlMode: boolean, visit: (name: string, attrs: Map<string, string>) => void): void {
  let name = ''
  let attrs = new Map<string, string>()
  let attrName = ''
  let attrValue: string[] = []
  const nop = () => {}
  const emit = () => {
    visit(name, attrs)
    attrs = new Map()
  }
  const tokenizer = new Tokenizer(
    { xmlMode, decodeEntities: true },
    {
      onopentagname: (start, end) => {
        name = doc.slice(start, end).toLowerCase()
        attrs = new Map()
      },
      onattribname: (start, end) => {
        attrName = doc.slice(start, end).toLowerCase()
        attrValue = []
      },
      onattribdata: (start, end) => void attrValue.push(doc.slice(start, end)),
      onattribentity: (cp) => void attrValue.push(String.fromCodePoint(cp)),
      onattribend: () => {
        // The first of a repeated attribute wins, as in HTML.
        if (!attrs.has(attrName)) attrs.set(attrName, attrValue.join(''))
      },
      onopentagend: emit,
      onselfclosingtag: emit,
      onclosetag: nop,
      ontext: nop,
      ontextentity: nop,
      oncomment: nop,
      oncdata: nop,
      ondeclaration: nop,
      onprocessinginstruction: nop,
      onend: nop,
    },
  )
  tokenizer.write(doc)
  tokenizer.end()
}

/** The `type`s of `<link rel="alternate">` that name a feed (RSS, Atom, JSON Feed). */
const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json+feed'])

/**
 * The feeds a web page names for itself: the `href` of every `<link rel="alternate">` whose `type`
 * is RSS, Atom or JSON Feed, resolved against the page's `<base href>` (when it comes first) or
 * `pageUrl` (the URL the page came from, after redirects), in document order, each once; only
 * http(s) URLs. Empty when the page names none. Never throws. The rule is the de-facto
 * autodiscovery convention (RSS Advisory Board, "RSS Autodiscovery", 2006; WHATWG HTML
 * "alternate" link type with a feed type).
 *
 * @example
 * feedLinks('<link rel="alternate" type="application/rss+xml" href="/rss">', 'https://example.org/news/')
 * // → ['https://example.org/rss']
 */
export function feedLinks(html: string, pageUrl: string): string[] {
  let base = pageUrl
  let sawLink = false
  const found: string[] = []
  startTags(html, false, (name, attrs) => {
    if (name === 'base' && !sawLink) {
      const href = attrs.get('href')
      if (href) {
        try {
          base = new URL(href, pageUrl).toString()
        } catch {
          // an unusable <base> is ignored, as browsers do
        }
      }
      return
    }
    if (name !== 'link') return
    sawLink = true
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/[\t\n\f\r ]+/)
    const type = (attrs.get('type') ?? '').split(';')[0]!.trim().toLowerCase()
    const href = (attrs.get('href') ?? '').trim()
    if (!rel.includes('alternate') || !FEED_TYPES.has(type) || href === '') return
    try {
      const u = new URL(href, base)
      if ((u.protocol === 'http:' || u.protocol === 'https:') && !found.includes(u.toString())) found.push(u.toString())
    } catch {
      // not a URL: not a feed we can use
    }
  })
  return found
}

/** True when a body reads as an HTML page (by its Content-Type, or by how it starts). */
export function looksLikeHtml(body: string, contentType: string | null): boolean {
  if (/^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '')) return true
  return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head)\b/i.test(body.replace(/^\uFEFF/, ''))
}

/** One subscription of an OPML file: the outline's `xmlUrl`, and its `htmlUrl` and name when given. */
export interface OpmlOutline {
  xmlUrl: string
  htmlUrl: string | null
  /** The outline's `title`, else its `text`; null when it has neither. */
  title: string | null
}

export interface OpmlList {
  /** The name of the document's first element (`opml` for an OPML file), or null when there is none. */
  root: string | null
  /** The outlines with an `xmlUrl`, nested ones too, in document order, at most `max` of them. */
  outlines: OpmlOutline[]
  /** How many outlines with an `xmlUrl` were left out past `max`. */
  over: number
}

/**
 * The subscriptions of an OPML document (OPML 2.0, "subscription lists"; 1.0 files read the same):
 * every `<outline>` with an `xmlUrl` at any depth, categories (outlines without one) only holding
 * others. Takes the document text and the most outlines to return. Does not check the URLs.
 * Linear in `xml.length`; never throws.
 *
 * @example
 * opmlOutlines('<opml version="2.0"><body><outline text="News"><outline text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/></outline></body></opml>', 100)
 * // → { root: 'opml', outlines: [{ xmlUrl: 'https://feeds.bbci.co.uk/news/rss.xml', htmlUrl: null, title: 'BBC' }], over: 0 }
 */
export function opmlOutlines(xml: string, max: number): OpmlList {
  let root: string | null = null
  const outlines: OpmlOutline[] = []
  let over = 0
  const text = (v: string | undefined) => {
    const t = (v ?? '').replace(/\s+/g, ' ').trim()
    return t === '' ? null : t
  }
  startTags(xml, true, (name, attrs) => {
    root ??= name
    if (name !== 'outline') return
    const xmlUrl = text(attrs.get('xmlurl'))
    if (xmlUrl === null) return
    if (outlines.length >= max) {
      over += 1
      return
    }
    outlines.push({ xmlUrl, htmlUrl: text(attrs.get('htmlurl')), title: text(attrs.get('title')) ?? text(attrs.get('text')) })
  })
  return { root, outlines, over }
}
