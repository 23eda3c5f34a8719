/**
 * Keys that make dedup work: the canonical URL, the content hash, and the permanent article id.
 */
import { fnv1a64 } from './hash'

/** Query parameters that say who sent the reader, not what the page is. */
const TRACKING_EXACT = new Set([
  'fbclid', 'gclid', 'dclid', 'gclsrc', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'ocid', 'icid', 'ncid', 'mbid', 'smid',
  'sr_share', '_ga', '_gl', 'spm', 'taid', 'ito', 'at_medium', 'at_campaign', 'cmp', 'guccounter',
  'guce_referrer', 'guce_referrer_sig',
])
const TRACKING_PREFIX = ['utm_', 'at_', 'pk_', 'mtm_', 'hsa_', 'vero_', 'oly_']

const isTracking = (name: string): boolean => {
  const n = name.toLowerCase()
  return TRACKING_EXACT.has(n) || TRACKING_PREFIX.some((p) => n.startsWith(p))
}

/**
 * The dedup form of an article URL: lowercase scheme and host, no default port, no fragment, no
 * tracking parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `ref`, `cmpid`, `ocid`, …), the
 * remaining parameters sorted, and no trailing `/` on a non-root path. Returns null for anything
 * that is not an absolute http(s) URL.
 *
 * @example
 * canonicalUrl('HTTPS://WWW.JPost.com:443/middle-east/article-755206/?utm_source=rss&b=2&a=1#comments')
 * // 'https://www.jpost.com/middle-east/article-755206?a=1&b=2'
 */
export function canonicalUrl(url: string): string | null {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    return null
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  u.hash = ''
  u.username = ''
  u.password = ''
  const params = [...u.searchParams].filter(([k]) => !isTracking(k))
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  u.search = new URLSearchParams(params).toString()
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/'
  // URL already lowercases scheme and host and drops default ports; serialise without a bare "?".
  return u.toString().replace(/\?$/, '')
}

/**
 * The URL as given, without the user name and password it may carry (`https://user:pass@host/…`):
 * credentials in an article link are never stored or published. A URL without them, or a string
 * that is not a URL, is returned unchanged.
 *
 * @example
 * withoutUserinfo('https://bob:secret@example.org/a?x=1') // 'https://example.org/a?x=1'
 */
export function withoutUserinfo(url: string): string {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    return url
  }
  if (u.username === '' && u.password === '') return url
  u.username = ''
  u.password = ''
  return u.toString()
}

/** Title + text with case, punctuation variants and whitespace normalised away. */
function normalise(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Hash of the normalised title and text (16 hex chars): the same outlet with the same hash is
 * the same article again, however its whitespace, case or quote marks were rendered.
 *
 * @example
 * contentHash('US tells Iran', 'The US is  pushing…') === contentHash('us tells iran', 'The US is pushing…') // true
 */
export function contentHash(title: string, text: string): string {
  return fnv1a64(`${normalise(title)}\n${normalise(text)}`)
}

/**
 * The permanent article id: `a_` + 16 hex chars, from the canonical URL when there is one,
 * otherwise from the outlet and the content hash.
 *
 * @example
 * articleId('https://www.jpost.com/middle-east/article-755206', 'The Jerusalem Post', 'c0ffee…') // 'a_…' (URL only)
 * articleId(null, 'Army Technology', contentHash(title, text))                                  // 'a_…'
 */
export function articleId(canonical: string | null, outlet: string | null, hash: string): string {
  const key = canonical !== null ? `url:${canonical}` : `content:${(outlet ?? '').trim().toLowerCase()}\n${hash}`
  return `a_${fnv1a64(key)}`
}
