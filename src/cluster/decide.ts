/**
 * One fold decision: given a new article's features and the candidates the store found by
 * shared index keys, say which development and story it joins, which it merges, and whether it
 * is a copy. Developments are the connected components of the "same development" graph and
 * stories those of the looser "same story" graph, so the grouping does not depend on order.
 */
import type { ArticleFeatures } from './features'
import { shortHash } from './features'
import { compareTo, DEFAULT_PARAMS, jaccard, links, prepare, sharedTerms } from './similarity'
import type { Comparison, FoldParams } from './similarity'

/** An already-stored article offered as a possible match. */
export interface FoldCandidate {
  articleId: string
  features: ArticleFeatures
  developmentId: string
  storyId: string
  /** arrival order in the store; decides which id is older */
  seq: number
  /** first-seen seq of the candidate's development, when the store knows it (else its own seq is used) */
  developmentSeq?: number
  /** first-seen seq of the candidate's story, when known */
  storySeq?: number
}

/** Why an article went where it went. */
export interface Explanation {
  matchedArticleId: string | null
  similarity: number
  sharedTerms: string[]
  sharedEntities: string[]
  timeGapHours: number | null
  reason: string
}

/** Where an article goes. `absorbed*` are ids merged INTO the surviving id. */
export interface FoldDecision {
  developmentId: string
  isNewDevelopment: boolean
  absorbedDevelopments: string[]
  storyId: string
  isNewStory: boolean
  absorbedStories: string[]
  /** articleId this article is a near-verbatim copy of */
  copyOf: string | null
  explain: Explanation
}

/** How many candidates the store should fetch, ranked by number of shared index keys. */
export const CANDIDATE_LIMIT = 100

/** The id a development gets when `articleId` opens it. */
export function developmentIdFor(articleId: string): string {
  return 'd_' + shortHash(articleId)
}

/** The id a story gets when `articleId` opens it. */
export function storyIdFor(articleId: string): string {
  return 's_' + shortHash(articleId)
}

/** Oldest id among groups: smallest first-seen seq, then smallest id. */
function oldest(groups: Map<string, number>): { survivor: string; absorbed: string[] } {
  const sorted = [...groups].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return { survivor: sorted[0]![0], absorbed: sorted.slice(1).map(([id]) => id) }
}

function note(groups: Map<string, number>, id: string, seq: number): void {
  const prev = groups.get(id)
  if (prev === undefined || seq < prev) groups.set(id, seq)
}

/**
 * Decides where a new article goes.
 * @example
 * const d = decide({ id: 'a9', features: featurize(a9) }, candidates)
 * if (d.isNewDevelopment) openEntry(d.developmentId); for (const old of d.absorbedDevelopments) merge(old, d.developmentId)
 */
export function decide(
  article: { id: string; features: ArticleFeatures },
  candidates: FoldCandidate[],
  params: FoldParams = DEFAULT_PARAMS,
): FoldDecision {
  const devs = new Map<string, number>()
  const stories = new Map<string, number>()
  let best: { c: FoldCandidate; cmp: Comparison; dev: boolean } | null = null
  let copy: { c: FoldCandidate; j: number } | null = null
  const pa = prepare(article.features)
  for (const c of candidates) {
    if (c.articleId === article.id) continue
    if (devs.has(c.developmentId) && stories.has(c.storyId) && best?.dev) {
      // Already linked to this development: only a better copy match could change the answer.
      const a = article.features
      const j = a.h !== '' && !a.b && !c.features.b && a.h === c.features.h ? 1 : jaccard(a.m, c.features.m)
      if (j >= params.copyJaccard && (!copy || j > copy.j || (j === copy.j && c.seq < copy.c.seq))) copy = { c, j }
      note(devs, c.developmentId, c.developmentSeq ?? c.seq)
      note(stories, c.storyId, c.storySeq ?? c.seq)
      continue
    }
    const cmp = compareTo(pa, c.features, params)
    const l = links(cmp, params)
    if (l.development) note(devs, c.developmentId, c.developmentSeq ?? c.seq)
    if (l.story) note(stories, c.storyId, c.storySeq ?? c.seq)
    // a headline-only copy (same headline, no body) counts as full overlap
    const cj = cmp.jaccard >= params.copyJaccard ? cmp.jaccard : 1
    if (cmp.copy && (!copy || cj > copy.j || (cj === copy.j && c.seq < copy.c.seq))) copy = { c, j: cj }
    const better =
      !best ||
      (l.development && !best.dev) ||
      (l.development === best.dev && (cmp.similarity > best.cmp.similarity || (cmp.similarity === best.cmp.similarity && c.seq < best.c.seq)))
    if (better) best = { c, cmp, dev: l.development }
  }
  const dev = devs.size ? oldest(devs) : { survivor: developmentIdFor(article.id), absorbed: [] }
  const story = stories.size ? oldest(stories) : { survivor: storyIdFor(article.id), absorbed: [] }
  const entities = new Set(article.features.e)
  const shared = best
    ? best.cmp.basis === 'full'
      ? sharedTerms(article.features.f, best.c.features.f)
      : sharedTerms(article.features.l, best.c.features.l)
    : []
  let reason = 'no candidate close enough: opens a development'
  if (copy) reason = `near-verbatim copy (shingle overlap ${copy.j.toFixed(2)})`
  else if (devs.size) reason = `same development (${best?.cmp.basis} similarity ${best?.cmp.similarity.toFixed(2)})`
  else if (stories.size) reason = `new development of a known story (${best?.cmp.basis} similarity ${best?.cmp.similarity.toFixed(2)})`
  if (dev.absorbed.length) reason += `; merges ${dev.absorbed.length} development(s)`
  return {
    developmentId: dev.survivor,
    isNewDevelopment: devs.size === 0,
    absorbedDevelopments: dev.absorbed,
    storyId: story.survivor,
    isNewStory: stories.size === 0,
    absorbedStories: story.absorbed,
    copyOf: copy ? copy.c.articleId : null,
    explain: {
      matchedArticleId: best ? best.c.articleId : null,
      similarity: best ? Math.round(best.cmp.similarity * 1000) / 1000 : 0,
      sharedTerms: shared.filter((t) => !entities.has(t)).slice(0, 8),
      sharedEntities: shared.filter((t) => entities.has(t)).slice(0, 8),
      timeGapHours: best && best.cmp.gapHours !== null ? Math.round(best.cmp.gapHours * 10) / 10 : null,
      reason,
    },
  }
}
