/**
 * The one path every article takes, whatever brought it (corpus, API, polled source):
 * classify (known, a correction, or new) → fold the new ones (pure core: term counts, candidates,
 * development states, decide) → describe every development the batch touched, from the reports
 * its entry lists and the batch's own (src/service/listed-reports.ts) → write (one D1 batch, all
 * or nothing) → report. Removing an article (src/service/remove.ts) describes its development
 * again through the same describe step.
 *
 * A batch reads the data's version, decides in memory, then writes everything with version+1
 * in a single `db.batch`. A concurrent batch that wrote first makes ours fail on that version
 * (or on a unique index) and roll back whole; it is then retried on fresh data.
 *
 * Its reads take a handful of D1 requests whatever its size (each is a network round trip in
 * production): every article is classified and featurized first, since neither depends on where
 * an earlier one of the batch folds, so the candidates of all are read at once, and only the
 * decisions run one article after another, in memory.
 */
import { addMember, CANDIDATE_LIMIT, POSTING_CAP, countKeys, decide, developmentIdFor, documentTerms, featurize, idfFrom, indexKeys, openState, parseState, storyIdFor } from '../cluster'
import type { ArticleFeatures, CandidateDevelopment, DevelopmentState, FoldCandidate, FoldDecision, TermCounts } from '../cluster'
import { readText } from '../cluster/text'
import { articleId } from '../ingest/ids'
import type { Article } from '../schema'
import * as articles from '../store/articles'
import type { StoredArticle } from '../store/articles'
import { recordChange, versionRead } from '../store/changes'
import * as devs from '../store/developments'
import * as fold from '../store/fold'
import { readTogether } from '../store/reads'
import { PRUNED_JSON, markTouched } from '../store/retention'
import { retried } from './retried'
import { describeOne, tallyOutlets, type Described } from './redescribe'

/** A batch larger than this is split by callers (the API refuses it); postings keep room for one. */
export const MAX_BATCH_ARTICLES = 100

/** What happened to one article of a batch. */
export type IngestStatus = 'new-development' | 'joined-development' | 'known' | 'updated'

export interface IngestResult {
  articleId: string
  status: IngestStatus
  developmentId: string
  storyId: string
  title: string
}

export interface IngestReport {
  results: IngestResult[]
  /** The data version after the batch (unchanged when every article was already known). */
  version: number
  changed: boolean
}

/** The cluster core's view of an article. */
function forCluster(a: Article): Parameters<typeof featurize>[0] {
  return {
    id: a.id,
    title: a.title,
    text: a.text,
    published: a.published ? Date.parse(a.published) : null,
    outlet: a.outlet,
  }
}

function dedupKey(outlet: string | null, hash: string): string {
  return `${outlet ?? ''}\u0000${hash}`
}

/** One outlet, for ownership: names compared trimmed and case-folded; an unknown outlet matches only an unknown one. */
const sameOutlet = (x: string | null, y: string | null): boolean => (x ?? '').trim().toLowerCase() === (y ?? '').trim().toLowerCase()

/**
 * Ownership (issue #19): only the outlet that published an article may revise it. An article
 * whose canonical URL is another outlet's stored article is that other outlet's own report: it
 * loses the URL as a dedup key (the URL stays as its link) and takes the id of its outlet and
 * text, so it is stored as a new report and can never rewrite the other's headline or text.
 */
function claimUrl(a: Article, byUrl: Map<string, StoredArticle>): Article {
  const owner = a.canonicalUrl ? byUrl.get(a.canonicalUrl) : undefined
  if (!owner || sameOutlet(owner.outlet, a.outlet)) return a
  return { ...a, canonicalUrl: null, id: articleId(null, a.outlet, a.contentHash) }
}

interface BatchArticle {
  stored: StoredArticle
  keys: string[]
  features: ArticleFeatures
  /** What it asks the postings index: each key with how many of its newest stored postings count (this batch's own, newer, take the rest). */
  asks: [string, number][]
  /** Earlier articles of this batch sharing its index keys, with how many they share. */
  inBatch: Map<BatchArticle, number>
  /** Its entry in `Batch.results`. */
  result: number
}

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

