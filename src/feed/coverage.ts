/**
 * How a development's covering outlets read, independent of format: in order of first report,
 * who reported first, and which lines are syndicated copies of which.
 */
import type { DevelopmentRef, DevelopmentView, OutletCoverage } from '../schema'
import { cleanText, isDateOnly, linkUrl } from './text'

/** One covering outlet, ready to show. */
export interface CoverageLine {
  coverage: OutletCoverage
  /** The outlet's name, or "Unknown outlet". */
  outlet: string
  /** The article URL when it is a safe http(s) URL, without tracking parameters. */
  url: string | null
  /**
   * True for the earliest report with a known time, and every report that may have come as
   * early: the same instant, or the same day when either gives only the date. A report without a
   * date of its own (only `seen`, an approximate time) is never first (issue 15).
   */
  first: boolean
  /**
   * True only for a report that was strictly first: the one earliest report (no tie, not even on
   * a date-only day) and not a syndicated copy. Say "first to report" only then; "among the first"
   * for the other `first` lines.
   */
  soleFirst: boolean
  /** For a syndicated copy: a sentence saying whose text it carries; else null. */
  copyNote: string | null
  /**
   * The syndicated copies carried under this report (one report carried by several outlets):
   * copies of this line's article, or, for the first copy of an original the development lacks,
   * the later copies of that same original. In coverage order.
   */
  carriedBy: CoverageLine[]
  /** True when this line is shown under another line's `carriedBy` instead of on its own. */
  carried: boolean
}

const UNKNOWN_OUTLET = 'Unknown outlet'

/** Outlet name for display. */
export function outletName(c: Pick<OutletCoverage, 'outlet'>): string {
  const name = c.outlet ? cleanText(c.outlet).trim() : ''
  return name === '' ? UNKNOWN_OUTLET : name
}

/** One outlet with what the order needs, computed once (not per comparison). */
interface Keyed {
  c: OutletCoverage
  name: string
  /** Its date, or for an undated report its approximate time (`seen`); +∞ when neither is known. */
  ms: number
  dated: boolean
}

function byTime(a: Keyed, b: Keyed): number {
  // Dated reports first: an approximate time never puts a report above a dated one.
  if (a.dated !== b.dated) return a.dated ? -1 : 1
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  return a.c.articleId < b.c.articleId ? -1 : a.c.articleId > b.c.articleId ? 1 : 0
}

/**
 * The covering outlets of a development in order of first report (undated reports after the dated
 * ones, by the time first seen; unknown times last; then by outlet name and article id, so the
 * order never depends on arrival).
 *
 * @example
 * coverageLines(dev).map((l) => `${l.outlet}${l.first ? ' (first)' : ''}`) // → ['FT (first)', 'Reuters']
 */
export function coverageLines(dev: Pick<DevelopmentView, 'outlets'>): CoverageLine[] {
  // Runs for every entry of every feed render: one pass to key, an in-place sort, and the id
  // index only when some outlet is a syndicated copy.
  const sorted: Keyed[] = []
  let copies = false
  for (const c of dev.outlets) {
    const at = c.published ?? c.seen
    const ms = at ? Date.parse(at) : Number.NaN
    sorted.push({ c, name: outletName(c), ms: Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms, dated: c.published !== null })
    if (c.copyOf !== null) copies = true
  }
  sorted.sort(byTime)
  const byId = copies ? new Map(sorted.map((k) => [k.c.articleId, k])) : null
  const head = sorted[0]
  const firstMs = head?.dated ? head.ms : Number.POSITIVE_INFINITY
  const headDateOnly = head?.c.published ? isDateOnly(head.c.published) : false
  const day = (ms: number) => Math.floor(ms / 86_400_000)
  // As early as the first: the same instant, or the same day when either time gives only the date.
  const asEarly = (k: Keyed) =>
    k.dated &&
    k.ms !== Number.POSITIVE_INFINITY &&
    (k.ms === firstMs || ((headDateOnly || (k.c.published !== null && isDateOnly(k.c.published))) && day(k.ms) === day(firstMs)))
  const lines = sorted.map(({ c, name, ms }): CoverageLine => {
    let copyNote: string | null = null
    if (c.copyOf !== null) {
      const original = byId?.get(c.copyOf)
      const wire = c.byline ? cleanText(c.byline).trim() : original?.c.byline ? cleanText(original.c.byline).trim() : ''
      const text = wire ? `the same ${wire} text` : 'the same text'
      copyNote = original
        ? `Syndicated copy: ${text} as ${original.name}.`
        : `Syndicated copy of ${wire ? `a ${wire}` : 'another outlet’s'} report.`
    }
    return { coverage: c, outlet: name, url: linkUrl(c.url), first: asEarly({ c, name, ms, dated: c.published !== null }), soleFirst: false, copyNote, carriedBy: [], carried: false }
  })
  const early = lines.filter((l) => l.first)
  if (early.length === 1 && early[0]!.coverage.copyOf === null) early[0]!.soleFirst = true
  if (copies) {
    // Each copy goes under the report it carries: its original when the development has it, else
    // the first copy of the same original (one wire report carried by several outlets).
    const lineOf = new Map(lines.map((l) => [l.coverage.articleId, l]))
    const firstCopyOf = new Map<string, CoverageLine>()
    for (const l of lines) {
      const orig = l.coverage.copyOf
      if (orig === null) continue
      const host = lineOf.get(orig) ?? firstCopyOf.get(orig)
      if (host && host !== l && !host.carried) {
        host.carriedBy.push(l)
        l.carried = true
      } else if (!host) firstCopyOf.set(orig, l)
    }
  }
  return lines
}

