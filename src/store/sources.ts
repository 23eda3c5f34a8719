/**
 * Source feeds polled by the cron trigger, with their conditional-GET validators and health:
 * last success, last error, failures in a row (for backoff) and item counts.
 */

/** A polled source as stored. */
export interface Source {
  id: number
  outlet: string
  url: string
  etag: string | null
  lastModified: string | null
  nextPollAt: string
  lastPolledAt: string | null
  lastSuccessAt: string | null
  lastError: string | null
  lastErrorAt: string | null
  failures: number
  itemsSeen: number
  itemsNew: number
  createdAt: string
  /** How often it is polled when healthy (ms), from its own update rate; null before its first success. */
  pollIntervalMs: number | null
}

const SELECT = `SELECT id, outlet, url, etag, last_modified AS lastModified, next_poll_at AS nextPollAt,
  last_polled_at AS lastPolledAt, last_success_at AS lastSuccessAt, last_error AS lastError,
  last_error_at AS lastErrorAt, failures, items_seen AS itemsSeen, items_new AS itemsNew, created_at AS createdAt,
  poll_interval_ms AS pollIntervalMs
  FROM sources`

/** Every source, by id. */
export async function listSources(db: D1Database): Promise<Source[]> {
  return (await db.prepare(`${SELECT} ORDER BY id`).all<Source>()).results
}

/** One source, or null. */
export async function getSource(db: D1Database, id: number): Promise<Source | null> {
  return db.prepare(`${SELECT} WHERE id = ?`).bind(id).first<Source>()
}

/** True when `url` is a source already. */
export async function hasSourceUrl(db: D1Database, url: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS one FROM sources WHERE url = ?').bind(url).first()) !== null
}

/** Adds a source (due at once); returns it, or null when its URL is already a source. */
export async function addSource(db: D1Database, outlet: string, url: string, now: string): Promise<Source | null> {
  const res = await db
    .prepare(
      `INSERT INTO sources (outlet, url, next_poll_at, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (url) DO NOTHING RETURNING id`,
    )
    .bind(outlet, url, now, now)
    .first<{ id: number }>()
  return res ? getSource(db, res.id) : null
}

/**
 * Adds several sources in one D1 batch (an OPML import), in order; returns each one's new id, or
 * null where its URL was already a source (earlier in the list, too).
 */
export async function addSources(db: D1Database, list: { outlet: string; url: string }[], now: string): Promise<(number | null)[]> {
  if (list.length === 0) return []
  const insert = db.prepare(
    `INSERT INTO sources (outlet, url, next_poll_at, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (url) DO NOTHING RETURNING id`,
  )
  const results = await db.batch<{ id: number }>(list.map((s) => insert.bind(s.outlet, s.url, now, now)))
  return results.map((r) => r.results[0]?.id ?? null)
}

/** Removes a source; true when there was one. */
export async function deleteSource(db: D1Database, id: number): Promise<boolean> {
  const res = await db.prepare('DELETE FROM sources WHERE id = ?').bind(id).run()
  return (res.meta.changes ?? 0) > 0
}

/**
 * Claims up to `limit` sources due at `now` (the most overdue first) in one statement: their
 * `nextPollAt` moves to `claimUntil`, so no other cron run, queue delivery or overlapping
 * invocation takes them again until their poll records its result (which sets the next poll) or
 * the claim lapses. Returns them with `nextPollAt` = `claimUntil`, the claim a queue message carries.
 */
export async function claimDueSources(db: D1Database, now: string, claimUntil: string, limit: number): Promise<Source[]> {
  const { results } = await db
    .prepare(
      `UPDATE sources SET next_poll_at = ?2
        WHERE id IN (SELECT id FROM sources WHERE next_poll_at <= ?1 ORDER BY next_poll_at, id LIMIT ?3)
       RETURNING id`,
    )
    .bind(now, claimUntil, limit)
    .all<{ id: number }>()
  return claimedSources(db, results.map((r) => ({ id: r.id, claim: claimUntil })))
}

/**
 * The sources of `claims` whose claim still stands (`nextPollAt` equals it): a queue message
 * delivered twice, or after its source was polled, removed or claimed again, finds nothing.
 */
export async function claimedSources(db: D1Database, claims: { id: number; claim: string }[]): Promise<Source[]> {
  if (claims.length === 0) return []
  const { results } = await db
    .prepare(
      `${SELECT} WHERE (id, next_poll_at) IN
         (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1)) ORDER BY next_poll_at, id`,
    )
    .bind(JSON.stringify(claims.map((c) => [c.id, c.claim])))
    .all<Source>()
  return results
}

/** Records a successful poll: new validators (or none, with `clearValidators`), counts, next poll after `intervalMs` (also stored as its interval). */
export async function recordPollSuccess(
  db: D1Database,
  id: number,
  r: { now: Date; etag: string | null; lastModified: string | null; itemsSeen: number; itemsNew: number; intervalMs: number; clearValidators?: boolean },
): Promise<void> {
  const keep = r.clearValidators ? 'NULL' : null
  await db
    .prepare(
      `UPDATE sources SET etag = ifnull(?, ${keep ?? 'etag'}), last_modified = ifnull(?, ${keep ?? 'last_modified'}), last_polled_at = ?,
         last_success_at = ?, failures = 0, items_seen = items_seen + ?, items_new = items_new + ?, next_poll_at = ?,
         poll_interval_ms = ?
       WHERE id = ?`,
    )
    .bind(
      r.etag, r.lastModified, r.now.toISOString(), r.now.toISOString(), r.itemsSeen, r.itemsNew,
      new Date(r.now.getTime() + r.intervalMs).toISOString(), r.intervalMs, id,
    )
    .run()
}

/** Records a failed poll and backs off: the interval doubles with each failure in a row, up to a day. */
export async function recordPollFailure(db: D1Database, id: number, now: Date, error: string, intervalMs: number): Promise<void> {
  const row = await db.prepare('SELECT failures FROM sources WHERE id = ?').bind(id).first<{ failures: number }>()
  const failures = (row?.failures ?? 0) + 1
  const wait = Math.min(intervalMs * 2 ** failures, 24 * 60 * 60 * 1000)
  await db
    .prepare(
      `UPDATE sources SET last_polled_at = ?, last_error = ?, last_error_at = ?, failures = ?, next_poll_at = ? WHERE id = ?`,
    )
    .bind(now.toISOString(), error.slice(0, 500), now.toISOString(), failures, new Date(now.getTime() + wait).toISOString(), id)
    .run()
}

/**
 * A source answered with a permanent redirect (301/308): store where it lives now. Returns false
 * (and changes nothing) when another source already has that URL.
 */
export async function moveSource(db: D1Database, id: number, url: string): Promise<boolean> {
  const res = await db
    .prepare('UPDATE sources SET url = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE url = ?)')
    .bind(url, id, url)
    .run()
  return (res.meta.changes ?? 0) > 0
}