/** What one attempt at a batch knows and has decided so far. */
interface Batch {
  at: string
  /** The data version read at the start: the batch writes version + 1. */
  version: number
  /** Stored and this batch's articles, by canonical URL and by outlet + text. */
  byUrl: Map<string, StoredArticle>
  byHash: Map<string, StoredArticle>
  seq: number
  texts: ReturnType<typeof readText>[]
  termsOf: string[][]
  keysOf: string[][]
  /** The stream's term counts as stored plus this batch's new articles so far: each article is weighed as the in-memory Folder would weigh it at the same place in the stream. */
  counts: TermCounts
  batchCounts: Map<string, number>
  /** This batch's new articles, by the index keys they post under. */
  postings: Map<string, BatchArticle[]>
  fresh: BatchArticle[]
  revised: Map<string, { stored: StoredArticle; features: string; keys: string[] }>
  /** Fold states of the developments this batch has looked at, as they stand after its articles. */
  developments: Map<string, CandidateDevelopment>
  /** Developments whose fold state this batch changed. */
  moved: Set<string>
  touched: Set<string>
  /** Per input article: the article as stored (its outlet's own report, see claimUrl) and what happened. */
  results: { article: Article; decision: FoldDecision | null; hit: StoredArticle | null; status: IngestStatus }[]
  /** Development and story ids the batch's new articles would open that are stored already (only after a removal). */
  taken: Set<string>
}

async function openBatch(db: D1Database, input: Article[], now: Date): Promise<Batch> {
  const texts = input.map((a) => readText(a.title, a.text))
  const termsOf = texts.map((t) => documentTerms(t))
  const keysOf = input.map((a, i) => countKeys(termsOf[i] as string[], a.outlet))
  const [{ version }, storedCounts, known, seq] = await readTogether(db, [
    versionRead(db),
    fold.termCountsRead(db, keysOf.flat()),
    articles.knownArticlesRead(db, input),
    articles.maxSeqRead(db),
  ])
  const batchCounts = new Map<string, number>()
  const batch: Batch = {
    at: now.toISOString(), version, byUrl: new Map(), byHash: new Map(), seq: 0, texts, termsOf, keysOf,
    counts: { count: (k) => (storedCounts.get(k) ?? 0) + (batchCounts.get(k) ?? 0) }, batchCounts,
    postings: new Map(), fresh: [], revised: new Map(), developments: new Map(), moved: new Set(), touched: new Set(), results: [],
    taken: new Set(),
  }
  for (const a of known) remember(batch, a)
  batch.seq = seq
  batch.taken = await takenOpenerIds(db, batch, input)
  return batch
}

/**
 * The development and story ids this batch's articles could open that are stored already. Ids
 * come from the opening article's id, and a development or story whose opening article was
 * removed keeps its id (src/service/remove.ts), so only after a removal is one taken. Articles
 * already stored open nothing: a batch of known ones asks nothing here.
 */
