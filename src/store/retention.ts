/**
 * Retention (issue 18): a development nobody has added to for the retention window keeps its
 * entry for ever (its row: outlets with headlines, links and times, summary, search text) while
 * its articles lose what only the fold and the API's detail need: text, features, explanation
 * (`''`, `'null'`, `'null'`) and their candidate postings. Feeds and pages render from the
 * development row, so they do not change. With no postings a pruned development is never a
 * candidate again, so its fold state (centroids, names, span: a third of its row) goes too, and
 * `touched_at`, which only picks what to prune next. An article's canonical URL and content hash
 * stay, so a feed item already seen is still known.
 */

/** A pruned article's features and explanation: JSON null, so readers parse them without a special case. */
export const PRUNED_JSON = 'null'

/** Statement recording that the pipeline wrote developments `ids` at `at` (ISO 8601): retention counts from there. */
export function markTouched(db: D1Database, ids: string[], at: string): D1PreparedStatement {
  return db.prepare('UPDATE developments SET touched_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(ids), at)
}

/**
 * Prunes up to `limit` developments the pipeline last wrote before `cutoff` (ISO 8601, UTC),
 * longest untouched first, in one D1 batch (all or none); `now` is recorded as when. Returns how
 * many developments and articles it pruned; 0 developments when none is due.
 */
export async function pruneBefore(db: D1Database, cutoff: string, now: string, limit: number): Promise<{ developments: number; articles: number }> {
  const { results } = await db
    .prepare('SELECT id FROM developments WHERE pruned_at IS NULL AND touched_at < ?1 ORDER BY touched_at LIMIT ?2')
    .bind(cutoff, limit)
    .all<{ id: string }>()
  if (results.length === 0) return { developments: 0, articles: 0 }
  const ids = JSON.stringify(results.map((r) => r.id))
  const inBatch = 'development_id IN (SELECT value FROM json_each(?1))'
  const [, articles] = await db.batch([
    db.prepare(`DELETE FROM postings WHERE seq IN (SELECT seq FROM articles WHERE ${inBatch})`).bind(ids),
    db.prepare(`UPDATE articles SET text = '', features = ?2, explain = ?2 WHERE ${inBatch}`).bind(ids, PRUNED_JSON),
    db.prepare('UPDATE developments SET pruned_at = ?2, fold_state = NULL, touched_at = NULL WHERE id IN (SELECT value FROM json_each(?1))').bind(ids, now),
  ])
  return { developments: results.length, articles: articles?.meta.changes ?? 0 }
}

/** Developments one retention batch prunes, and batches per cron run: a few thousand rows written, far inside a run's CPU budget. */
export const RETENTION_BATCH = 100
export const RETENTION_BATCHES_PER_RUN = 5

/**
 * The cron's retention: prunes developments with no new article for `days` days before `now`, in batches of
 * RETENTION_BATCH, at most RETENTION_BATCHES_PER_RUN per run (the rest wait for the next runs).
 * `days` ≤ 0 or not a number keeps everything. Returns the developments and articles pruned.
 */
export async function applyRetention(db: D1Database, now: Date, days: number): Promise<{ developments: number; articles: number }> {
  const total = { developments: 0, articles: 0 }
  if (!Number.isFinite(days) || days <= 0) return total
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString()
  for (let i = 0; i < RETENTION_BATCHES_PER_RUN; i++) {
    const done = await pruneBefore(db, cutoff, now.toISOString(), RETENTION_BATCH)
    total.developments += done.developments
    total.articles += done.articles
    if (done.developments < RETENTION_BATCH) break
  }
  return total
}
