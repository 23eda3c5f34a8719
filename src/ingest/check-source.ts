/**
 * A source is checked when it is added (issue 15: any URL used to be accepted, and an HTML page
 * failed later, at every poll, with an XML parser error): its URL is fetched once, through the
 * same fetch as polling (public addresses only on every hop, time and size limits, decoded
 * bytes), and
 * - a feed (RSS, Atom, JSON Feed that our parser reads) is accepted as it is;
 * - a web page has its feed discovered from `<link rel="alternate" type="application/rss+xml">`
 *   (or Atom, JSON Feed), and that feed, fetched and read the same way, becomes the source;
 * - anything else is refused, with the reason.
 */
import { feedLinks, looksLikeHtml } from './discover'
import { FeedParseError, parseFeed } from './feed-items'
import { fetchFeed } from './fetch-feed'
import type { FetchFeedOptions } from './fetch-feed'

/**
 * Why a URL cannot be a source: the message says what was found, for the person adding it;
 * `unreachable` when nothing could be read at all (a DNS failure, a timeout, an HTTP error), as
 * opposed to something read that is not a feed.
 */
export class SourceCheckError extends Error {
  override readonly name = 'SourceCheckError'
  constructor(
    message: string,
    readonly unreachable = false,
  ) {
    super(message)
  }
}

export interface CheckedSource {
  /** The feed's URL to store: the one given, where a permanent redirect moved it, or the discovered one. */
  url: string
  /** The page the feed was discovered from, when the URL given was a web page. */
  discoveredFrom: string | null
  /** How many items the feed holds now. */
  items: number
}

type FetchOptions = Pick<FetchFeedOptions, 'allowLoopback' | 'fetcher' | 'loopbackFetcher' | 'timeoutMs' | 'maxBytes'>

/** Fetches and reads one feed; the URL to store is where permanent redirects led. Throws SourceCheckError. */
async function readFeed(url: string, opts: FetchOptions, what: string): Promise<{ url: string; items: number } | { page: string; contentType: string | null; at: string; error: string }> {
  let fetched
  try {
    fetched = await fetchFeed(url, opts)
  } catch (e) {
    throw new SourceCheckError(`${what} could not be fetched: ${(e as Error).message}`, true)
  }
  if (fetched.status !== 'ok') throw new SourceCheckError(`${what} answered 304 Not Modified to a request without validators`)
  try {
    const items = parseFeed(fetched.body, { url: fetched.url, outlet: null, contentType: fetched.contentType })
    return { url: fetched.movedTo ?? url, items: items.length }
  } catch (e) {
    if (!(e instanceof FeedParseError)) throw e
    return { page: fetched.body, contentType: fetched.contentType, at: fetched.url, error: e.message }
  }
}

/**
 * Checks that `url` is a feed, or a page naming one. Takes the URL as given (absolute http(s))
 * and the fetch options polling uses; returns the feed URL to store. Throws SourceCheckError with
 * a reason a person can act on: the URL could not be fetched (HTTP status, timeout, refused
 * address, too large), it is a page that names no feed, the feed it names is not readable, or it
 * is neither a feed nor a web page.
 *
 * @example
 * await checkSource('https://example.org/', { allowLoopback: false })
 * // → { url: 'https://example.org/feed.xml', discoveredFrom: 'https://example.org/', items: 20 }
 */
export async function checkSource(url: string, opts: FetchOptions): Promise<CheckedSource> {
  const first = await readFeed(url, opts, url)
  if ('items' in first) return { url: first.url, discoveredFrom: null, items: first.items }
  if (!looksLikeHtml(first.page, first.contentType)) {
    throw new SourceCheckError(`${url} is not a feed (RSS, Atom or JSON Feed) nor a web page that links one: ${first.error}`)
  }
  const links = feedLinks(first.page, first.at)
  if (links.length === 0) {
    throw new SourceCheckError(`${url} is a web page that names no feed (no <link rel="alternate" type="application/rss+xml">, Atom or JSON Feed): give the feed's own URL`)
  }
  // The page's first feed is its main one (comment feeds come after). fetchFeed checks its address.
  const feedUrl = links[0]!
  const found = await readFeed(feedUrl, opts, `the feed ${feedUrl} that ${url} names`)
  if (!('items' in found)) throw new SourceCheckError(`the feed ${feedUrl} that ${url} names is not a readable feed: ${found.error}`)
  return { url: found.url, discoveredFrom: url, items: found.items }
}
