/**
 * The cron's work: poll the sources that are due, one slice per invocation (a Worker invocation
 * has a subrequest and CPU budget), turn their items into articles and fold them in through the
 * one pipeline. A failing source is logged and backed off; the others go on.
 */
import { allowPrivateSources } from '../ingest/address'
import { articleFromInput, canonicalUrl } from '../ingest/article'
import { parseDate } from '../ingest/dates'
import { fetchFeed } from '../ingest/fetch-feed'
import { parseFeed } from '../ingest/feed-items'
import type { FeedItemInput } from '../ingest/feed-items'
import { MAX_BATCH_ARTICLES, ingest } from './pipeline'
import { storedCanonicalUrls } from '../store/articles'
import { getMeta, setMeta } from '../store/changes'
import type { Article } from '../schema'
import * as sources from '../store/sources'
import type { Source } from '../store/sources'

/** How often a healthy source is polled. */
export const POLL_INTERVAL_MS = 15 * 60 * 1000
/** Sources per invocation: well under the 50 subrequests of the free plan, with redirects. */
export const POLL_SLICE = 8
/**
 * New items one poll of one source takes in (issue 19: a 10,000-item feed held the Worker for
 * 52 s). The rest wait for the next polls, which fetch the feed again (no conditional GET) until
 * the backlog is in.
 */
export const MAX_ITEMS_PER_POLL = 200
/**
 * Options for polling from the Worker's settings: `ALLOW_PRIVATE_SOURCES` (loopback upstreams,
 * fetched by `loopbackFetcher`) and `POLL_MAX_ITEMS` (a positive whole number; else the default).
 */
export function pollSettings(env: { ALLOW_PRIVATE_SOURCES?: string; POLL_MAX_ITEMS?: string }, loopbackFetcher: () => typeof fetch): PollOptions {
  const allowLoopback = allowPrivateSources(env.ALLOW_PRIVATE_SOURCES)
  const max = Number(env.POLL_MAX_ITEMS)
  return {
    allowLoopback,
    ...(allowLoopback ? { loopbackFetcher: loopbackFetcher() } : {}),
    ...(Number.isInteger(max) && max > 0 ? { maxItems: max } : {}),
  }
}

/** An item dated later than this past the poll is not trusted to top the feed: it counts as undated (first seen now). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000

export interface PollOutcome {
  sourceId: number
  url: string
  status: 'ok' | 'not-modified' | 'error'
  itemsSeen: number
  itemsNew: number
  skipped: number
  /** New items left for later polls because of the per-poll cap. */
  deferred?: number
  /** Where a permanent redirect moved the source (its stored URL is updated). */
  movedTo?: string
  error?: string
}

/** A date more than FUTURE_SLACK_MS after `now` is dropped: the item is then dated when first seen. */
function distrustFuture(item: FeedItemInput, now: Date): FeedItemInput {
  const iso = item.published ? parseDate(item.published) : null
  if (iso === null || Date.parse(iso) <= now.getTime() + FUTURE_SLACK_MS) return item
  return withoutDate(item)
}

function withoutDate(item: FeedItemInput): FeedItemInput {
  const { published: _published, ...rest } = item
  return rest as FeedItemInput
}

/** Fewest dated items, spread over more than a day, before a feed's clock is judged: one morning's items all fall before noon. */
export const CLOCK_SAMPLE = 20

/**
 * True when a feed writes its times on a 12-hour clock without am/pm (issue 15: nzherald.co.nz's
 * 277 items all say 01–12 o'clock): at least CLOCK_SAMPLE dated items over more than a day, and
 * every one written at an hour from 1 to 12, which a 24-hour clock does by chance about once in
 * 2^CLOCK_SAMPLE. Such times are half a day off for half the items: not trusted to say who was
 * first or what copied whom. Takes the feed's items (`clockHour` as written, `published` ISO).
 */
