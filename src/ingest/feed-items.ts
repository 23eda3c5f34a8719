/**
 * Source feeds → article inputs: RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.0/1.1.
 * XML is parsed with fast-xml-parser; every item becomes an `ArticleInput`-shaped object for
 * `articleFromInput`, which stays the one place that validates. An item missing its link or
 * title comes out with an empty `url`/`title`, so the caller can count it as skipped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { ArticleInput } from './article'
import { parseDate } from './dates'
import { htmlToText } from './html'

/** One feed item, shaped for `articleFromInput`. */
export type FeedItemInput = ArticleInput & { url: string; title: string }

export interface FeedParseOptions {
  /** The feed's own URL: relative links are resolved against it. */
  url: string
  /** The source's configured outlet name, given to every item. */
  outlet: string | null
  /** The response's Content-Type, when known (helps tell JSON Feed from XML). */
  contentType?: string | null
}

/** The feed could not be read: malformed XML or JSON, or not a feed at all. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError'
}

type Node = Record<string, unknown>
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])

/** Text of an element: a string, the `#text` of an element with attributes, or its flattened children. */
function text(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join('\n\n')
  if (!isNode(v)) return ''
  if ('#text' in v) return text(v['#text'])
  return Object.entries(v)
    .filter(([k]) => !k.startsWith('@_'))
    .map(([, c]) => text(c))
    .filter(Boolean)
    .join('\n\n')
}
const attr = (v: unknown, name: string): string | undefined => (isNode(v) && typeof v[`@_${name}`] === 'string' ? (v[`@_${name}`] as string) : undefined)
const first = (...vals: unknown[]): unknown => vals.find((v) => text(v).trim() !== '')

function resolve(href: string, base: string): string {
  const h = href.trim()
  if (h === '') return ''
  try {
    const u = new URL(h, base)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : ''
  } catch {
    return ''
  }
}

/** A headline may carry markup or entities (Atom `type="html"`, escaped RSS titles). */
const plainTitle = (s: string): string => (/[<&]/.test(s) ? htmlToText(s) : s).replace(/\s+/g, ' ').trim()
const isoOrUndefined = (s: string): string | undefined => (s.trim() === '' ? undefined : parseDate(s) ?? undefined)
/** "jane@example.com (Jane Doe)" → "Jane Doe". */
const person = (s: string): string | undefined => {
  const t = s.trim().replace(/^\S+@\S+\s+\((.+)\)$/, '$1')
  return t === '' || /^\S+@\S+$/.test(t) ? undefined : t
}

function item(parts: { url: string; title: string; published: string; html?: string; text?: string; byline?: string; lang?: string }, outlet: string | null): FeedItemInput {
  const out: FeedItemInput = { url: parts.url, outlet, title: plainTitle(parts.title) }
  const published = isoOrUndefined(parts.published)
  if (published) out.published = published
  if (parts.html?.trim()) out.html = parts.html
  if (parts.text?.trim()) out.text = parts.text
  if (parts.byline) out.byline = parts.byline
  if (parts.lang) out.lang = parts.lang
  return out
}

function rssLink(it: Node, base: string): string {
  for (const l of list(it.link)) {
    const href = isNode(l) && attr(l, 'href') !== undefined ? ((attr(l, 'rel') ?? 'alternate') === 'alternate' ? attr(l, 'href')! : '') : text(l)
    const url = resolve(href, base)
    if (url) return url
  }
  const guid = it.guid
  return guid !== undefined && attr(guid, 'isPermaLink') !== 'false' ? resolve(text(guid), base) : ''
}

function atomLink(entry: Node, base: string): string {
  const links = list(entry.link).filter(isNode)
  const alternate =
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html/.test(attr(l, 'type') ?? 'text/html')) ??
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate')
  const href = alternate ? attr(alternate, 'href') ?? '' : ''
  return resolve(href, base) || (/^https?:/i.test(text(entry.id)) ? resolve(text(entry.id), base) : '')
}

/** Atom text constructs: `type="html"` and `xhtml` are markup, `text` (the default) is plain. */
function atomBody(v: unknown): { html?: string; text?: string } {
  const type = attr(v, 'type') ?? 'text'
  return type === 'html' || type === 'xhtml' || /html/.test(type) ? { html: text(v) } : { text: text(v) }
}

