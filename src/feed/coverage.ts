/**
 * How a development's covering outlets read, independent of format: in order of first report,
 * who reported first, and which lines are syndicated copies of which.
 */
import type { DevelopmentRef, DevelopmentView, OutletCoverage } from '../schema'
import { cleanText, safeUrl } from './text'

/** One covering outlet, ready to show. */
export interface CoverageLine {
  coverage: OutletCoverage
  /** The outlet's name, or "Unknown outlet". */
  outlet: string
  /** The article URL when it is a safe http(s) URL. */
  url: string | null
  /** True for the earliest report with a known time (ties: every outlet at that time). */
  first: boolean
  /** For a syndicated copy: a sentence saying whose text it carries; else null. */
  copyNote: string | null
}

const UNKNOWN_OUTLET = 'Unknown outlet'

/** Outlet name for display. */
export function outletName(c: Pick<OutletCoverage, 'outlet'>): string {
  const name = c.outlet ? cleanText(c.outlet).trim() : ''
  return name === '' ? UNKNOWN_OUTLET : name
}

function byTime(a: OutletCoverage, b: OutletCoverage): number {
  const ta = a.published ? Date.parse(a.published) : Number.POSITIVE_INFINITY
  const tb = b.published ? Date.parse(b.published) : Number.POSITIVE_INFINITY
  if (ta !== tb) return ta < tb ? -1 : 1
  const na = outletName(a)
  const nb = outletName(b)
  if (na !== nb) return na < nb ? -1 : 1
  return a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0
}

/**
 * The covering outlets of a development in order of first report (unknown times last, then by
 * outlet name and article id, so the order never depends on arrival).
 *
 * @example
 * coverageLines(dev).map((l) => `${l.outlet}${l.first ? ' (first)' : ''}`) // → ['FT (first)', 'Reuters']
 */
export function coverageLines(dev: Pick<DevelopmentView, 'outlets'>): CoverageLine[] {
  const sorted = [...dev.outlets].sort(byTime)
  const byId = new Map(sorted.map((c) => [c.articleId, c]))
  const firstMs = sorted[0]?.published ? Date.parse(sorted[0].published) : null
  return sorted.map((c) => {
    let copyNote: string | null = null
    if (c.copyOf !== null) {
      const original = byId.get(c.copyOf)
      const wire = c.byline ? cleanText(c.byline).trim() : original?.byline ? cleanText(original.byline).trim() : ''
      const text = wire ? `the same ${wire} text` : 'the same text'
      copyNote = original
        ? `Syndicated copy: ${text} as ${outletName(original)}.`
        : `Syndicated copy of ${wire ? `a ${wire}` : 'another outlet’s'} report.`
    }
    return {
      coverage: c,
      outlet: outletName(c),
      url: safeUrl(c.url),
      first: firstMs !== null && c.published !== null && Date.parse(c.published) === firstMs,
      copyNote,
    }
  })
}

/**
 * The distinct outlet names of a development, in order of first report.
 *
 * @example
 * outletNames(dev) // → ['Financial Times', 'Reuters', 'The Jerusalem Post']
 */
export function outletNames(dev: Pick<DevelopmentView, 'outlets'>): string[] {
  return [...new Set(coverageLines(dev).map((l) => l.outlet))]
}

/** One row of a story timeline, marked when it is the development being shown. */
export interface TimelineRow {
  ref: DevelopmentRef
  current: boolean
}

/**
 * The story timeline of a development in time order, with the development itself marked.
 *
 * @example
 * timelineRows(dev).find((r) => r.current)?.ref.id === dev.id // → true
 */
export function timelineRows(dev: Pick<DevelopmentView, 'id' | 'timeline'>): TimelineRow[] {
  return [...dev.timeline]
    .sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((ref) => ({ ref, current: ref.id === dev.id }))
}
