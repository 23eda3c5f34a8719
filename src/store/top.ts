/**
 * The top developments: what many distinct outlets cover now, recent reports weighing more
 * (the home page and the top feeds read it).
 */
import type { OutletCoverage } from '../schema'
import { getDevelopments, whereClause, type DevelopmentFilter, type StoredDevelopment } from './developments'

/** Half-life of an outlet's weight in the top developments: a report 12 hours old counts half. */
export const TOP_HALF_LIFE_HOURS = 12

/** How far back the top developments look first (hours), and at most when that finds too few. */
const TOP_WINDOWS_HOURS = [72, 24 * 30]

/** Candidates scored per top read: the most widely covered developments of the window. */
const TOP_CANDIDATES = 400

/** A development of the top list: its row and its score. */
export interface TopEntry<D> {
  development: D
  /** Σ over its distinct outlets of 0.5^(age in hours / {@link TOP_HALF_LIFE_HOURS}). */
  score: number
}

/**
 * The top score of a development at instant `refMs` (ms since the epoch): each distinct outlet
 * (names compared without case or extra spaces) counts 0.5^(hours since its first report in the
 * development / 12), so what many outlets report now leads, and a development widely covered
 * days ago fades (the recency-weighted coverage count of Techmeme and Google News). An outlet
 * with no time counts from the development's first report; a report after `refMs` counts 1.
 *
 * @example
 * topScore(dev.outlets, dev.published, Date.parse('2024-04-03T14:00:00Z')) // → 2.5 (two outlets now, one 12 h ago)
 */
export function topScore(outlets: readonly Pick<OutletCoverage, 'outlet' | 'published' | 'articleId'>[], published: string, refMs: number): number {
  const firstOf = new Map<string, number>()
  const fallback = Date.parse(published)
  for (const o of outlets) {
    const name = o.outlet?.trim().replace(/\s+/g, ' ').toLowerCase()
    const key = name ? name : `\u0000${o.articleId}`
    const t = o.published ? Date.parse(o.published) : fallback
    const at = Number.isNaN(t) ? fallback : t
    const known = firstOf.get(key)
    if (known === undefined || at < known) firstOf.set(key, at)
  }
  let score = 0
  for (const at of firstOf.values()) score += 0.5 ** (Math.max(0, refMs - at) / 3_600_000 / TOP_HALF_LIFE_HOURS)
  return score
}

/**
 * The top developments: filtered like {@link listDevelopments}, ordered by {@link topScore} at the
 * time of the newest dated first report stored (of any, when none is dated) ("now" for the news: the same answer for the same data,
 * so a top feed is cached and validated by the data version like any feed; an archive shows what
 * was big at its end). Candidates are the {@link TOP_CANDIDATES} most widely covered developments
 * first reported in the last 72 hours before then (30 days when that finds fewer than `limit`),
 * scored from their outlets; the best `limit` come back. Two or three reads; linear in the candidates.
 */
export async function topDevelopments(
  db: D1Database,
  filter: DevelopmentFilter,
  limit: number,
): Promise<{ entries: TopEntry<StoredDevelopment>[]; at: string | null }> {
  // "Now" is the newest dated first report: an undated article is placed when it was seen (the
  // time of posting, for one sent to the API without a date), which says nothing of when the news
  // is from, and would age every other development at once. Read down the published index.
  const dated = await db
    .prepare('SELECT published AS at FROM developments WHERE published_approximate = 0 ORDER BY published DESC LIMIT 1')
    .first<{ at: string }>()
  const at = dated?.at ?? (await db.prepare('SELECT MAX(published) AS at FROM developments').first<{ at: string | null }>())?.at ?? null
  if (at === null) return { entries: [], at }
  const refMs = Date.parse(at)
  let candidates: { id: string; outlets: string; published: string }[] = []
  for (const hours of TOP_WINDOWS_HOURS) {
    const w = whereClause({ ...filter, since: undefined }, null)
    const since = new Date(refMs - hours * 3_600_000).toISOString()
    const cond = [w.sql.replace(/^WHERE /, ''), 'published >= ?'].filter(Boolean).join(' AND ')
    // `since` filters on the last change, as everywhere; the window is on the first report.
    const sinceCond = filter.since !== undefined ? ' AND updated >= ?' : ''
    candidates = (
      await db
        .prepare(`SELECT id, outlets, published FROM developments WHERE ${cond}${sinceCond} ORDER BY outlet_count DESC, published DESC LIMIT ?`)
        .bind(...w.binds, since, ...(filter.since !== undefined ? [filter.since] : []), TOP_CANDIDATES)
        .all<{ id: string; outlets: string; published: string }>()
    ).results
    if (candidates.length >= limit) break
  }
  const scored = candidates
    .map((c) => ({ id: c.id, score: topScore(JSON.parse(c.outlets) as OutletCoverage[], c.published, refMs), published: c.published }))
    .sort((a, b) => b.score - a.score || (a.published < b.published ? 1 : a.published > b.published ? -1 : a.id < b.id ? -1 : 1))
    .slice(0, limit)
  if (scored.length === 0) return { entries: [], at }
  const byId = new Map((await getDevelopments(db, scored.map((s) => s.id))).map((d) => [d.id, d]))
  const entries: TopEntry<StoredDevelopment>[] = []
  for (const s of scored) {
    const development = byId.get(s.id)
    if (development) entries.push({ development, score: s.score })
  }
  return { entries, at }
}
