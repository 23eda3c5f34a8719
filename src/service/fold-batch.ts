/**
 * The fold stage of an ingest batch (src/service/pipeline.ts): each new article is posted as the
 * in-memory Folder would post it at the same place in the stream, the stored candidates of all
 * are read at once, then each decision runs in order against them and the batch's earlier
 * articles, and the batch's development states follow.
 */
import { addMember, CANDIDATE_LIMIT, POSTING_CAP, decide, developmentIdFor, indexKeys, openState, parseState, storyIdFor } from '../cluster'
import type { ArticleFeatures, CandidateDevelopment, DevelopmentState, FoldCandidate, FoldDecision } from '../cluster'
import type { Article } from '../schema'
import * as articles from '../store/articles'
import type { StoredArticle } from '../store/articles'
import * as fold from '../store/fold'
import { readTogether } from '../store/reads'
import { featuresOf, remember, UNDECIDED, type Batch, type BatchArticle } from './batch'

/** Parses stored fold states, or rebuilds one from member features for a development stored before states existed. */
async function loadDevelopments(db: D1Database, rows: fold.FoldRow[], into: Map<string, CandidateDevelopment>): Promise<void> {
  const rebuilt = new Map<string, DevelopmentState>()
  const stale = rows.filter((r) => r.foldState === null).map((r) => r.id)
  if (stale.length) {
    for (const m of await fold.memberFeatures(db, stale)) {
      const f = JSON.parse(m.features) as ArticleFeatures
      const s = rebuilt.get(m.developmentId)
      rebuilt.set(m.developmentId, s ? addMember(s, f) : openState(f))
    }
  }
  for (const r of rows) {
    const state = r.foldState === null ? rebuilt.get(r.id) : parseState(r.foldState)
    if (state) into.set(r.id, { state, storyId: r.storyId, openedSeq: r.openedSeq })
  }
}

/**
 * A decision whose new development or story id is taken (its removed opener, sent again) gets ids
 * minted from the article and its place in the stream instead. A new story and its first
 * development are always minted from the same key, even when only one of them was taken: the
 * fold finds a story's first development as 'd_' + its id (firstDevelopmentOf in src/cluster/decide.ts).
 */
function untaken(batch: Batch, a: StoredArticle, decision: FoldDecision): FoldDecision {
  const devTaken = decision.isNewDevelopment && batch.taken.has(decision.developmentId)
  const storyTaken = decision.isNewStory && batch.taken.has(decision.storyId)
  if (!devTaken && !storyTaken) return decision
  const key = `${a.id}\u0000${a.seq}`
  return {
    ...decision,
    ...(devTaken || (decision.isNewStory && decision.isNewDevelopment) ? { developmentId: developmentIdFor(key) } : {}),
    ...(decision.isNewStory ? { storyId: storyIdFor(key) } : {}),
  }
}

/**
 * Takes a new article in: its features, index keys and what it will ask the postings index, all
 * as the in-memory Folder would see them at the same place in the stream (the batch's earlier new
 * articles counted and posted); the decision comes later, in foldAll().
 */
export function post(batch: Batch, index: number, a: Article): void {
  const features = featuresOf(batch, index, a)
  const keys = indexKeys(features)
  // Per key, the newest POSTING_CAP articles count: this batch's own (newest) first, then the store's.
  const asks = [...new Set(keys)].map((k): [string, number] => [k, POSTING_CAP - Math.min(POSTING_CAP, batch.postings.get(k)?.length ?? 0)])
  const inBatch = new Map<BatchArticle, number>()
  for (const k of keys) {
    for (const b of (batch.postings.get(k) ?? []).slice(-POSTING_CAP)) inBatch.set(b, (inBatch.get(b) ?? 0) + 1)
  }
  for (const k of batch.keysOf[index] as string[]) batch.batchCounts.set(k, (batch.batchCounts.get(k) ?? 0) + 1)
  batch.seq += 1
  const stored: StoredArticle = {
    ...a,
    seq: batch.seq,
    features: JSON.stringify(features),
    developmentId: UNDECIDED,
    copyOf: null,
    explain: '',
    ingestedAt: batch.at,
    revisedAt: null,
    // Undated: placed when first seen (or where the poll placed it), marked approximate.
    seenAt: a.published === null ? (a.seenAt ?? batch.at) : null,
  }
  const b: BatchArticle = { stored, keys, features, asks, inBatch, result: batch.results.length }
  batch.fresh.push(b)
  for (const k of keys) batch.postings.set(k, [...(batch.postings.get(k) ?? []), b])
  remember(batch, stored)
  batch.results.push({ article: a, decision: null, hit: null, status: 'new-development' })
}

