/**
 * Source feeds → article inputs: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.0/1.1.
 * XML feeds are read by @rowanmanning/feed-parser (lenient: a bare `&` or an unclosed tag does not
 * lose the feed; resolves `xml:base`; reads Atom text constructs); JSON Feed with `JSON.parse`.
 * What is ours is the mapping of an item to an `ArticleInput`-shaped object for
 * `articleFromInput`, which stays the one place that validates:
 * - bodies are taken as the feed wrote them (markup for `articleFromInput` to turn into text,
 *   entities decoded once, by the HTML step), not from the library's entity-decoded copies;
 * - no item is dropped for a missing title or body (issue 15): a title-less item gets the first
 *   words of its text as its title, a body-less one is a headline-only report (its headline is its text);
 * - YouTube channel feeds carry the text in `media:group/media:description`, without the
 *   channel's footer ("Subscribe to our channel: …", social links);
 * - a link is an http(s) URL: `<link>`, else a permalink guid or an Atom id that is a URL, never
 *   one made up from a guid that is not a URL.
 * An item without a usable link comes out with an empty `url`, so the caller counts it as skipped.
 */
import { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser'
import { decodeHTMLAttribute } from 'entities'
import type { ArticleInput } from './article'
import { parseDate } from './dates'
import { decodeHTML } from 'entities'
import { htmlToText } from './html'

/**
 * One feed item, shaped for `articleFromInput`; `clockHour` is the hour its date was written with
 * (local to the feed, 0–23), for telling a feed that writes a 12-hour clock (src/service/poll.ts).
 */
export type FeedItemInput = ArticleInput & { url: string; title: string; clockHour?: number }

export interface FeedParseOptions {
  /** The feed's own URL (after redirects): relative links are resolved against it. */
  url: string
  /** The source's configured outlet name, given to every item. */
  outlet: string | null
  /** The response's Content-Type, when known (helps tell JSON Feed from XML). */
  contentType?: string | null
}

/** The feed could not be read: malformed JSON, or not a feed at all. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError'
}

type Node = Record<string, unknown>
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])

/**
 * An item's link as a URL, resolved against `base`; '' when it is not an http(s) URL. A link
 * escaped twice (`&amp;amp;` in the XML: the publisher wrote it as HTML, as nzherald.co.nz's feed
 * does) is unescaped once more, as an HTML attribute is (what Python's feedparser and browsers
 * do), or its query would carry a parameter named `amp;ref`.
 */
function resolve(href: string | null | undefined, base: string): string {
  let h = (href ?? '').trim()
  if (/&amp;/i.test(h)) h = decodeHTMLAttribute(h)
  if (h === '') return ''
  try {
    const u = new URL(h, base)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : ''
  } catch {
    return ''
  }
}
const isHttpUrl = (s: string): boolean => /^https?:\/\/[^\s/]+/i.test(s.trim())

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()
const isoOrUndefined = (s: string | undefined): string | undefined => (!s || s.trim() === '' ? undefined : parseDate(s) ?? undefined)
/** "jane@example.com (Jane Doe)" → "Jane Doe". */
const person = (s: string | null | undefined): string | undefined => {
  const t = (s ?? '').trim().replace(/^\S+@\S+\s+\((.+)\)$/, '$1')
  return t === '' || /^\S+@\S+$/.test(t) ? undefined : t
}

/** Words a title made from text stops at (a headline, not a paragraph). */
const TITLE_WORDS = 14

/**
 * A headline for an item that has none: its text's first sentence, or its first
 * `TITLE_WORDS` words and "…" when the sentence is longer. Empty when there is no text.
 */
export function titleFromText(text: string): string {
  const flat = oneLine(text)
  if (flat === '') return ''
  const sentence = /^(.+?[.!?;])(?:\s|$)/.exec(flat)?.[1] ?? flat
  const words = sentence.split(' ')
  return words.length <= TITLE_WORDS ? sentence.replace(/[.;]$/, '') : `${words.slice(0, TITLE_WORDS).join(' ')}…`
}

interface ItemParts {
  url: string
  /** The headline as plain text (already decoded). */
  title: string
  published?: string
  clockHour?: number
  html?: string
  text?: string
  byline?: string
  lang?: string
}

function item(parts: ItemParts, outlet: string | null): FeedItemInput {
  const html = parts.html?.trim() ? parts.html : undefined
  const text = parts.text?.trim() ? parts.text : undefined
  let title = oneLine(parts.title)
  if (title === '') title = titleFromText(text ?? (html ? htmlToText(html) : ''))
  const out: FeedItemInput = { url: parts.url, outlet, title }
  const published = isoOrUndefined(parts.published)
  if (published) out.published = published
  if (published && parts.clockHour !== undefined) out.clockHour = parts.clockHour
  if (html) out.html = html
  if (text) out.text = text
  // A headline with a link and nothing else is still news (CNN's feed): its headline is its text.
  if (!html && !text && title !== '' && parts.url !== '') out.text = title
  if (parts.byline) out.byline = parts.byline
  if (parts.lang) out.lang = parts.lang
  return out
}

/** The channel footer of a YouTube description: link lists, "Subscribe …", "Follow us …", hashtags. */
const FOOTER_LINE = /^\s*(?:[-•*]\s*)?(?:(?:subscribe|follow|like|find|check|visit|watch|join|download)\b.{0,80}(?:https?:\/\/|channel|twitter|facebook|instagram|website|app)|\S*https?:\/\/\S+\s*$|#\S+(?:\s+#\S+)*\s*$)/i

/** A YouTube video description: its text up to the channel's footer. */
function withoutChannelFooter(description: string): string {
  const lines = description.replace(/\r\n?/g, '\n').split('\n')
  const cut = lines.findIndex((l) => FOOTER_LINE.test(l))
  return (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trim()
}

type XmlFeed = ReturnType<typeof parseXmlFeed>
type XmlItem = XmlFeed['items'][number]
type XmlElement = XmlItem['element']

/** The raw text of an element as the feed wrote it (XML entities decoded once, by the XML parser). */
const raw = (el: XmlElement | null | undefined): string => el?.textContent ?? ''
const child = (el: XmlElement, ...names: string[]): XmlElement | null => {
  for (const n of names) {
    const found = el.findElementWithName(n)
    if (found && raw(found).trim() !== '') return found
  }
  return null
}

/** Atom text construct (RFC 4287 §3.1): `text` is plain, `html` is escaped markup, `xhtml` inline markup. */
function atomText(el: XmlElement | null): { html?: string; text?: string } {
  if (!el) return {}
  const type = (el.getAttribute('type') ?? 'text').toLowerCase()
  if (type === 'xhtml') return { html: el.innerHtml }
  if (type === 'html' || /html/.test(type)) return { html: raw(el) }
  return { text: raw(el) }
}

function atomTitle(el: XmlElement | null): string {
  if (!el) return ''
  const type = (el.getAttribute('type') ?? 'text').toLowerCase()
  // xhtml: the words of the inline markup, every one of them (its elements are children here).
  if (type === 'xhtml') return raw(el)
  if (type === 'html') return htmlToText(raw(el))
  return raw(el)
}

function xmlItem(it: XmlItem, atom: boolean, base: string, lang: string | undefined, outlet: string | null): FeedItemInput {
  const el = it.element
  // The library resolves links against xml:base; what it leaves relative resolves against the feed's URL.
  let url = resolve(it.url, base)
  const id = raw(child(el, 'guid', 'id')).trim()
  const guid = child(el, 'guid')
  if (url === '' && isHttpUrl(id) && (guid?.getAttribute('isPermaLink') ?? 'true').toLowerCase() !== 'false') url = resolve(id, base)
  const date = raw(child(el, 'published', 'pubdate', 'issued', 'date', 'created', 'updated', 'modified'))
  const published = parseDate(date) ?? (date.trim() !== '' ? (it.published ?? it.updated)?.toISOString() : undefined)
  // The hour as the feed wrote it ("Sat, 02 May 2020 10:01:25 +1200", "2020-05-02T10:01:25+12:00").
  const hour = /(?:^|\D)(\d{1,2}):\d{2}/.exec(date)?.[1]
  const youtube = el.findElementWithName('group')?.findElementWithName('description')
  let body: { html?: string; text?: string }
  if (atom) {
    body = atomText(child(el, 'content') ?? child(el, 'summary'))
  } else {
    const encoded = el.findElementsWithName('encoded').find((e) => e.namespace === 'content' && raw(e).trim() !== '')
    const description = child(el, 'description')
    body = encoded ? { html: raw(encoded) } : description ? { html: raw(description) } : {}
  }
  if (!body.html?.trim() && !body.text?.trim() && youtube) body = { text: withoutChannelFooter(raw(youtube)) }
  const titleEl = child(el, 'title')
  // RSS titles are text that feeds escape like HTML ("&amp;#8217;"): decode references once, keep words such as "<marquee>".
  const title = atom ? atomTitle(titleEl) : decodeHTML(raw(titleEl))
  return item(
    {
      url,
      title,
      ...(published ? { published } : {}),
      ...(hour !== undefined ? { clockHour: Number(hour) } : {}),
      ...body,
      byline: person(it.authors[0]?.name),
      ...(lang ? { lang } : {}),
    },
    outlet,
  )
}

const PERIOD_MS: Record<string, number> = { hourly: 3_600_000, daily: 86_400_000, weekly: 604_800_000, monthly: 2_592_000_000, yearly: 31_536_000_000 }

/**
 * How often a feed says it changes: RSS 2.0 `<ttl>` (minutes a reader may cache it), or the RSS
 * syndication module's `sy:updatePeriod` / `sy:updateFrequency` (times per period). Null when it
 * says neither, or nonsense.
 */
function declaredInterval(channel: XmlElement): number | null {
  // RSS hands the <channel>; Atom and RDF the document, whose root holds the elements.
  const scopes = [channel, channel.findElementWithName('channel'), channel.findElementWithName('feed'), channel.findElementWithName('rdf')?.findElementWithName('channel')]
  for (const el of scopes) {
    if (!el) continue
    const ttl = Number(raw(el.findElementWithName('ttl')).trim())
    if (Number.isFinite(ttl) && ttl > 0) return ttl * 60_000
    const period = PERIOD_MS[raw(el.findElementWithName('updateperiod')).trim().toLowerCase()]
    if (period) {
      const frequency = Number(raw(el.findElementWithName('updatefrequency')).trim() || '1')
      return period / (Number.isFinite(frequency) && frequency >= 1 ? frequency : 1)
    }
  }
  return null
}

function parseXml(xml: string, opts: FeedParseOptions): ReadFeed {
  let feed: XmlFeed
  try {
    feed = parseXmlFeed(xml)
  } catch (e) {
    const root = /<([A-Za-z_][\w:.-]*)/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, ''))?.[1] ?? '(none)'
    throw new FeedParseError(`feed ${opts.url} is not RSS, Atom or JSON Feed: root element <${root}> (${(e as Error).message})`)
  }
  const atom = /^<(?:[\w-]+:)?feed\b/.test(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '').trimStart())
  const lang = feed.language?.trim() || undefined
  return { items: feed.items.map((it) => xmlItem(it, atom, opts.url, lang, opts.outlet)), declaredIntervalMs: declaredInterval(feed.element) }
}

function parseJson(body: string, opts: FeedParseOptions): ReadFeed {
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
  const items = doc.items.filter(isNode).map((it) => {
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
  return { items, declaredIntervalMs: null }
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
  return readFeed(body, opts).items
}

/** A feed read: its items, and how often it says it changes (ms; null when it does not say). */
export interface ReadFeed {
  items: FeedItemInput[]
  declaredIntervalMs: number | null
}

/** `parseFeed` plus the feed's own word on how often it changes (`<ttl>`, `sy:updatePeriod`); throws as `parseFeed`. */
export function readFeed(body: string, opts: FeedParseOptions): ReadFeed {
  const doc = body.replace(/^\uFEFF/, '').trimStart()
  if (doc === '') throw new FeedParseError(`feed ${opts.url} is empty`)
  const json = doc.startsWith('{') || (/json/i.test(opts.contentType ?? '') && !doc.startsWith('<'))
  return json ? parseJson(doc, opts) : parseXml(doc, opts)
}
