/**
 * Pairwise similarity of two articles' features, the time-dependent thresholds for folding
 * them into one development or linking them into one story, and near-duplicate detection.
 * Everything here is symmetric in its two articles and independent of arrival order.
 */
import type { ArticleFeatures, TermVector } from './features'

/** One day in milliseconds: the fold's unit of time. */
export const DAY = 86_400_000

/** Integer weight (vectors are stored with 3 decimals), so sums are exact and symmetric. */
const q = (w: number): number => Math.round(w * 1000)
const isNumber = (t: string): boolean => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57

/** One article made ready to be compared with many others (maps built once). */
export interface Prepared {
  features: ArticleFeatures
  full: Map<string, number>
  lead: Map<string, number>
  /** headline names and numbers → squared integer weight */
  leadNames: Map<string, number>
  leadNamesTotal: number
  /** every term of either vector */
  terms: Set<string>
  /** the measurements the article states (ArticleFeatures.q) */
  measures: Set<string>
}

/** Prepares an article's features for repeated comparison. */
export function prepare(f: ArticleFeatures): Prepared {
  const ents = new Set(f.e)
  const leadNames = new Map<string, number>()
  let leadNamesTotal = 0
  for (const [t, w] of f.l) {
    if (!ents.has(t) && !isNumber(t)) continue
    leadNames.set(t, q(w) * q(w))
    leadNamesTotal += q(w) * q(w)
  }
  const full = new Map(f.f.map(([t, w]) => [t, q(w)]))
  const lead = new Map(f.l.map(([t, w]) => [t, q(w)]))
  const terms = new Set([...full.keys(), ...lead.keys()])
  return { features: f, full, lead, leadNames, leadNamesTotal, terms, measures: new Set(f.q ?? []) }
}

/** Terms two vectors share, heaviest contribution first (for explanations). */
export function sharedTerms(a: TermVector, b: TermVector): string[] {
  const m = new Map(a)
  const out: [string, number][] = []
  for (const [t, w] of b) {
    const v = m.get(t)
    if (v !== undefined) out.push([t, w * v])
  }
  return out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([t]) => t)
}

/** Estimated Jaccard of two MinHash signatures (0 when either is missing). */
export function minhashJaccard(a: number[] | null, b: number[] | null): number {
  if (!a || !b || a.length !== b.length) return 0
  let same = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++
  return same / a.length
}

/** Gap between two publication times in hours, or null when either is unknown. */
export function gapHours(a: ArticleFeatures, b: ArticleFeatures): number | null {
  if (a.p === null || b.p === null) return null
  return Math.abs(a.p - b.p) / 3_600_000
}

/** How two articles compare: similarity and the facts behind it. */
export interface Comparison {
  similarity: number
  /** which vectors were compared */
  basis: 'full' | 'lead'
  /** how many terms the compared vectors share */
  sharedCount: number
  gapHours: number | null
  /** estimated shingle Jaccard of the bodies (0 without) */
  jaccard: number
  /**
   * 'disagree' when both articles state measurements (decimal numbers, currency amounts) and
   * neither mentions any of the other's — two quakes of magnitude 5.2 and 5.9, two deals of
   * $334 million and $5.4 billion; 'agree' when one is shared; 'none' when either states none.
   * Whole texts only: a headline states one figure, often in another unit ($65 a share, $1.8 billion).
   */
  measures: 'agree' | 'disagree' | 'none'
}

/**
 * Compares a prepared article with another's features. Full text against full text when both
 * have a body; otherwise headline+lead vectors (a headline cannot be compared with a whole
 * article's vocabulary). Exact integer arithmetic makes compareTo(prepare(a), b) equal
 * compareTo(prepare(b), a) bit for bit.
 * @example compareTo(prepare(featurize(a)), featurize(b)).similarity // 0.42
 */
export function compareTo(pa: Prepared, b: ArticleFeatures): Comparison {
  const a = pa.features
  const basis = a.b && b.b ? 'full' : 'lead'
  const map = basis === 'full' ? pa.full : pa.lead
  let dot = 0
  let sharedCount = 0
  for (const [t, w] of basis === 'full' ? b.f : b.l) {
    const v = map.get(t)
    if (v !== undefined) {
      dot += v * q(w)
      sharedCount++
    }
  }
  return {
    similarity: dot / 1e6,
    basis,
    sharedCount,
    gapHours: gapHours(a, b),
    jaccard: minhashJaccard(a.m, b.m),
    measures: basis === 'full' ? measuresOf(pa, b) : 'none',
  }
}

/** Whether two articles' stated measurements agree (see Comparison.measures). */
function measuresOf(pa: Prepared, b: ArticleFeatures): Comparison['measures'] {
  const bq = b.q ?? []
  if (pa.measures.size === 0 || bq.length === 0) return 'none'
  for (const t of bq) if (pa.measures.has(t) || pa.terms.has(t)) return 'agree'
  for (const vec of [b.f, b.l]) for (const [t] of vec) if (pa.measures.has(t)) return 'agree'
  return 'disagree'
}

/** Compares two articles' features (see compareTo). */
export function compare(a: ArticleFeatures, b: ArticleFeatures): Comparison {
  return compareTo(prepare(a), b)
}