/**
 * How many distinct outlets the lines are from: names compared without case or extra spaces,
 * each unknown outlet counted on its own (as `outletCount` is stored, src/cluster/describe.ts).
 *
 * @example
 * outletCount(coverageLines(dev)) // → 3 (four articles, two of them Reuters)
 */
export function outletCount(lines: readonly CoverageLine[]): number {
  const keys = new Set<string>()
  for (const l of lines) {
    const o = l.coverage.outlet?.trim().replace(/\s+/g, ' ').toLowerCase()
    keys.add(o ? o : `\u0000${l.coverage.articleId}`)
  }
  return keys.size
}

/**
 * The distinct outlet names of a development, in order of first report.
 *
 * @example
 * outletNames(dev) // → ['Financial Times', 'Reuters', 'The Jerusalem Post']
 */
export function outletNames(dev: Pick<DevelopmentView, 'outlets'>): string[] {
  const seen = new Map<string, string>()
  for (const l of coverageLines(dev)) {
    const key = l.outlet.replace(/\s+/g, ' ').toLowerCase()
    if (!seen.has(key) || l.outlet === UNKNOWN_OUTLET) seen.set(l.outlet === UNKNOWN_OUTLET ? `\u0000${l.coverage.articleId}` : key, l.outlet)
  }
  return [...seen.values()]
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
  return inTimeOrder(dev.timeline).map((ref) => ({ ref, current: ref.id === dev.id }))
}

/** An instant as the store writes it (`Date#toISOString`): such strings sort as their instants do. */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * True when `refs` are already in time order (first report, then id) and every instant is in the
 * store's form: the story windows come so (src/store/developments.ts; valid instants, as IsoTime
 * requires, sort as strings in that form), and one scan of string
 * comparisons settles it without building a Date per row (this runs for every feed entry).
 */
function inStoredOrder(refs: readonly DevelopmentRef[]): boolean {
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i]!
    if (!STORED_INSTANT.test(r.published)) return false
    const p = refs[i - 1]
    if (p && (p.published > r.published || (p.published === r.published && p.id >= r.id))) return false
  }
  return true
}

/** Developments in time order (first report, then id), stable for equal keys. */
function inTimeOrder(refs: readonly DevelopmentRef[]): DevelopmentRef[] {
  if (inStoredOrder(refs)) return refs as DevelopmentRef[]
  return refs
    .map((ref) => ({ ref, ms: Date.parse(ref.published) }))
    .sort((a, b) => a.ms - b.ms || (a.ref.id < b.ref.id ? -1 : a.ref.id > b.ref.id ? 1 : 0))
    .map(({ ref }) => ref)
}

/**
 * The story so far, as a feed entry shows it: the earlier developments the view carries (oldest
 * first), then the development itself. Later ones are left out, so an entry does not change when
 * the story moves on (each later development is an entry of its own).
 *
 * @example
 * storySoFar(dev).at(-1)?.current // → true
 */
export function storySoFar(dev: Pick<DevelopmentView, 'id' | 'timeline'>): TimelineRow[] {
  const refs = inTimeOrder(dev.timeline)
  const at = refs.findIndex((r) => r.id === dev.id)
  const rows: TimelineRow[] = []
  for (let i = 0; i <= at; i++) rows.push({ ref: refs[i]!, current: i === at })
  return rows
}

/**
 * The authors of a feed entry: its outlets' names (cleaned), each once (case and spacing
 * ignored), unknown outlets left out, in alphabetical order, so the same outlets give the same
 * bytes whether they come from the development's outlets or from the store's outlet index
 * (store/developments.ts reads those for feeds served from stored sections).
 *
 * @example
 * authorNames(['Reuters', 'BBC News', 'reuters', null]) // → ['BBC News', 'Reuters']
 */
export function authorNames(names: Iterable<string | null>): string[] {
  const byKey = new Map<string, string>()
  for (const raw of names) {
    const name = outletName({ outlet: raw })
    if (name === UNKNOWN_OUTLET && !raw?.trim()) continue
    const key = name.replace(/\s+/g, ' ').toLowerCase()
    const known = byKey.get(key)
    if (known === undefined || name < known) byKey.set(key, name)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n)
}
