/**
 * The cheapest answer a feed reader can get: a poll of an unchanged feed answered 304 before the
 * request is routed. A reader polls every few minutes and nearly every poll finds the feed as it
 * was; through the app, that 304 cost a third more CPU than the least a request can cost (Hono's
 * dispatch and middleware, the route, the query's validation), all of it for the same few headers.
 *
 * So the app's own 304 for a feed is remembered (its headers, by ETag), and a later conditional
 * GET or HEAD of a feed URL without a query, whose validators match the data version that ETag
 * stands for, gets those headers again straight away. Anything else — another path, a query to
 * validate, a changed version, validators that do not match, no 304 seen yet for this version —
 * goes to the app, which stays the one place that decides what a 304 carries.
 */
import type { ReadSnapshot } from '../store/changes'
import { etagFor, notModified } from './conditional'

/** A feed's URL path: the three formats, for all developments or for one story, and the top feeds. */
const FEED_PATH = /^\/(?:(?:stories\/[^/]+\/)?(?:feed\.xml|atom\.xml|feed\.json)|top\.(?:xml|atom|json))$/

/** The headers of the app's latest 304 for a feed, and the ETag they were sent with. */
let remembered: { etag: string; headers: Headers } | null = null

/** Whether a request is a conditional GET or HEAD (cheap: no URL parsed). */
export function isConditionalRead(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.has('if-none-match') || req.headers.has('if-modified-since'))
}

/** Whether a request is a conditional GET or HEAD of a feed URL without a query: the polls answered here. */
export function isFeedPoll(req: Request, url: URL): boolean {
  return url.search === '' && FEED_PATH.test(url.pathname) && isConditionalRead(req)
}

/**
 * The 304 for a feed poll (see {@link isFeedPoll}) at data version `snapshot`, with the headers of
 * the app's own 304 for that version; null when the app must answer.
 *
 * @example
 * const quick = answerPoll(request, url, snapshot)
 * if (quick) return quick
 */
export function answerPoll(req: Request, url: URL, snapshot: ReadSnapshot): Response | null {
  if (!remembered || !isFeedPoll(req, url)) return null
  const etag = etagFor(snapshot)
  if (remembered.etag !== etag || !notModified(req, etag, new Date(snapshot.at))) return null
  return new Response(null, { status: 304, headers: remembered.headers })
}

/** Remembers the headers of the app's answer to a feed poll when it is a 304 (for {@link answerPoll}). */
export function rememberPollAnswer(req: Request, url: URL, res: Response): void {
  const etag = res.headers.get('etag')
  if (res.status !== 304 || etag === null || !isFeedPoll(req, url)) return
  // A Headers object: the runtime copies it into each 304 natively, cheaper than from pairs.
  remembered = { etag, headers: new Headers(res.headers) }
}
