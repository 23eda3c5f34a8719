/**
 * What the fold needs from D1 beyond the candidate articles: the stream's term counts and the
 * fold state of each candidate development (src/cluster/development.ts, term-stats.ts), as JSON:
 * the pipeline parses it.
 */
import { readOne, type Read } from './reads'

/**
 * Stored counts of `keys` (src/cluster/term-stats.ts says what the keys mean).
 * @returns key → count; keys never counted are absent
 */
export async function readTermCounts(db: D1Database, keys: string[]): Promise<Map<string, number>> {
  return readOne(db, termCountsRead(db, keys))
}

/** {@link readTermCounts} as a read to send with others (src/store/reads.ts). */
export function termCountsRead(db: D1Database, keys: string[]): Read<Map<string, number>> {
  return {
    statement: db.prepare('SELECT term, n FROM term_df WHERE term IN (SELECT value FROM json_each(?1))').bind(JSON.stringify([...new Set(keys)])),
    read: (rows) => new Map((rows as { term: string; n: number }[]).map((r) => [r.term, r.n])),
  }
}

/** Statement adding a batch's counts (key → how many of its articles count under it). */
export function addTermCounts(db: D1Database, counts: Map<string, number>): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO term_df (term, n) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1) WHERE true
       ON CONFLICT (term) DO UPDATE SET n = n + excluded.n`,
    )
    .bind(JSON.stringify([...counts]))
}

/**
 * Statement taking a removed article's counts back out (key → how many to subtract; a count
 * never goes below 0, and a key at 0 is dropped as if never counted). The keys are those of the
 * article's stored text; for an article corrected since it was counted that is its latest text,
 * the closest the store can tell.
 */
export function subtractTermCounts(db: D1Database, counts: Map<string, number>): D1PreparedStatement[] {
  const pairs = JSON.stringify([...counts])
  return [
    db
      .prepare(
        `UPDATE term_df SET n = max(0, n - (SELECT json_extract(value, '$[1]') FROM json_each(?1) WHERE json_extract(value, '$[0]') = term))
          WHERE term IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))`,
      )
      .bind(pairs),
    db.prepare(`DELETE FROM term_df WHERE n <= 0 AND term IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))`).bind(pairs),
  ]
}

/**
 * A development as the fold sees it: its stored fold state (JSON; null before migration 0004,
 * and after retention pruned it, when it is never a candidate again), story and opening seq.
 */
export interface FoldRow {
  id: string
  storyId: string
  openedSeq: number
  foldState: string | null
}

/** The fold rows of the developments in `ids` that exist. */
export async function foldRows(db: D1Database, ids: string[]): Promise<FoldRow[]> {
  if (ids.length === 0) return []
  return readOne(db, foldRowsRead(db, ids))
}

/** {@link foldRows} as a read to send with others (src/store/reads.ts). */
export function foldRowsRead(db: D1Database, ids: string[]): Read<FoldRow[]> {
  return {
    statement: db
      .prepare(
        `SELECT id, story_id AS storyId, opened_seq AS openedSeq, fold_state AS foldState
           FROM developments WHERE id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify([...new Set(ids)])),
    read: (rows) => rows as unknown as FoldRow[],
  }
}

/** Stored features (JSON) of every article of `ids` that retention has not pruned, oldest first: to rebuild a fold state stored before they existed. */
export async function memberFeatures(db: D1Database, ids: string[]): Promise<{ developmentId: string; features: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT development_id AS developmentId, features FROM articles
        WHERE development_id IN (SELECT value FROM json_each(?1)) AND features <> 'null' ORDER BY seq`,
    )
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ developmentId: string; features: string }>()
  return results
}

/** Statement writing a development's fold state. */
export function writeFoldState(db: D1Database, id: string, state: string): D1PreparedStatement {
  return db.prepare('UPDATE developments SET fold_state = ? WHERE id = ?').bind(state, id)
}
