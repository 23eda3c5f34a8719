/**
 * Polling sources: the cron claims the sources that are due and either hands their ids to a
 * Cloudflare Queue (`enqueueDueSources`; a queue consumer polls them in batches,
 * `pollQueuedSources`) or, without a queue, polls one slice itself (`pollDueSources`). Both poll
 * through `pollOne`: fetch, turn the items into articles, fold them in through the one pipeline,
 * record the outcome and the next poll. A failing source is logged and backed off; the others go on.
 */
import { allowPrivateSources } from '../ingest/address'
import { articleFromInput, canonicalUrl } from '../ingest/article'
import { fetchFeed } from '../ingest/fetch-feed'
import { readFeed } from '../ingest/feed-items'
import { itemTimes } from '../ingest/item-times'
import { MAX_BATCH_ARTICLES, ingest } from './pipeline'
import { storedCanonicalUrls } from '../store/articles'
import { getMeta, releaseLease, setMeta, takeLease } from '../store/changes'
import type { Article } from '../schema'
import * as sources from '../store/sources'
import type { Source } from '../store/sources'

/** How often a healthy source is polled when its feed tells nothing about its own rate; also the base of the failure backoff. */
export const POLL_INTERVAL_MS = 15 * 60 * 1000
/** Bounds of a source's own interval: no faster than the cron can poll, no slower than a few hours, so news is never a day late. */
export const MIN_POLL_INTERVAL_MS = 10 * 60 * 1000
/** See MIN_POLL_INTERVAL_MS. */
export const MAX_POLL_INTERVAL_MS = 4 * 60 * 60 * 1000
/** Sources per cron run without a queue: well under the 50 subrequests of the free plan, with redirects. */
export const POLL_SLICE = 8
/** Sources one cron run hands to the queue at most (a thousand sources every 10–15 minutes with room). */
export const ENQUEUE_LIMIT = 5000
/** How long a claimed source stays out of other runs' reach if its poll never reports (a lost message, a dead isolate). */
export const CLAIM_MS = 30 * 60 * 1000
/** How long the cron's lease holds if its run dies before giving it back. */
export const CRON_LEASE_MS = 5 * 60 * 1000
const CRON_LEASE = 'poll_cron_lease'
/**
 * New items one poll of one source takes in (issue 19: a 10,000-item feed held the Worker for
 * 52 s). The rest wait for the next polls, which fetch the feed again (no conditional GET) until
 * the backlog is in.
 */
export const MAX_ITEMS_PER_POLL = 200
/**
 * Options for polling from the Worker's settings: `ALLOW_PRIVATE_SOURCES` (loopback upstreams,
 * fetched by `loopbackFetcher`), `POLL_MAX_ITEMS` and `POLL_SLICE` (positive whole numbers; else
 * the defaults).
 */
export function pollSettings(env: { ALLOW_PRIVATE_SOURCES?: string; POLL_MAX_ITEMS?: string; POLL_SLICE?: string }, loopbackFetcher: () => typeof fetch): PollOptions {
  const allowLoopback = allowPrivateSources(env.ALLOW_PRIVATE_SOURCES)
  const max = Number(env.POLL_MAX_ITEMS)
  const slice = Number(env.POLL_SLICE)
  return {
    allowLoopback,
    ...(allowLoopback ? { loopbackFetcher: loopbackFetcher() } : {}),
    ...(Number.isInteger(max) && max > 0 ? { maxItems: max } : {}),
    ...(Number.isInteger(slice) && slice > 0 ? { slice } : {}),
  }
}

/**
 * How long to wait before polling a source again (ms), from its own update rate: half the median
 * gap between its items' dates (so a new item waits about half a gap), never sooner than the
 * feed's `<ttl>` / `sy:updatePeriod` allows, bounded to MIN_POLL_INTERVAL_MS–MAX_POLL_INTERVAL_MS.
 * `itemDates` are ISO 8601 times (undated items left out); with fewer than three and no declared
 * rate, POLL_INTERVAL_MS.
 */
