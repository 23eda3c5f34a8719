/**
 * One fold decision: given a new article's features, the candidate articles the store found by
 * shared index keys, and the fold states of their developments, say which development and story
 * the article joins (or opens) and whether it is a copy of a member.
 *
 * An article joins the development whose whole it fits best (model.ts), never a development it
 * merely touches through one member; developments and stories never merge, so no article can
 * chain two stories together, and a development's id never changes.
 */
import type { ArticleFeatures } from './features'
import { shortHash } from './features'
import type { DevelopmentState } from './development'
import { FOLD_MODEL } from './fold-model'
import { addEvidence, CLOSEST_MEMBERS, editionsOf, FEATURE_NAMES, featureVector, memberEvidence, noEvidence, probe, scoreOf, storyVector } from './model'
import type { FoldModel, MemberEvidence } from './model'
import { prepare, sharedTerms } from './similarity'

/** An already-stored article offered as a possible match. */
export interface FoldCandidate {
  articleId: string
  features: ArticleFeatures
  developmentId: string
  storyId: string
  /** arrival order in the store */
  seq: number
}

/** A candidate development: its fold state, its story and when it was opened (arrival seq). */
export interface CandidateDevelopment {
  state: DevelopmentState
  storyId: string
  openedSeq: number
}

/** One feature's part in a decision: its value and its weight in the model. */
export interface Evidence {
  feature: string
  value: number
  weight: number
}

/** Why an article went where it went. */
export interface Explanation {
  /** the member of the chosen (or best) development most similar to the article */
  matchedArticleId: string | null
  /** the model's probability that the article belongs to the best candidate development */
  score: number
  /** best member similarity (whole text or headline+lead) */
  similarity: number
  sharedTerms: string[]
  sharedEntities: string[]
  timeGapHours: number | null
  /** the features of the best candidate development, with their weights */
  evidence: Evidence[]
  reason: string
}

/** Where an article goes. */
export interface FoldDecision {
  developmentId: string
  isNewDevelopment: boolean
  storyId: string
  isNewStory: boolean
  /** articleId this article is a near-verbatim copy of */
  copyOf: string | null
  explain: Explanation
}

/** How many candidate articles the store should fetch, ranked by number of shared index keys. */
export const CANDIDATE_LIMIT = 40

/**
 * A large development is judged by its closest members (candidates are capped at
 * CANDIDATE_LIMIT), so "most of its members" means more than half of at most this many.
 */
export const MAJORITY_OF = CLOSEST_MEMBERS
/** How many candidate developments (those with the most similar members) the model scores. */
export const SCORED_DEVELOPMENTS = 12

/** Estimated shingle Jaccard at or above which an article that joins is marked a copy of a member. */
export const COPY_JACCARD = 0.7

/** The id a development gets when `articleId` opens it. */
export function developmentIdFor(articleId: string): string {
  return 'd_' + shortHash(articleId)
}

/** The id a story gets when `articleId` opens it. */
export function storyIdFor(articleId: string): string {
  return 's_' + shortHash(articleId)
}

/** The id of a story's first development (both ids are minted from the same opening article). */
export function firstDevelopmentOf(storyId: string): string {
  return 'd_' + storyId.slice(2)
}

interface Scored {
  id: string
  dev: CandidateDevelopment
  x: number[]
  p: number
  ps: number
  best: { c: FoldCandidate; sim: number } | null
  copy: { c: FoldCandidate; j: number } | null
}

/**
 * Decides where a new article goes. `developments` must hold the state of every development
 * named by a candidate (throws otherwise: a store that lost one must not fold blindly).
 * Deterministic: ties go to the development opened first, then the smaller id.
 * @example
 * const d = decide({ id: 'a9', features: f }, candidates, new Map([['d_x', { state, storyId: 's_x', openedSeq: 3 }]]))
 * d.isNewDevelopment ? open(d.developmentId) : join(d.developmentId)
 */