export function twelveHourClock(items: readonly FeedItemInput[]): boolean {
  let n = 0
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const item of items) {
    if (item.clockHour === undefined || !item.published) continue
    if (item.clockHour < 1 || item.clockHour > 12) return false
    const ms = Date.parse(item.published)
    if (Number.isNaN(ms)) continue
    n += 1
    first = Math.min(first, ms)
    last = Math.max(last, ms)
  }
  return n >= CLOCK_SAMPLE && last - first > 24 * 60 * 60 * 1000
}

/**
 * Where a poll places its undated items (issue 15): when first seen (`now`), but never later than
 * the newest dated item of the same fetch of the same feed, less a millisecond, so a feed's undated
 * items never top the dated news they came with (a source's first poll used to fill the top of
 * the feed with them). Takes the feed's items (dates as the feed gave them) and the poll's time;
 * returns an ISO instant. A date past FUTURE_SLACK_MS ahead is not trusted and does not count.
 */
export function undatedPlace(items: readonly FeedItemInput[], now: Date): string {
  let newest = Number.NEGATIVE_INFINITY
  for (const item of items) {
    const iso = item.published ? parseDate(item.published) : null
    const ms = iso === null ? Number.NaN : Date.parse(iso)
    if (ms <= now.getTime() + FUTURE_SLACK_MS && ms > newest) newest = ms
  }
  return new Date(newest === Number.NEGATIVE_INFINITY ? now.getTime() : Math.min(now.getTime(), newest - 1)).toISOString()
}

async function pollOne(db: D1Database, s: Source, now: Date, opts: PollOptions): Promise<PollOutcome> {
  const base = { sourceId: s.id, url: s.url }
  try {
    const fetched = await fetchFeed(s.url, {
      etag: s.etag, lastModified: s.lastModified, fetcher: opts.fetcher, timeoutMs: opts.timeoutMs, allowLoopback: opts.allowLoopback, loopbackFetcher: opts.loopbackFetcher,
    })
    const moved = fetched.movedTo && fetched.movedTo !== s.url && (await sources.moveSource(db, s.id, fetched.movedTo)) ? { movedTo: fetched.movedTo } : {}
    if (fetched.status === 'not-modified') {
      await sources.recordPollSuccess(db, s.id, {
        now, etag: null, lastModified: null, itemsSeen: 0, itemsNew: 0, intervalMs: POLL_INTERVAL_MS,
      })
      return { ...base, ...moved, status: 'not-modified', itemsSeen: 0, itemsNew: 0, skipped: 0 }
    }
    const items = parseFeed(fetched.body, { url: fetched.url, outlet: s.outlet, contentType: fetched.contentType })
    // Items already stored (same canonical URL) cost one indexed look-up, no cleaning.
    const urls = items.map((i) => (i.url ? canonicalUrl(i.url) : null))
    const stored = await storedCanonicalUrls(db, urls.filter((u): u is string => u !== null))
    const unseen = items.filter((_, i) => !stored.has(urls[i] ?? ''))
    const cap = opts.maxItems ?? MAX_ITEMS_PER_POLL
    const taken = unseen.slice(0, cap)
    const good: Article[] = []
    let skipped = 0
    const undatedAt = undatedPlace(items, now)
    // A 12-hour clock's times are kept only as approximate ones, like an undated item's.
    const clock12 = twelveHourClock(items)
    for (const item of taken) {
      try {
        const trusted = distrustFuture(item, now)
        const stated = clock12 && trusted.published ? parseDate(trusted.published) : null
        const article = articleFromInput(stated ? withoutDate(trusted) : trusted, { now, linkOptional: true })
        good.push(article.published === null ? { ...article, seenAt: stated ?? undatedAt } : article)
      } catch {
        skipped += 1 // an item with no title and no text, or a bad link: the rest still count
      }
    }
    let itemsNew = 0
    // In batches of the API's size, so one big feed never becomes one unbounded batch.
    for (let at = 0; at < good.length; at += MAX_BATCH_ARTICLES) {
      const report = await ingest(db, good.slice(at, at + MAX_BATCH_ARTICLES), now)
      itemsNew += report.results.filter((r) => r.status !== 'known').length
    }
    const deferred = unseen.length - taken.length
    // With items left over, keep no validators: the next poll must get the feed again, not a 304.
    await sources.recordPollSuccess(db, s.id, {
      now,
      etag: deferred ? null : fetched.etag,
      lastModified: deferred ? null : fetched.lastModified,
      itemsSeen: items.length,
      itemsNew,
      intervalMs: POLL_INTERVAL_MS,
      clearValidators: deferred > 0,
    })
    return { ...base, ...moved, status: 'ok', itemsSeen: items.length, itemsNew, skipped, ...(deferred ? { deferred } : {}) }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    console.warn(`storyfold: polling source ${s.id} (${s.url}) failed: ${error}`)
    await sources.recordPollFailure(db, s.id, now, error, POLL_INTERVAL_MS)
    return { ...base, status: 'error', itemsSeen: 0, itemsNew: 0, skipped: 0, error }
  }
}