export function pollInterval(declaredMs: number | null, itemDates: readonly string[]): number {
  const times = itemDates.map((d) => Date.parse(d)).filter(Number.isFinite).sort((a, b) => b - a).slice(0, 20)
  const gaps = times.slice(1).map((t, i) => (times[i] as number) - t).sort((a, b) => a - b)
  const observed = gaps.length >= 2 ? (gaps[Math.floor(gaps.length / 2)] as number) / 2 : null
  const wanted = Math.max(observed ?? (declaredMs === null ? POLL_INTERVAL_MS : 0), declaredMs ?? 0)
  return Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, wanted))
}

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

async function pollOne(db: D1Database, s: Source, now: Date, opts: PollOptions): Promise<PollOutcome> {
  const base = { sourceId: s.id, url: s.url }
  try {
    const fetched = await fetchFeed(s.url, {
      etag: s.etag, lastModified: s.lastModified, fetcher: opts.fetcher, timeoutMs: opts.timeoutMs, allowLoopback: opts.allowLoopback, loopbackFetcher: opts.loopbackFetcher,
    })
    const moved = fetched.movedTo && fetched.movedTo !== s.url && (await sources.moveSource(db, s.id, fetched.movedTo)) ? { movedTo: fetched.movedTo } : {}
    if (fetched.status === 'not-modified') {
      await sources.recordPollSuccess(db, s.id, {
        now, etag: null, lastModified: null, itemsSeen: 0, itemsNew: 0, intervalMs: s.pollIntervalMs ?? POLL_INTERVAL_MS,
      })
      return { ...base, ...moved, status: 'not-modified', itemsSeen: 0, itemsNew: 0, skipped: 0 }
    }
    const { items, declaredIntervalMs } = readFeed(fetched.body, { url: fetched.url, outlet: s.outlet, contentType: fetched.contentType })
    // Items already stored (same canonical URL) cost one indexed look-up, no cleaning.
    const urls = items.map((i) => (i.url ? canonicalUrl(i.url) : null))
    const stored = await storedCanonicalUrls(db, urls.filter((u): u is string => u !== null))
    const unseen = items.filter((_, i) => !stored.has(urls[i] ?? ''))
    const cap = opts.maxItems ?? MAX_ITEMS_PER_POLL
    const taken = unseen.slice(0, cap)
    const good: Article[] = []
    let skipped = 0
    const place = itemTimes(items, now)
    for (const raw of taken) {
      try {
        const { item, seenAt } = place(raw)
        const article = articleFromInput(item, { now, linkOptional: true })
        good.push(article.published === null ? { ...article, seenAt } : article)
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
    // With items left over, keep no validators and come back soon: the next poll must get the feed again, not a 304.
    const intervalMs = deferred ? MIN_POLL_INTERVAL_MS : pollInterval(declaredIntervalMs, items.flatMap((i) => (i.published ? [i.published] : [])))
    await sources.recordPollSuccess(db, s.id, {
      now,
      etag: deferred ? null : fetched.etag,
      lastModified: deferred ? null : fetched.lastModified,
      itemsSeen: items.length,
      itemsNew,
      intervalMs,
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

/** How polls run: from the Worker's settings (`pollSettings`), or set by tests. */
export interface PollOptions {
  /** Sources per cron run without a queue (default POLL_SLICE). */
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

/** Polls claimed sources concurrently; each source's failure stays its own (an outcome, never a throw). */
async function pollClaimed(db: D1Database, claimed: Source[], now: Date, opts: PollOptions): Promise<PollOutcome[]> {
  const settled = await Promise.allSettled(claimed.map((s) => pollOne(db, s, now, opts)))
  return settled.map((r, i) =>
    r.status === 'fulfilled'
      ? r.value
      : { sourceId: claimed[i]?.id ?? 0, url: claimed[i]?.url ?? '', status: 'error', itemsSeen: 0, itemsNew: 0, skipped: 0, error: String(r.reason) },
  )
}

/**
 * The cron path without a queue: claims one slice of the sources due at `now` (`opts.slice`,
 * default POLL_SLICE; the most overdue first) and polls them concurrently. Returns one outcome
 * per source polled; a source's failure is recorded on it, not thrown.
 *
 * @example
 * await pollDueSources(env.DB, new Date(scheduledTime))
 */
export async function pollDueSources(db: D1Database, now: Date, opts: PollOptions = {}): Promise<PollOutcome[]> {
  const claimUntil = new Date(now.getTime() + CLAIM_MS).toISOString()
  const due = await sources.claimDueSources(db, now.toISOString(), claimUntil, opts.slice ?? POLL_SLICE)
  return pollClaimed(db, due, now, opts)
}

/** What the cron puts on the poll queue for one source: its id and the claim (its `nextPollAt` while claimed). */
export interface PollMessage {
  id: number
  claim: string
}

/** The part of a Queue producer binding the cron uses. */
export interface PollQueue {
  sendBatch(messages: Iterable<{ body: PollMessage }>): Promise<unknown>
}

/**
 * The cron path with a queue: claims every source due at `now` (at most `limit`, default
 * ENQUEUE_LIMIT) and sends one message per source, 100 per `sendBatch` (the Queues limit).
 * Returns how many were sent. Throws what `sendBatch` throws; the claims of unsent sources lapse
 * after CLAIM_MS and they are due again.
 */
export async function enqueueDueSources(db: D1Database, queue: PollQueue, now: Date, limit = ENQUEUE_LIMIT): Promise<number> {
  const claimUntil = new Date(now.getTime() + CLAIM_MS).toISOString()
  const due = await sources.claimDueSources(db, now.toISOString(), claimUntil, limit)
  for (let at = 0; at < due.length; at += 100) {
    await queue.sendBatch(due.slice(at, at + 100).map((s) => ({ body: { id: s.id, claim: s.nextPollAt } })))
  }
  return due.length
}

/** The part of a queue message the consumer uses (Cloudflare's `Message<PollMessage>`). */
export interface PollDelivery {
  body: PollMessage
  attempts: number
  ack(): void
  retry(options?: { delaySeconds?: number }): void
}

/**
 * The queue consumer: polls the sources of one batch of messages concurrently, at `now`. A message
 * whose claim no longer stands (delivered twice, or its source polled, removed or claimed again
 * since) is acknowledged without a poll. A poll's own failure (HTTP error, timeout, bad feed) is
 * recorded on its source and backed off there, and its message acknowledged; only a failure to
 * record anything (D1 unreachable) retries the message, after 30 s × 2^attempts (at most 15 min).
 * Returns the outcomes of the polls made.
 */
export async function pollQueuedSources(db: D1Database, messages: readonly PollDelivery[], now: Date, opts: PollOptions = {}): Promise<PollOutcome[]> {
  const retry = (m: PollDelivery) => m.retry({ delaySeconds: Math.min(900, 30 * 2 ** Math.max(0, m.attempts - 1)) })
  let claimed: Source[]
  try {
    claimed = await sources.claimedSources(db, messages.map((m) => m.body))
  } catch (e) {
    console.warn(`storyfold: reading ${messages.length} queued source(s) failed: ${String(e)}`)
    messages.forEach(retry)
    return []
  }
  const byId = new Map(claimed.map((s) => [s.id, s]))
  const outcomes: PollOutcome[] = []
  await Promise.all(
    messages.map(async (m) => {
      const s = byId.get(m.body.id)
      if (!s || s.nextPollAt !== m.body.claim) return m.ack()
      try {
        outcomes.push(await pollOne(db, s, now, opts))
        m.ack()
      } catch (e) {
        console.warn(`storyfold: polling queued source ${s.id} failed and is retried: ${String(e)}`)
        retry(m)
      }
    }),
  )
  return outcomes
}

/**
 * The cron's polling, under a lease (one D1 row with an expiry) so overlapping cron runs never
 * work at once: with `queue`, hands every due source to it (`enqueueDueSources`); without,
 * polls one slice itself (`pollDueSources`). Returns what it did, or `{ skipped: true }` when
 * another run holds the lease.
 */
export async function runPollCron(
  db: D1Database,
  now: Date,
  opts: PollOptions & { queue?: PollQueue | undefined },
): Promise<{ skipped: true } | { enqueued: number } | { polled: PollOutcome[] }> {
  const until = new Date(Math.max(now.getTime(), Date.now()) + CRON_LEASE_MS).toISOString()
  if (!(await takeLease(db, CRON_LEASE, now.toISOString(), until))) return { skipped: true }
  try {
    return opts.queue ? { enqueued: await enqueueDueSources(db, opts.queue, now) } : { polled: await pollDueSources(db, now, opts) }
  } finally {
    await releaseLease(db, CRON_LEASE, until)
  }
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