async function takenOpenerIds(db: D1Database, batch: Batch, input: Article[]): Promise<Set<string>> {
  const openers = input
    .filter((a) => {
      const owner = a.canonicalUrl ? batch.byUrl.get(a.canonicalUrl) : undefined
      return !(owner && sameOutlet(owner.outlet, a.outlet)) && !batch.byHash.has(dedupKey(a.outlet, a.contentHash))
    })
    // Its own id, or the one claimUrl gives it when another outlet owns its URL.
    .flatMap((a) => [a.id, articleId(null, a.outlet, a.contentHash)])
  return openers.length ? devs.takenIds(db, openers.map(developmentIdFor), openers.map(storyIdFor)) : new Set()
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

function remember(batch: Batch, a: StoredArticle): void {
  if (a.canonicalUrl) batch.byUrl.set(a.canonicalUrl, a)
  batch.byHash.set(dedupKey(a.outlet, a.contentHash), a)
}

function featuresOf(batch: Batch, index: number, a: Article): ArticleFeatures {
  return featurize(forCluster(a), idfFrom(batch.counts, a.outlet, new Set(batch.termsOf[index])), undefined, batch.texts[index])
}

/**
 * Classify: the stored (or earlier in the batch) article this one is, and whether it is the same
 * report again (`known`) or a correction (`updated`: same URL, new text); `new` when it is neither.
 */
function classify(batch: Batch, a: Article): { status: 'known' | 'updated'; hit: StoredArticle } | { status: 'new' } {
  const hit = (a.canonicalUrl ? batch.byUrl.get(a.canonicalUrl) : undefined) ?? batch.byHash.get(dedupKey(a.outlet, a.contentHash))
  if (!hit) return { status: 'new' }
  const sameText = hit.contentHash === a.contentHash
  // A pruned article (retention) is never revised: its development's entry stays as it was.
  const known = sameText || !a.canonicalUrl || hit.canonicalUrl !== a.canonicalUrl || hit.features === PRUNED_JSON
  return { status: known ? 'known' : 'updated', hit }
}

/** A correction stays in its development, which is marked updated. */
function revise(batch: Batch, index: number, a: Article, hit: StoredArticle): void {
  const features = featuresOf(batch, index, a)
  const stored: StoredArticle = { ...hit, ...a, id: hit.id, canonicalUrl: hit.canonicalUrl, revisedAt: batch.at, features: JSON.stringify(features) }
  batch.revised.set(hit.id, { stored, features: stored.features, keys: indexKeys(features) })
  remember(batch, stored)
  // A correction of this batch's own new article has no development yet: foldAll() gives it that article's.
  if (hit.developmentId !== UNDECIDED) batch.touched.add(hit.developmentId)
  batch.results.push({ article: a, decision: null, hit: stored, status: 'updated' })
}

/** A new article's development before foldAll() decides it. */
const UNDECIDED = ''

/**
 * Takes a new article in: its features, index keys and what it will ask the postings index, all
 * as the in-memory Folder would see them at the same place in the stream (the batch's earlier new
 * articles counted and posted); the decision comes later, in foldAll().
 */
function post(batch: Batch, index: number, a: Article): void {
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
async function foldAll(db: D1Database, batch: Batch): Promise<void> {
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

/**
 * Describe: every development the batch touched, from the reports its entry lists plus the
 * batch's new and corrected ones, never all of a large development's articles
 * (src/service/listed-reports.ts). Article and outlet counts are carried forward from the stored
 * row and its outlet index.
 */
async function describe(db: D1Database, batch: Batch): Promise<{ described: Described[]; storyOf: (id: string) => string }> {
  const [existing, facts] = await readTogether(db, [devs.developmentsRead(db, [...batch.touched]), devs.describeFactsRead(db, [...batch.touched])])
  const previous = new Map(existing.map((d) => [d.id, d]))
  const loaded = await articles.articlesById(db, existing.flatMap((d) => d.outlets.map((o) => o.articleId)))
  const storyOf = (id: string) => batch.developments.get(id)?.storyId ?? previous.get(id)?.storyId ?? ''
  const members = new Map<string, Map<string, StoredArticle>>()
  const add = (a: StoredArticle) => {
    let m = members.get(a.developmentId)
    if (!m) members.set(a.developmentId, (m = new Map()))
    m.set(a.id, a)
  }
  for (const a of loaded) add(batch.revised.get(a.id)?.stored ?? a)
  for (const r of batch.revised.values()) add(r.stored)
  for (const b of batch.fresh) add(b.stored)
  const described = [...members].map(([id, byId]): Described => {
    const prev = previous.get(id) ?? null
    const joined = batch.fresh.filter((b) => b.stored.developmentId === id).map((b) => b.stored)
    const tally = tallyOutlets(facts.get(id)?.outletNames ?? [], prev?.outletCount ?? 0, joined)
    const list = [...byId.values()]
    return describeOne({
      id, storyId: storyOf(id), openedSeq: prev?.openedSeq ?? Math.min(...list.map((a) => a.seq)), members: list, previous: prev,
      articleCount: (prev?.articleCount ?? 0) + joined.length, outletCount: tally.count, outletNames: tally.names,
      note: facts.get(id)?.note ?? null, updatedAtLeast: prev?.updated ?? null,
    })
  })
  return { described, storyOf }
}

/** Write: the whole batch in one D1 batch, recorded as change version + 1 (the optimistic lock). */
async function write(db: D1Database, batch: Batch, described: Described[]): Promise<void> {
  const stmts: D1PreparedStatement[] = [recordChange(db, batch.version, batch.at, batch.fresh.length + batch.revised.size)]
  for (const b of batch.fresh) stmts.push(...articles.insertArticle(db, b.stored, b.keys))
  if (batch.fresh.length) {
    stmts.push(articles.trimPostings(db, [...batch.postings.keys()], POSTING_CAP + MAX_BATCH_ARTICLES))
    stmts.push(fold.addTermCounts(db, batch.batchCounts))
  }
  for (const r of batch.revised.values()) {
    stmts.push(articles.reviseArticle(db, r.stored), ...articles.refeaturizeArticle(db, r.stored.seq, r.features, r.keys))
  }
  const stories = new Set<string>()
  for (const { development: d, searchText, outletNames, note } of described) {
    stories.add(d.storyId)
    stmts.push(...devs.upsertDevelopment(db, d, searchText, { outletNames, note }))
    const state = batch.developments.get(d.id)
    if (state && batch.moved.has(d.id)) stmts.push(fold.writeFoldState(db, d.id, JSON.stringify(state.state)))
  }
  for (const s of stories) stmts.push(devs.refreshStory(db, s))
  // When the pipeline last wrote each development: retention counts its window from it.
  stmts.push(markTouched(db, described.map((d) => d.development.id), batch.at))
  await db.batch(stmts)
}

/** Report: one result per input article, in input order. */
function report(batch: Batch, changed: boolean, storyOf: (id: string) => string): IngestReport {
  return {
    version: changed ? batch.version + 1 : batch.version,
    changed,
    results: batch.results.map((r) => {
      const developmentId = r.decision?.developmentId ?? r.hit?.developmentId ?? ''
      return { articleId: r.hit?.id ?? r.article.id, status: r.status, developmentId, storyId: r.decision?.storyId ?? storyOf(developmentId), title: r.article.title }
    }),
  }
}

async function attempt(db: D1Database, input: Article[], now: Date): Promise<IngestReport> {
  const batch = await openBatch(db, input, now)
  for (const [index, given] of input.entries()) {
    const a = claimUrl(given, batch.byUrl)
    const c = classify(batch, a)
    if (c.status === 'new') post(batch, index, a)
    else if (c.status === 'updated') revise(batch, index, a, c.hit)
    else batch.results.push({ article: a, decision: null, hit: c.hit, status: 'known' })
  }
  await foldAll(db, batch)
  if (batch.fresh.length === 0 && batch.revised.size === 0) {
    const existing = await devs.getDevelopments(db, batch.results.map((r) => r.hit?.developmentId ?? ''))
    const storyOf = new Map(existing.map((d) => [d.id, d.storyId]))
    return report(batch, false, (id) => storyOf.get(id) ?? '')
  }
  const { described, storyOf } = await describe(db, batch)
  await write(db, batch, described)
  return report(batch, true, storyOf)
}

/**
 * Ingest a batch of parsed articles: all stored or none. Known articles change nothing; a known
 * URL with new text is revised in place. Throws IngestBusyError (nothing stored) when concurrent
 * writers kept winning the optimistic lock.
 *
 * @example
 * const report = await ingest(env.DB, [article], new Date())
 * report.results[0].status // 'new-development' | 'joined-development' | 'known' | 'updated'
 */
export async function ingest(db: D1Database, input: Article[], now: Date): Promise<IngestReport> {
  return retried(() => attempt(db, input, now))
}