/** How a poll runs: its slice, time budget, item cap and loopback rules. */
export interface PollOptions {
  /** Sources per invocation (default POLL_SLICE). */
  slice?: number
  fetcher?: typeof fetch
  /** Per-source time budget (default: fetchFeed's 10 s). */
  timeoutMs?: number
  /** New items per source per poll (default MAX_ITEMS_PER_POLL). */
  maxItems?: number
  /** Allow loopback upstreams (the ALLOW_PRIVATE_SOURCES setting); off by default. */
  allowLoopback?: boolean
  /** How loopback upstreams are fetched (the Worker passes socket-fetch.ts's; see there why). */
  loopbackFetcher?: typeof fetch
}

/**
 * Polls one slice of due sources concurrently; each source's failure stays its own.
 *
 * @example
 * await pollDueSources(env.DB, new Date(scheduledTime))
 */
export async function pollDueSources(db: D1Database, now: Date, opts: PollOptions = {}): Promise<PollOutcome[]> {
  const due = await sources.dueSources(db, now.toISOString(), opts.slice ?? POLL_SLICE)
  const settled = await Promise.allSettled(due.map((s) => pollOne(db, s, now, opts)))
  return settled.map((r, i) =>
    r.status === 'fulfilled'
      ? r.value
      : { sourceId: due[i]?.id ?? 0, url: due[i]?.url ?? '', status: 'error', itemsSeen: 0, itemsNew: 0, skipped: 0, error: String(r.reason) },
  )
}

/**
 * Polls one source now, due or not (`POST /api/sources/:id/poll`); its failure is recorded and
 * backed off like the cron's. Returns null when there is no such source.
 */
export async function pollSourceNow(db: D1Database, id: number, now: Date, opts: PollOptions = {}): Promise<PollOutcome | null> {
  const s = await sources.getSource(db, id)
  return s ? pollOne(db, s, now, opts) : null
}

const SEEDED = 'default_sources_seeded'

/**
 * Adds the default sources configured in `DEFAULT_SOURCES` (a JSON array of `{outlet, url}` in
 * wrangler.toml) once per database; sources removed through the API afterwards stay removed.
 */
export async function seedDefaultSources(db: D1Database, configured: string | undefined, now: Date): Promise<number> {
  if (!configured || (await getMeta(db, SEEDED)) !== null) return 0
  let list: unknown
  try {
    list = JSON.parse(configured)
  } catch {
    console.warn('storyfold: DEFAULT_SOURCES is not JSON; no default sources added')
    return 0
  }
  let added = 0
  if (Array.isArray(list)) {
    for (const s of list as { outlet?: unknown; url?: unknown }[]) {
      if (typeof s.outlet === 'string' && typeof s.url === 'string' && /^https?:\/\//.test(s.url)) {
        if (await sources.addSource(db, s.outlet, s.url, now.toISOString())) added += 1
      }
    }
  }
  await setMeta(db, SEEDED, now.toISOString()).run()
  return added
}