/**
 * The stored candidates of every new article of the batch and the fold states of their
 * developments, in two requests: the ranked candidates of all, then their features and
 * development states. Returns each new article's stored candidates, in batch.fresh order.
 */
async function storedCandidates(db: D1Database, batch: Batch): Promise<(FoldCandidate & { shared: number })[][]> {
  if (batch.fresh.length === 0) return []
  const [refs] = await readTogether(db, [articles.candidatesRead(db, batch.fresh.map((b) => b.asks), CANDIDATE_LIMIT)])
  const all = refs.flat()
  const [features, rows] = await readTogether(db, [
    articles.featuresRead(db, all.map((c) => c.seq)),
    fold.foldRowsRead(db, [...new Set(all.map((c) => c.developmentId))].filter((id) => !batch.developments.has(id))),
  ])
  await loadDevelopments(db, rows, batch.developments)
  // Parsed once per article: neighbours in a stream share most of their candidates.
  const parsed = new Map<number, ArticleFeatures>()
  const featuresOf = (seq: number): ArticleFeatures => {
    let f = parsed.get(seq)
    if (!f) parsed.set(seq, (f = JSON.parse(features.get(seq) as string) as ArticleFeatures))
    return f
  }
  return refs.map((list) => list.map((c) => ({ ...c, features: featuresOf(c.seq) })))
}

/**
 * Fold: each new article, in order, joins the development it fits or opens one, against the
 * store's candidates and this batch's earlier articles; the batch's development states follow.
 */
export async function foldAll(db: D1Database, batch: Batch): Promise<void> {
  const stored = await storedCandidates(db, batch)
  for (const [n, b] of batch.fresh.entries()) {
    const candidates = new Map<string, FoldCandidate & { shared: number }>()
    for (const c of stored[n] ?? []) candidates.set(c.articleId, { ...c })
    for (const [o, shared] of b.inBatch) {
      const { id: articleId, seq, developmentId } = o.stored
      candidates.set(articleId, { articleId, features: o.features, developmentId, storyId: '', seq, shared })
    }
    const ranked = [...candidates.values()]
      .sort((x, y) => y.shared - x.shared || y.seq - x.seq)
      .slice(0, CANDIDATE_LIMIT)
      .map(({ shared: _shared, ...c }) => c)
    for (const c of ranked) c.storyId = batch.developments.get(c.developmentId)?.storyId ?? c.storyId
    const a = b.stored
    const decision = untaken(batch, a, decide({ id: a.id, features: b.features }, ranked, batch.developments))
    const dev = batch.developments.get(decision.developmentId)
    batch.developments.set(
      decision.developmentId,
      dev ? { ...dev, state: addMember(dev.state, b.features) } : { state: openState(b.features), storyId: decision.storyId, openedSeq: a.seq },
    )
    batch.moved.add(decision.developmentId)
    batch.touched.add(decision.developmentId)
    a.developmentId = decision.developmentId
    a.copyOf = decision.copyOf
    a.explain = JSON.stringify(decision.explain)
    const result = batch.results[b.result]
    if (result) Object.assign(result, { decision, status: decision.isNewDevelopment ? 'new-development' : 'joined-development' })
  }
  // Corrections of this batch's own new articles (and what was classified against them) go where those went.
  const placed = new Map(batch.fresh.map((b) => [b.stored.id, b.stored.developmentId]))
  for (const hit of [...[...batch.revised.values()].map((r) => r.stored), ...batch.results.map((r) => r.hit)]) {
    if (hit && hit.developmentId === UNDECIDED) hit.developmentId = placed.get(hit.id) ?? UNDECIDED
  }
}

