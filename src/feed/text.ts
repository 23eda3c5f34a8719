/**
 * Text helpers shared by every renderer: cleaning, escaping, dates, and the URLs and ids of
 * developments and stories. Pure: no clock, no locale.
 */
import type { FeedMeta } from './meta'

/**
 * Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) plus
 * DEL and C1 controls, which are legal but never meant in a headline and rejected by validators.
 */
const INVALID_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Every character {@link INVALID_CHARS} can match, surrogates (paired or not) included. */
const SUSPECT_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/

/**
 * Removes characters that may not appear in an XML or HTML document. Every piece of article
 * text goes through this before it is escaped.
 *
 * @example
 * cleanText('Drones\u0000 to Russia\uFFFE') // → 'Drones to Russia'
 */
export function cleanText(text: string): string {
  // Nearly all text is clean: one scan for any suspect character (a plain class, far cheaper
  // than the look-arounds that tell a lone surrogate from a pair) settles it.
  if (!SUSPECT_CHARS.test(text)) return text
  INVALID_CHARS.lastIndex = 0
  if (!INVALID_CHARS.test(text)) return text
  INVALID_CHARS.lastIndex = 0
  return text.replace(INVALID_CHARS, '')
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' }

/**
 * Escapes text for XML or HTML element content and double-quoted attribute values, after
 * {@link cleanText}: `& < > "` as entities, a CR as `&#13;` (a raw CR would reach a reader as LF).
 * Its `>` becomes `&gt;`, so escaped text never holds `]]>` and HTML made of it can go into a
 * CDATA section. (The `entities` package's escapers either write `'` as `&apos;`, which HTML 4
 * readers show as is, or `&nbsp;`, which XML does not know.)
 *
 * @example
 * escapeXml('Q&A: <drones> "now"') // → 'Q&amp;A: &lt;drones&gt; &quot;now&quot;'
 */
export function escapeXml(text: string): string {
  // Most texts need neither cleaning nor escaping: one scan for either settles it.
  if (!CLEAN_OR_MARKUP.test(text)) return text
  return cleanText(text).replace(/[&<>"\r]/g, (c) => ESCAPES[c]!)
}

/** Any character {@link cleanText} might remove or {@link escapeXml} escapes. */
const CLEAN_OR_MARKUP = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF&<>"]/

/**
 * An http(s) URL the WHATWG parser returns unchanged: a lower-case DNS host whose last label
 * starts with a letter (no IP address to normalise), no port, no user info, a path and query of
 * characters it never percent-encodes, no fragment. Conservative by design: anything else goes
 * through `new URL()` (a property test holds the two to the same answer).
 */
const NORMAL_URL =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*\/[A-Za-z0-9\-._~!$&()*+,;=:@%/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*)?$/
/** What the parser would still rewrite in such a URL: dot segments (also percent-encoded) and IDNA labels. */
const ODD_URL_PARTS = /\/\.|%2e|xn--/i

/**
 * The URL when it is an absolute http(s) URL, else null: a `javascript:` or relative URL from an
 * article never becomes a link.
 *
 * @example
 * safeUrl('https://www.ft.com/a?b=1') // → 'https://www.ft.com/a?b=1'
 * safeUrl('javascript:alert(1)')      // → null
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null
  // Most stored URLs are already what the URL parser would return (ingest normalised them):
  // those skip the parser, which costs more than the rest of an outlet line.
  if (NORMAL_URL.test(url) && !ODD_URL_PARTS.test(url)) return url
  const trimmed = cleanText(url).trim()
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return null
  try {
    return new URL(trimmed).href
  } catch {
    return null
  }
}

/**
 * Query parameters that say who sent the reader, not what the page is: the list dedup strips
 * (src/ingest/ids.ts), so a link in an entry is the page itself, untracked.
 */
const TRACKING_PARAM = /^(?:utm_|at_|pk_|mtm_|hsa_|vero_|oly_)|^(?:ref|referrer|cmp|fbclid|gclid|dclid|gclsrc|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|ref_src|ref_url|cmpid|ocid|icid|ncid|mbid|smid|sr_share|_ga|_gl|spm|taid|ito|guccounter|guce_referrer|guce_referrer_sig)$/i

/** Cheap test: a query that may hold a tracking parameter (most links hold none). */
const MAYBE_TRACKED = /[?&](?:ref|cmp|utm_|at_|pk_|mtm_|hsa_|vero_|oly_|fbclid|gclid|dclid|gclsrc|msclkid|yclid|twclid|igshid|mc_|ref_|cmpid|ocid|icid|ncid|mbid|smid|sr_share|_ga|_gl|spm|taid|ito|guc)/i

/**
 * A safe URL ({@link safeUrl}) without tracking parameters (`utm_*`, `fbclid`, `gclid`, …), the
 * other parameters and their order kept; null when the URL is not a safe http(s) URL.
 *
 * @example
 * linkUrl('https://x.example/a?id=3&utm_source=rss&fbclid=Z') // → 'https://x.example/a?id=3'
 */
export function linkUrl(url: string | null | undefined): string | null {
  const safe = safeUrl(url)
  if (safe === null || !MAYBE_TRACKED.test(safe)) return safe
  const u = new URL(safe)
  for (const k of [...new Set(u.searchParams.keys())]) if (TRACKING_PARAM.test(k)) u.searchParams.delete(k)
  return u.href.replace(/\?$/, '')
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An ISO instant for people, in UTC and independent of the runtime's locale.
 *
 * @example
 * humanTime('2023-08-16T07:20:00.000Z') // → '16 Aug 2023, 07:20 UTC'
 */
export function humanTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return 'unknown time'
  const hh = String(d.getUTCHours()).padStart(2, '0')
  const mm = String(d.getUTCMinutes()).padStart(2, '0')
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`
}

/**
 * The page of a development: `${siteUrl}/developments/${id}`.
 *
 * @example
 * developmentUrl('https://storyfold.example', 'd_1') // → 'https://storyfold.example/developments/d_1'
 */
export function developmentUrl(siteUrl: string, id: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/developments/${encodeURIComponent(id)}`
}

/**
 * The page of a story: `${siteUrl}/stories/${id}`.
 *
 * @example
 * storyUrl('https://storyfold.example', 's_1') // → 'https://storyfold.example/stories/s_1'
 */
export function storyUrl(siteUrl: string, id: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/stories/${encodeURIComponent(id)}`
}

/**
 * The RSS feed of one story: `${siteUrl}/stories/${id}/feed.xml`.
 *
 * @example
 * storyFeedUrl('https://storyfold.example', 's_1') // → 'https://storyfold.example/stories/s_1/feed.xml'
 */
export function storyFeedUrl(siteUrl: string, id: string): string {
  return `${storyUrl(siteUrl, id)}/feed.xml`
}

/**
 * The permanent entry id of a development, the same in RSS (`guid`), Atom (`id`) and JSON Feed
 * (`id`) and in every feed of the site: a `tag:` URI. When `meta.id` is a tag URI its authority
 * and date are reused (`tag:storyfold.example,2024:development:d_1`); otherwise the site's host
 * with a fixed date. Ids that already are `tag:`/`urn:` URIs pass through unchanged.
 *
 * @example
 * entryId({ id: 'tag:storyfold.example,2024:feed', siteUrl: 'https://storyfold.example' }, 'd_1')
 * // → 'tag:storyfold.example,2024:development:d_1'
 */
export function entryId(meta: Pick<FeedMeta, 'id' | 'siteUrl'>, developmentId: string): string {
  if (/^(tag|urn):/i.test(developmentId)) return developmentId
  const tag = /^tag:([^:]+,\d{4}(?:-\d{2}){0,2}):/i.exec(meta.id)
  const prefix = tag ? tag[1] : `${new URL(meta.siteUrl).hostname},2024`
  return `tag:${prefix}:development:${encodeURIComponent(developmentId)}`
}

/** The fields of an ISO instant in the form storyfold stores (`2023-08-16T07:20:00.000Z`). */
const CANONICAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/

/** True when the fields of a canonical instant are 00:00:00.000. */
const isMidnight = (m: RegExpExecArray): boolean => m[4] === '00' && m[5] === '00' && m[6] === '00' && (m[7] === undefined || Number(m[7]) === 0)

/**
 * True when an instant is exactly midnight UTC. Sources that give only a date (`2023-08-16`)
 * arrive as `2023-08-16T00:00:00.000Z`; a real report at exactly 00:00:00.000 UTC is rare
 * enough that we read every such instant as "known to the day only".
 *
 * @example
 * isDateOnly('2023-08-16T00:00:00.000Z') // → true
 * isDateOnly('2023-08-16T07:20:00.000Z') // → false
 */
export function isDateOnly(iso: string): boolean {
  // Stored instants are canonical: read the fields instead of building a Date (this runs for
  // every time in every feed entry).
  const m = CANONICAL_ISO.exec(iso)
  if (m) return isMidnight(m)
  const d = new Date(iso)
  return !Number.isNaN(d.getTime()) && d.getTime() % 86_400_000 === 0
}

/**
 * An instant for readers (pages and entry content): `16 Aug 2023, 07:20 UTC`, or just `16 Aug 2023` when it is known
 * to the day only (midnight UTC, see {@link isDateOnly}): showing "00:00 UTC" would claim a
 * precision nobody has.
 *
 * @example
 * pageTime('2023-08-16T00:00:00.000Z') // → '16 Aug 2023'
 */
export function pageTime(iso: string): string {
  return timeText(iso).human
}

/**
 * The `datetime` attribute value for an instant shown with {@link pageTime}: the date alone when
 * only the day is known, else the instant.
 *
 * @example
 * machineTime('2023-08-16T00:00:00.000Z') // → '2023-08-16'
 */
export function machineTime(iso: string): string {
  return timeText(iso).machine
}

/**
 * Both forms of an instant for a `<time>` element, from one reading of the string: `machine` for
 * the `datetime` attribute ({@link machineTime}), `human` for the text ({@link pageTime}).
 *
 * @example
 * timeText('2023-08-16T07:20:00.000Z') // → { machine: '2023-08-16T07:20:00.000Z', human: '16 Aug 2023, 07:20 UTC' }
 */
export function timeText(iso: string): { machine: string; human: string } {
  const m = CANONICAL_ISO.exec(iso)
  if (m && m[2]! >= '01' && m[2]! <= '12') {
    const date = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`
    return isMidnight(m) ? { machine: iso.slice(0, 10), human: date } : { machine: iso, human: `${date}, ${m[4]}:${m[5]} UTC` }
  }
  if (isDateOnly(iso)) return { machine: new Date(iso).toISOString().slice(0, 10), human: pageDate(iso) }
  return { machine: iso, human: humanTime(iso) }
}

/**
 * The UTC date of an instant, e.g. `16 Aug 2023`: for spans where the hour does not matter.
 *
 * @example
 * pageDate('2023-08-26T16:26:00.000Z') // → '26 Aug 2023'
 */
export function pageDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return 'unknown date'
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

/**
 * A double-quoted attribute value: {@link escapeXml}, plus tab and LF as character references (a
 * parser would normalise them to spaces).
 *
 * @example
 * xmlAttr('a&b <c> "d"\te') // → 'a&amp;b &lt;c&gt; &quot;d&quot;&#9;e'
 */
export function xmlAttr(value: string): string {
  const escaped = escapeXml(value)
  return /[\t\n]/.test(escaped) ? escaped.replaceAll('\t', '&#9;').replaceAll('\n', '&#10;') : escaped
}