function parseXml(xml: string, opts: FeedParseOptions): FeedItemInput[] {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    throw new FeedParseError(`malformed XML in feed ${opts.url} at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`)
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'author',
  }).parse(xml) as Node
  const base = opts.url
  if (isNode(doc.rss) || isNode(doc.RDF)) {
    const root = (isNode(doc.rss) ? doc.rss : doc.RDF) as Node
    const channel = isNode(root.channel) ? root.channel : {}
    const items = list(channel.item).concat(list(root.item)).filter(isNode)
    const lang = text(channel.language).trim() || undefined
    return items.map((it) =>
      item(
        {
          url: rssLink(it, base),
          title: text(it.title),
          published: text(first(it.pubDate, it.date, it.published, it.issued, it.updated, it.modified) ?? ''),
          html: text(first(it.encoded, it.content, it.description) ?? ''),
          byline: person(text(first(it.creator, it.author) ?? '')),
          ...(lang ? { lang } : {}),
        },
        opts.outlet,
      ),
    )
  }
  if (isNode(doc.feed)) {
    const feed = doc.feed
    const feedLang = attr(feed, 'lang')
    return list(feed.entry)
      .filter(isNode)
      .map((e) => {
        const body = e.content !== undefined && text(e.content).trim() !== '' ? e.content : e.summary
        const author = list(e.author).filter(isNode)[0]
        const lang = attr(e, 'lang') ?? feedLang
        return item(
          {
            url: atomLink(e, base),
            title: text(e.title),
            published: text(first(e.published, e.issued, e.updated, e.modified) ?? ''),
            ...atomBody(body),
            byline: author ? person(text(author.name)) : undefined,
            ...(lang ? { lang } : {}),
          },
          opts.outlet,
        )
      })
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? '(none)'
  throw new FeedParseError(`feed ${opts.url} is not RSS, Atom or JSON Feed: root element <${rootName}>`)
}

function parseJson(body: string, opts: FeedParseOptions): FeedItemInput[] {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (e) {
    throw new FeedParseError(`malformed JSON in feed ${opts.url}: ${(e as Error).message}`)
  }
  if (!isNode(doc) || !/^https?:\/\/jsonfeed\.org\/version\/1/.test(String(doc.version)) || !Array.isArray(doc.items)) {
    throw new FeedParseError(`feed ${opts.url} is JSON but not a JSON Feed 1.x (needs "version" and "items")`)
  }
  const feedLang = typeof doc.language === 'string' ? doc.language : undefined
  const str = (v: unknown): string => (typeof v === 'string' ? v : '')
  return doc.items.filter(isNode).map((it) => {
    const authors = list(it.authors ?? it.author).filter(isNode)
    const id = str(it.id)
    const lang = str(it.language) || feedLang
    return item(
      {
        url: resolve(str(it.url) || str(it.external_url) || (/^https?:/i.test(id) ? id : ''), opts.url),
        title: str(it.title),
        published: str(it.date_published) || str(it.date_modified),
        html: str(it.content_html),
        text: str(it.content_text) || (str(it.content_html) ? '' : str(it.summary)),
        byline: authors[0] ? person(str(authors[0].name)) : undefined,
        ...(lang ? { lang } : {}),
      },
      opts.outlet,
    )
  })
}

/**
 * Parse a source feed (RSS 2.0, RSS 1.0/RDF, Atom 1.0, JSON Feed 1.x) into article inputs.
 * Throws `FeedParseError` for malformed XML/JSON or a document that is not a feed.
 *
 * @example
 * const items = parseFeed(xml, { url: 'https://example.com/feed.xml', outlet: 'Example News' })
 * const articles = items.map((i) => articleFromInput(i, { now }))
 */
export function parseFeed(body: string, opts: FeedParseOptions): FeedItemInput[] {
  const doc = body.replace(/^\uFEFF/, '').trimStart()
  if (doc === '') throw new FeedParseError(`feed ${opts.url} is empty`)
  const json = doc.startsWith('{') || (/json/i.test(opts.contentType ?? '') && !doc.startsWith('<'))
  return json ? parseJson(doc, opts) : parseXml(doc, opts)
}

/** Alias of `parseFeed`, named for what it returns. */
export const parseFeedItems = parseFeed
