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
  /** story links: fraction of the development thresholds */
  storyFactor: number
  /** story links: grace and decay in days */
  storyGraceDays: number
  storyDecayDays: number
  /** estimated shingle Jaccard at or above which an article is a copy of another */
  copyJaccard: number
  /** content terms two articles must share before any link: one shared word is no evidence */
  minShared: number
}

/** The configuration used for every data set. */
export const DEFAULT_PARAMS: FoldParams = {
  devFull: 0.3,
  devLead: 0.55,
  graceDays: 1.5,
  decayDays: 4,
  storyFactor: 0.6,
  storyGraceDays: 7,
  storyDecayDays: 30,
  copyJaccard: 0.7,
  minShared: 2,
}

const DAY = 86_400_000

/** Cosine of two normalised sparse vectors, with the terms they share. */
export function cosine(a: TermVector, b: TermVector): { value: number; shared: string[] } {
  const small = a.length <= b.length ? a : b
  const large = a.length <= b.length ? b : a
  const m = new Map(large)
  let value = 0
  const shared: [string, number][] = []
  for (const [t, w] of small) {
    const v = m.get(t)
    if (v !== undefined) {
      value += w * v
      shared.push([t, w * v])
    }
  }
  shared.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
  return { value, shared: shared.map(([t]) => t) }
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
  shared: string[]
  gapHours: number | null
  copy: boolean
  jaccard: number
}

/**
 * Compares two articles. Full text against full text when both have a body; otherwise the
 * headline+lead vectors, since a headline cannot be compared with a whole article's vocabulary.
 * @example compare(featurize(a), featurize(b)).similarity // 0.42
 */
export function compare(a: ArticleFeatures, b: ArticleFeatures, params: FoldParams = DEFAULT_PARAMS): Comparison {
  const basis = a.b && b.b ? 'full' : 'lead'
  const c = basis === 'full' ? cosine(a.f, b.f) : cosine(a.l, b.l)
  const j = jaccard(a.m, b.m)
  const headlineCopy = !a.b && !b.b && a.h !== '' && a.h === b.h
  return {
    similarity: c.value,
    basis,
    shared: c.shared,
    gapHours: gapHours(a, b),
    copy: j >= params.copyJaccard || headlineCopy,
    jaccard: j,
  }
}

function needed(base: number, gapH: number | null, grace: number, decay: number): number {
  if (gapH === null) return base
  const days = gapH / 24
  return base * (1 + Math.max(0, days - grace) / decay)
}

/** Similarity needed to fold into one development, given the basis and the time gap. */
export function developmentThreshold(c: Comparison, params: FoldParams = DEFAULT_PARAMS): number {
  const base = c.basis === 'full' ? params.devFull : params.devLead
  return needed(base, c.gapHours, params.graceDays, params.decayDays)
}

/** Similarity needed to link into one story; never above the development threshold. */
export function storyThreshold(c: Comparison, params: FoldParams = DEFAULT_PARAMS): number {
  const base = (c.basis === 'full' ? params.devFull : params.devLead) * params.storyFactor
  return Math.min(developmentThreshold(c, params), needed(base, c.gapHours, params.storyGraceDays, params.storyDecayDays))
}

/** The two verdicts for a pair of articles. */
export function links(c: Comparison, params: FoldParams = DEFAULT_PARAMS): { development: boolean; story: boolean } {
  if (c.copy) return { development: true, story: true }
  if (c.shared.length < params.minShared) return { development: false, story: false }
  const development = c.similarity >= developmentThreshold(c, params)
  return { development, story: development || c.similarity >= storyThreshold(c, params) }
}

export { DAY }
