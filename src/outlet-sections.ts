/**
 * The outlet sections kept with each development (src/feed/sections.ts renders them, src/store
 * keeps them): which to store when the pipeline writes a development, and the cron's rewrite of
 * those stored at an older version.
 */
import { OUTLET_SECTIONS_VERSION, outletSections } from './feed/sections'
import type { OutletCoverage } from './schema'
import { staleSections, writeSections, type StoredSections } from './store/sections'

/**
 * The most UTF-8 bytes of outlet sections stored with one development. D1 refuses a row over
 * 2 MB and the sections take about four times the outlets' own JSON, so a development covered by
 * a few hundred outlets would make its row, and so every later batch that touches it, fail.
 * Past this budget (about 200 outlets of English news) its sections are not stored and its
 * entries render from its outlets, as rows of an older version do.
 */
export const SECTIONS_MAX_BYTES = 512 * 1024

/**
 * The outlet sections to store with a development, or null when they are over
 * {@link SECTIONS_MAX_BYTES} (then none are stored).
 *
 * @example
 * sectionsToStore(dev.outlets)?.html // → '<h3>Covered by 3 outlets</h3>…', or undefined for a huge development
 */
export function sectionsToStore(outlets: readonly OutletCoverage[]): StoredSections | null {
  const sections = outletSections(outlets)
  const encoder = new TextEncoder()
  let bytes = 0
  for (const part of Object.values(sections)) bytes += encoder.encode(part).length
  return bytes <= SECTIONS_MAX_BYTES ? sections : null
}

/** How many developments one cron run rewrites the outlet sections of, at most (one D1 batch). */
export const SECTIONS_REFRESH_LIMIT = 200

/**
 * Rewrites the outlet sections stored at an older {@link OUTLET_SECTIONS_VERSION} (after a
 * deploy that changed them) or never written (rows from before migration 0003), up to `limit`
 * developments; returns how many it rewrote. Run by the cron. Until a row is rewritten, feeds
 * render its sections from its outlets: the same bytes, only dearer. So this records no data
 * change (ETags and cached feeds stay valid), and a row whose outlets changed since it was read
 * is left alone (the write that changed them wrote its sections).
 *
 * @example
 * await refreshOutletSections(env.DB) // → 200 (then 200, …, then 0 once all are current)
 */
export async function refreshOutletSections(db: D1Database, limit = SECTIONS_REFRESH_LIMIT): Promise<number> {
  const stale = await staleSections(db, OUTLET_SECTIONS_VERSION, limit)
  if (stale.length === 0) return 0
  const results = await db.batch(
    stale.map((s) => writeSections(db, s.id, s.outletsJson, OUTLET_SECTIONS_VERSION, sectionsToStore(s.outlets))),
  )
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0)
}