export function decide(
  article: { id: string; features: ArticleFeatures },
  candidates: FoldCandidate[],
  developments: Map<string, CandidateDevelopment>,
  model: FoldModel = FOLD_MODEL,
): FoldDecision {
  const p = probe(prepare(article.features))
  const byDev = new Map<string, { ev: MemberEvidence; best: Scored['best']; copy: Scored['copy'] }>()
  for (const c of candidates) {
    if (c.articleId === article.id) continue
    let entry = byDev.get(c.developmentId)
    if (!entry) byDev.set(c.developmentId, (entry = { ev: noEvidence(), best: null, copy: null }))
    const one = noEvidence()
    memberEvidence(p, c.features, one)
    if (!entry.best || one.best > entry.best.sim || (one.best === entry.best.sim && c.seq < entry.best.c.seq)) entry.best = { c, sim: one.best }
    if (one.copy > 0 && (!entry.copy || one.copy > entry.copy.j || (one.copy === entry.copy.j && c.seq < entry.copy.c.seq))) entry.copy = { c, j: one.copy }
    addEvidence(entry.ev, one)
  }
  // Only the developments with the closest members are scored: the rest cannot fit, and scoring
  // each costs a few microseconds per candidate article at a 100,000-item store.
  const editions = editionsOf(p, candidates.filter((c) => c.articleId !== article.id).map((c) => c.features))
  const ranked = [...byDev].sort(
    ([ia, a], [ib, b]) => b.ev.best - a.ev.best || b.ev.copy - a.ev.copy || (ia < ib ? -1 : ia > ib ? 1 : 0),
  )
  const scored: Scored[] = []
  for (const [id, { ev, best, copy }] of ranked.slice(0, SCORED_DEVELOPMENTS)) {
    const dev = developments.get(id)
    if (!dev) throw new Error(`no fold state for candidate development ${id}`)
    // "Fits the development as a whole": the article must share words with most of its members
    // (of a large one, with more than MAJORITY_OF / 2 of them), so no one member can pull it in.
    if (ev.linked * 2 <= Math.min(dev.state.n, MAJORITY_OF)) continue
    const x = featureVector(p, dev.state, ev, editions)
    const xs = storyVector(p, dev.state, x, model.storyWindowDays)
    scored.push({ id, dev, x, p: scoreOf(x, model), ps: xs ? scoreOf(xs, model, model.storyOffset) : 0, best, copy })
  }
  const order = (a: Scored, b: Scored, key: 'p' | 'ps') =>
    b[key] - a[key] || a.dev.openedSeq - b.dev.openedSeq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const top = scored.slice().sort((a, b) => order(a, b, 'p'))[0]
  // A story grows as a star, never a chain: a new development joins a story only by fitting the
  // story's first development, so no development can lead a story away from its subject.
  const topStory = scored.filter((d) => d.id === firstDevelopmentOf(d.dev.storyId)).sort((a, b) => order(a, b, 'ps'))[0]
  const joins = top !== undefined && top.p >= 0.5
  const inStory = joins ? top : topStory !== undefined && topStory.ps >= 0.5 ? topStory : undefined
  const copy = joins && top.copy && top.copy.j >= COPY_JACCARD ? top.copy : null

  const shown = joins ? top : (inStory ?? top)
  const matched = shown?.best?.c ?? null
  const entities = new Set(article.features.e)
  const shared = matched
    ? article.features.b && matched.features.b
      ? sharedTerms(article.features.f, matched.features.f)
      : sharedTerms(article.features.l, matched.features.l)
    : []
  const gap = matched && article.features.p !== null && matched.features.p !== null ? Math.abs(article.features.p - matched.features.p) / 3_600_000 : null
  const score = shown ? Math.round(shown.p * 1000) / 1000 : 0
  let reason = 'no development fits: opens a development'
  if (copy) reason = `near-verbatim copy (shingle overlap ${copy.j.toFixed(2)}) in a development it fits (score ${score.toFixed(2)})`
  else if (joins) reason = `fits the development as a whole (score ${score.toFixed(2)})`
  else if (inStory) reason = `a new development of a known story (development score ${score.toFixed(2)})`
  return {
    developmentId: joins ? top.id : developmentIdFor(article.id),
    isNewDevelopment: !joins,
    storyId: inStory ? inStory.dev.storyId : storyIdFor(article.id),
    isNewStory: !inStory,
    copyOf: copy ? copy.c.articleId : null,
    explain: {
      matchedArticleId: matched?.articleId ?? null,
      score,
      similarity: shown?.best ? Math.round(shown.best.sim * 1000) / 1000 : 0,
      sharedTerms: shared.filter((t) => !entities.has(t)).slice(0, 8),
      sharedEntities: shared.filter((t) => entities.has(t)).slice(0, 8),
      timeGapHours: gap === null ? null : Math.round(gap * 10) / 10,
      evidence: shown ? FEATURE_NAMES.map((f, i) => ({ feature: f, value: Math.round((shown.x[i] as number) * 1000) / 1000, weight: model.weights[f] })) : [],
      reason,
    },
  }
}
