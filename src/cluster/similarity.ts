/**
 * Pairwise similarity of two articles' features, the time-dependent thresholds for folding
 * them into one development or linking them into one story, and near-duplicate detection.
 * Everything here is symmetric in its two articles and independent of arrival order.
 */
import type { ArticleFeatures, TermVector } from './features'

/** Tunable constants; one configuration for every kind of input. */
export interface FoldParams {
  /** cosine of whole-text vectors needed to fold two full-text articles (same day) */
  devFull: number
  /** cosine of headline+lead vectors needed when either article is headline-only */
  devLead: number
  /** gap (days) under which time does not matter */
  graceDays: number
  /** days over which the needed similarity grows by one more threshold */
  decayDays: number
  /** similarity that folds two articles whatever the gap (a late report of the same facts) */
  lateSim: number
  /** story links: fraction of the development threshold, full text and headline-only (headline similarity is too noisy to loosen) */
  storyFactor: number
  storyLeadFactor: number
  /** whether the headline-name gate also applies to story links */
  storyGate: boolean
  /** story links: grace and decay in days */
  storyGraceDays: number
  storyDecayDays: number
  /** estimated shingle Jaccard at or above which an article is a copy of another */
  copyJaccard: number
  /** development links need at least this headline-name coverage both ways (see coverage) ... */
  covGate: number
  /** ... unless the similarity is at least this */
  strongSim: number
  /** content terms two articles must share before any link: one shared word is no evidence */
  minShared: number
  /**
   * similarity a development link needs when both articles state measurements (decimals,
   * currency amounts) and neither mentions any of the other's (see Comparison.measures)
   */
  measureSim: number
}

/** The configuration used for every data set. */
export const DEFAULT_PARAMS: FoldParams = {
  devFull: 0.3,
  devLead: 0.55,
  graceDays: 1.5,
  decayDays: 6,
  lateSim: 0.75,
  storyFactor: 0.85,
  storyLeadFactor: 1,
  storyGate: true,
  storyGraceDays: 7,
  storyDecayDays: 30,
  copyJaccard: 0.7,
  minShared: 2,
  covGate: 0.7,
  strongSim: 0.45,
  measureSim: 0.6,
}

const DAY = 86_400_000

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
export function jaccard(a: number[] | null, b: number[] | null): number {
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
  copy: boolean
  jaccard: number
  /**
   * The smaller of the two headline-name coverages: the share of an article's headline names
   * and numbers (by squared weight) the other article mentions at all. A headline naming
   * Wellington against an article that never does is likely another event of the same kind.
   */
  coverage: number
  /**
   * 'disagree' when both articles state measurements (decimal numbers, currency amounts) and
   * neither mentions any of the other's — two quakes of magnitude 5.2 and 5.9, two deals of
   * $334 million and $5.4 billion; 'agree' when one is shared; 'none' when either states none
   * (or the similarity is outside the band where it matters).
   */
  measures: 'agree' | 'disagree' | 'none'
}

/**
 * Compares a prepared article with another's features. Full text against full text when both
 * have a body; otherwise headline+lead vectors (a headline cannot be compared with a whole
 * article's vocabulary). Exact integer arithmetic makes compareTo(prepare(a), b) equal
 * compareTo(prepare(b), a) bit for bit, which order-independence needs.
 * @example compareTo(prepare(featurize(a)), featurize(b)).similarity // 0.42
 */
export function compareTo(pa: Prepared, b: ArticleFeatures, params: FoldParams = DEFAULT_PARAMS): Comparison {
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
  const similarity = dot / 1e6
  const j = jaccard(a.m, b.m)
  const headlineCopy = !a.b && !b.b && a.h !== '' && a.h === b.h
  const base = basis === 'full' ? params.devFull : params.devLead
  // coverage matters only where the gate can bite; elsewhere skip its cost
  const loosest = base * Math.min(1, params.storyFactor, params.storyLeadFactor)
  const coverage = similarity >= loosest && similarity < params.strongSim ? coverageOf(pa, b) : 1
  // whole texts only: a headline states one figure, often in another unit ($65 a share, $1.8 billion)
  const measures = basis === 'full' && similarity >= base && similarity < params.measureSim ? measuresOf(pa, b) : 'none'
  return {
    similarity,
    basis,
    sharedCount,
    gapHours: gapHours(a, b),
    copy: j >= params.copyJaccard || headlineCopy,
    jaccard: j,
    coverage,
    measures,
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

/** min of the two headline-name coverages (see Comparison.coverage). */
function coverageOf(pa: Prepared, b: ArticleFeatures): number {
  // coverage of a's headline names by b
  let hitA = 0
  const counted = new Set<string>()
  for (const vec of [b.f, b.l]) {
    for (const [t] of vec) {
      const v = pa.leadNames.get(t)
      if (v !== undefined && !counted.has(t)) {
        counted.add(t)
        hitA += v
      }
    }
  }
  const covA = pa.leadNamesTotal > 0 ? hitA / pa.leadNamesTotal : 1
  // coverage of b's headline names by a
  let totalB = 0
  let hitB = 0
  for (const [t, w] of b.l) {
    if (!isNumber(t) && !b.e.includes(t)) continue
    totalB += q(w) * q(w)
    if (pa.terms.has(t)) hitB += q(w) * q(w)
  }
  const covB = totalB > 0 ? hitB / totalB : 1
  return Math.min(covA, covB)
}

/** Compares two articles' features (see compareTo). */
export function compare(a: ArticleFeatures, b: ArticleFeatures, params: FoldParams = DEFAULT_PARAMS): Comparison {
  return compareTo(prepare(a), b, params)
}

function needed(base: number, gapH: number | null, grace: number, decay: number): number {
  if (gapH === null) return base
  const days = gapH / 24
  return base * (1 + Math.max(0, days - grace) / decay)
}

/** Similarity needed to fold into one development, given the basis and the time gap. */
export function developmentThreshold(c: Comparison, params: FoldParams = DEFAULT_PARAMS): number {
  const base = c.basis === 'full' ? params.devFull : params.devLead
  return Math.min(Math.max(base, params.lateSim), needed(base, c.gapHours, params.graceDays, params.decayDays))
}

/** Similarity needed to link into one story; never above the development threshold. */
export function storyThreshold(c: Comparison, params: FoldParams = DEFAULT_PARAMS): number {
  const base = c.basis === 'full' ? params.devFull * params.storyFactor : params.devLead * params.storyLeadFactor
  return Math.min(developmentThreshold(c, params), needed(base, c.gapHours, params.storyGraceDays, params.storyDecayDays))
}

/** The two verdicts for a pair of articles. */
export function links(c: Comparison, params: FoldParams = DEFAULT_PARAMS): { development: boolean; story: boolean } {
  if (c.copy) return { development: true, story: true }
  if (c.sharedCount < params.minShared) return { development: false, story: false }
  const gated = c.coverage < params.covGate && c.similarity < params.strongSim
  const unlike = c.measures === 'disagree' && c.similarity < params.measureSim
  const development = !gated && !unlike && c.similarity >= developmentThreshold(c, params)
  const story = development || ((!gated || !params.storyGate) && c.similarity >= storyThreshold(c, params))
  return { development, story }
}

export { DAY }
