/**
 * What one attempt at an ingest batch knows and has decided (src/service/pipeline.ts): the
 * stored articles it matched, its new articles' texts, term counts and postings, the fold states
 * it looked at, and one result per input article. Opening a batch is its reads that do not
 * depend on the fold, together in one D1 request.
 */
import { developmentIdFor, documentTerms, countKeys, featurize, idfFrom, storyIdFor } from '../cluster'
import type { ArticleFeatures, CandidateDevelopment, FoldDecision, TermCounts } from '../cluster'
import { readText } from '../cluster/text'
import { articleId } from '../ingest/ids'
import type { Article } from '../schema'
import * as articles from '../store/articles'
import type { StoredArticle } from '../store/articles'
import { versionRead } from '../store/changes'
import * as devs from '../store/developments'
import * as fold from '../store/fold'
import { readTogether } from '../store/reads'

/** What happened to one article of a batch. */
export type IngestStatus = 'new-development' | 'joined-development' | 'known' | 'updated'

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

/** The key of an article by outlet and text hash (the unique index articles_outlet_content). */
export function dedupKey(outlet: string | null, hash: string): string {
  return `${outlet ?? ''}\u0000${hash}`
}

/** One outlet, for ownership: names compared trimmed and case-folded; an unknown outlet matches only an unknown one. */
export const sameOutlet = (x: string | null, y: string | null): boolean => (x ?? '').trim().toLowerCase() === (y ?? '').trim().toLowerCase()

/** A new article of the batch, posted and waiting for its fold decision (src/service/fold-batch.ts). */
export interface BatchArticle {
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

/** What one attempt at a batch knows and has decided so far. */
export interface Batch {
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

/** A new article's development before foldAll() decides it. */
export const UNDECIDED = ''

/**
 * Opens an attempt at `input` at `now`: the data version, the stored term counts of its
 * articles' terms, the stored articles it may repeat (by URL and by outlet + text) and the last
 * arrival number in one D1 request, then the opener ids already taken. Throws what D1 throws.
 */
export async function openBatch(db: D1Database, input: Article[], now: Date): Promise<Batch> {
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

/** Records an article (stored, or this batch's) so later articles of the batch match it by URL and by outlet + text. */
export function remember(batch: Batch, a: StoredArticle): void {
  if (a.canonicalUrl) batch.byUrl.set(a.canonicalUrl, a)
  batch.byHash.set(dedupKey(a.outlet, a.contentHash), a)
}

/** The features of the batch's `index`-th input article, weighed with the counts before it (as the in-memory Folder weighs it). */
export function featuresOf(batch: Batch, index: number, a: Article): ArticleFeatures {
  return featurize(forCluster(a), idfFrom(batch.counts, a.outlet, new Set(batch.termsOf[index])), undefined, batch.texts[index])
}

