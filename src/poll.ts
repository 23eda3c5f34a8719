/**
 * The cron's work: poll the sources that are due, one slice per invocation (a Worker invocation
 * has a subrequest and CPU budget), turn their items into articles and fold them in through the
 * one pipeline. A failing source is logged and backed off; the others go on.
 */
import { articleFromInput } from './ingest/article'
import { fetchFeed } from './ingest/fetch-feed'
import { parseFeed } from './ingest/feed-items'
import { ingest } from './pipeline'
import { getMeta, setMeta } from './store/changes'
import type { Article } from './schema'
import * as sources from './store/sources'
import type { Source } from './store/sources'

/** How often a healthy source is polled. */
export const POLL_INTERVAL_MS = 15 * 60 * 1000
/** Sources per invocation: well under the 50 subrequests of the free plan, with redirects. */
export const POLL_SLICE = 8

export interface PollOutcome {
  sourceId: number
  url: string
  status: 'ok' | 'not-modified' | 'error'
  itemsSeen: number
  itemsNew: number
  skipped: number
  error?: string
}

async function pollOne(db: D1Database, s: Source, now: Date, opts: PollOptions): Promise<PollOutcome> {
  const base = { sourceId: s.id, url: s.url }
  try {
    const fetched = await fetchFeed(s.url, { etag: s.etag, lastModified: s.lastModified, fetcher: opts.fetcher, timeoutMs: opts.timeoutMs })
    if (fetched.status === 'not-modified') {
      await sources.recordPollSuccess(db, s.id, {
        now, etag: null, lastModified: null, itemsSeen: 0, itemsNew: 0, intervalMs: POLL_INTERVAL_MS,
      })
      return { ...base, status: 'not-modified', itemsSeen: 0, itemsNew: 0, skipped: 0 }
    }
    const items = parseFeed(fetched.body, { url: fetched.url, outlet: s.outlet, contentType: fetched.contentType })
    const good: Article[] = []
    let skipped = 0
    for (const item of items) {
      try {
        good.push(articleFromInput(item, { now }))
      } catch {
        skipped += 1 // an item without a title or text, or with a bad link: the rest still count
      }
    }
    const report = good.length ? await ingest(db, good, now) : { results: [] }
    const itemsNew = report.results.filter((r) => r.status !== 'known').length
    await sources.recordPollSuccess(db, s.id, {
      now, etag: fetched.etag, lastModified: fetched.lastModified, itemsSeen: items.length, itemsNew, intervalMs: POLL_INTERVAL_MS,
    })
    return { ...base, status: 'ok', itemsSeen: items.length, itemsNew, skipped }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    console.warn(`storyfold: polling source ${s.id} (${s.url}) failed: ${error}`)
    await sources.recordPollFailure(db, s.id, now, error, POLL_INTERVAL_MS)
    return { ...base, status: 'error', itemsSeen: 0, itemsNew: 0, skipped: 0, error }
  }
}

/**
 * Polls one slice of due sources concurrently; each source's failure stays its own.
 *
 * @example
 * await pollDueSources(env.DB, new Date(scheduledTime))
 */
export interface PollOptions {
  /** Sources per invocation (default POLL_SLICE). */
  slice?: number
  fetcher?: typeof fetch
  /** Per-source time budget (default: fetchFeed's 10 s). */
  timeoutMs?: number
}

export async function pollDueSources(db: D1Database, now: Date, opts: PollOptions = {}): Promise<PollOutcome[]> {
  const due = await sources.dueSources(db, now.toISOString(), opts.slice ?? POLL_SLICE)
  const settled = await Promise.allSettled(due.map((s) => pollOne(db, s, now, opts)))
  return settled.map((r, i) =>
    r.status === 'fulfilled'
      ? r.value
      : { sourceId: due[i]?.id ?? 0, url: due[i]?.url ?? '', status: 'error', itemsSeen: 0, itemsNew: 0, skipped: 0, error: String(r.reason) },
  )
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
