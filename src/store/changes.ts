/**
 * The change log: one row per write batch that changed anything. The newest row is the data's
 * version (ETag) and the time of its last real change (Last-Modified); inserting version N+1
 * after reading N is the optimistic lock that keeps concurrent batches from interleaving.
 */
import { readOne, type Read } from './reads'

/** The data's current version and the time it last changed. */
export interface DataVersion {
  version: number
  at: string
}

/** The newest change, read now (the write path's optimistic lock needs it exact). */
export async function currentVersion(db: D1Database): Promise<DataVersion> {
  return readOne(db, versionRead(db))
}

/** {@link currentVersion} as a read to send with others (src/store/reads.ts). */
export function versionRead(db: D1Database): Read<DataVersion> {
  return {
    statement: db.prepare('SELECT version, at FROM changes ORDER BY version DESC LIMIT 1'),
    read: (rows) => (rows[0] as DataVersion | undefined) ?? { version: 0, at: '1970-01-01T00:00:00.000Z' },
  }
}

/** What the read side needs to know before answering: the data version and the corpus it holds. */
export interface ReadSnapshot extends DataVersion {
  /** Hash of the seed corpus last folded in, or null. */
  corpusHash: string | null
}

/**
 * The data version for the read side and the corpus it holds, in one query. Read on every request
 * (no memory in the isolate): a write anywhere is seen by the next request.
 *
 * @example
 * const { version, at } = await readVersion(env.DB)
 */
export async function readVersion(db: D1Database): Promise<ReadSnapshot> {
  const row = await db
    .prepare(
      `SELECT version, at, (SELECT value FROM meta WHERE key = 'corpus_hash') AS corpusHash
         FROM changes ORDER BY version DESC LIMIT 1`,
    )
    .first<ReadSnapshot>()
  return row ?? { version: 0, at: '1970-01-01T00:00:00.000Z', corpusHash: null }
}

/**
 * Statement recording change `expected + 1`. If another batch recorded it first, the primary
 * key makes this fail and the whole batch roll back.
 */
export function recordChange(db: D1Database, expected: number, at: string, articles: number): D1PreparedStatement {
  return db.prepare('INSERT INTO changes (version, at, articles) VALUES (?, ?, ?)').bind(expected + 1, at, articles)
}

/** Whether an error is the optimistic lock (or a unique index) refusing a batch: retry it. */
export function isConflict(err: unknown): boolean {
  return /UNIQUE constraint failed/i.test(String(err instanceof Error ? err.message : err))
}

/** A small fact, such as the hash of the seed corpus last ingested. */
export async function getMeta(db: D1Database, key: string): Promise<string | null> {
  const row = await db.prepare('SELECT value FROM meta WHERE key = ?').bind(key).first<{ value: string }>()
  return row?.value ?? null
}

/** Statement setting a small fact. */
export function setMeta(db: D1Database, key: string, value: string): D1PreparedStatement {
  return db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').bind(key, value)
}

/**
 * Takes the lease `key` until `until` (ISO 8601, UTC) if nobody holds it past `now`: one D1
 * statement, so of two overlapping cron runs exactly one gets it. Returns whether we hold it;
 * release it with {@link releaseLease}. A holder that dies loses it at `until`.
 */
export async function takeLease(db: D1Database, key: string, now: string, until: string): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO meta (key, value) VALUES (?1, ?2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE meta.value <= ?3
       RETURNING value`,
    )
    .bind(key, until, now)
    .first<{ value: string }>()
  return row?.value === until
}

/** Gives the lease `key` back, if it is still the one taken until `until`. */
export async function releaseLease(db: D1Database, key: string, until: string): Promise<void> {
  await db.prepare('DELETE FROM meta WHERE key = ? AND value = ?').bind(key, until).run()
}
