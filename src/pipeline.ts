/**
 * The one path every article takes, whatever brought it (corpus, API, polled source):
 * dedup → fold (pure core: term counts, candidates, development states, decide) → store (one D1
 * batch, all or nothing).
 *
 * A batch reads the data's version, decides in memory, then writes everything with version+1
 * in a single `db.batch`. A concurrent batch that wrote first makes ours fail on that version
 * (or on a unique index) and roll back whole; it is then retried on fresh data.
 */
import { addMember, CANDIDATE_LIMIT, POSTING_CAP, countKeys, decide, documentTerms, featurize, idfFrom, indexKeys, openState, parseState } from './cluster'
import type { ArticleFeatures, CandidateDevelopment, DevelopmentState, FoldCandidate, FoldDecision, TermCounts } from './cluster'
import { describeDevelopment } from './cluster/describe'
import { readText } from './cluster/text'
import { articleId } from './ingest/ids'
import { OUTLET_SECTIONS_VERSION } from './feed/sections'
import { sectionsToStore } from './outlet-sections'
import type { Article } from './schema'
import * as articles from './store/articles'
import type { StoredArticle } from './store/articles'
import { currentVersion, forgetVersion, isConflict, recordChange } from './store/changes'
import * as devs from './store/developments'
import * as fold from './store/fold'
import { PRUNED_JSON, markTouched } from './store/retention'

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
}

/** Parses a stored fold state, or rebuilds one from member features for a development stored before states existed. */
async function loadDevelopments(db: D1Database, ids: string[], into: Map<string, CandidateDevelopment>): Promise<void> {
  const rows = await fold.foldRows(db, ids.filter((id) => !into.has(id)))
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

async function attempt(db: D1Database, input: Article[], now: Date): Promise<IngestReport> {
  const at = now.toISOString()
  const { version } = await currentVersion(db)
  const known = await articles.findKnownArticles(db, input)
  const byUrl = new Map<string, StoredArticle>()
  const byHash = new Map<string, StoredArticle>()
  const remember = (a: StoredArticle) => {
    if (a.canonicalUrl) byUrl.set(a.canonicalUrl, a)
    byHash.set(dedupKey(a.outlet, a.contentHash), a)
  }
  known.forEach(remember)

  let seq = await articles.maxSeq(db)
  const fresh: BatchArticle[] = []
  const revised = new Map<string, { stored: StoredArticle; features: string; keys: string[] }>()
  const postings = new Map<string, BatchArticle[]>()
  const touchedDevs = new Set<string>()
  const pending: { index: number; decision: FoldDecision | null; hit: StoredArticle | null; status: IngestStatus }[] = []
  // The stream's term counts as stored, plus this batch's articles so far: each article is
  // weighed exactly as the in-memory Folder would weigh it at the same place in the stream.
  const texts = input.map((a) => readText(a.title, a.text))
  const termsOf = texts.map((t) => documentTerms(t))
  const keysOf = input.map((a, i) => countKeys(termsOf[i] as string[], a.outlet))
  const storedCounts = await fold.readTermCounts(db, keysOf.flat())
  const batchCounts = new Map<string, number>()
  const counts: TermCounts = { count: (k) => (storedCounts.get(k) ?? 0) + (batchCounts.get(k) ?? 0) }
  // Fold states of the developments this batch has looked at, as they stand after its articles.
  const developments = new Map<string, CandidateDevelopment>()
  const moved = new Set<string>()

  const reports = [...input]
  for (const [index, given] of input.entries()) {
    const a = claimUrl(given, byUrl)
    reports[index] = a
    const hit = (a.canonicalUrl ? byUrl.get(a.canonicalUrl) : undefined) ?? byHash.get(dedupKey(a.outlet, a.contentHash))
    if (hit) {
      const sameText = hit.contentHash === a.contentHash
      // A pruned article (retention) is never revised: its development's entry stays as it was.
      if (sameText || !a.canonicalUrl || hit.canonicalUrl !== a.canonicalUrl || hit.features === PRUNED_JSON) {
        pending.push({ index, decision: null, hit, status: 'known' })
        continue
      }
      // A correction: same URL, new text. It stays in its development, which is marked updated.
      const features = featurize(forCluster(a), idfFrom(counts, a.outlet, new Set(termsOf[index])), undefined, texts[index])
      const stored: StoredArticle = {
        ...hit,
        ...a,
        id: hit.id,
        canonicalUrl: hit.canonicalUrl,
        revisedAt: at,
        features: JSON.stringify(features),
      }
      revised.set(hit.id, { stored, features: stored.features, keys: indexKeys(features) })
      remember(stored)
      touchedDevs.add(hit.developmentId)
      pending.push({ index, decision: null, hit: stored, status: 'updated' })
      continue
    }

    const features = featurize(forCluster(a), idfFrom(counts, a.outlet, new Set(termsOf[index])), undefined, texts[index])
    const keys = indexKeys(features)
    const candidates = new Map<string, FoldCandidate & { shared: number }>()
    // Per key, the newest POSTING_CAP articles count: this batch's own (newest) first, then the store's.
    const perKey = (k: string) => POSTING_CAP - Math.min(POSTING_CAP, postings.get(k)?.length ?? 0)
    for (const c of await articles.findCandidates(db, keys, CANDIDATE_LIMIT, perKey)) {
      candidates.set(c.articleId, { articleId: c.articleId, features: JSON.parse(c.features) as ArticleFeatures, developmentId: c.developmentId, storyId: c.storyId, seq: c.seq, shared: c.shared })
    }
    const sharedInBatch = new Map<BatchArticle, number>()
    for (const k of keys) {
      for (const b of (postings.get(k) ?? []).slice(-POSTING_CAP)) sharedInBatch.set(b, (sharedInBatch.get(b) ?? 0) + 1)
    }
    for (const [b, shared] of sharedInBatch) {
      const { id: articleId, seq: bSeq, developmentId } = b.stored
      candidates.set(articleId, { articleId, features: b.features, developmentId, storyId: '', seq: bSeq, shared })
    }
    const ranked = [...candidates.values()]
      .sort((x, y) => y.shared - x.shared || y.seq - x.seq)
      .slice(0, CANDIDATE_LIMIT)
      .map(({ shared: _shared, ...c }) => c)
    await loadDevelopments(db, ranked.map((c) => c.developmentId), developments)
    for (const c of ranked) c.storyId = developments.get(c.developmentId)?.storyId ?? c.storyId
    const decision = decide({ id: a.id, features }, ranked, developments)

    seq += 1
    const dev = developments.get(decision.developmentId)
    developments.set(
      decision.developmentId,
      dev ? { ...dev, state: addMember(dev.state, features) } : { state: openState(features), storyId: decision.storyId, openedSeq: seq },
    )
    moved.add(decision.developmentId)
    for (const k of keysOf[index] as string[]) batchCounts.set(k, (batchCounts.get(k) ?? 0) + 1)
    touchedDevs.add(decision.developmentId)
    const stored: StoredArticle = {
      ...a,
      seq,
      features: JSON.stringify(features),
      developmentId: decision.developmentId,
      copyOf: decision.copyOf,
      explain: JSON.stringify(decision.explain),
      ingestedAt: at,
      revisedAt: null,
    }
    const batchArticle: BatchArticle = { stored, keys, features }
    fresh.push(batchArticle)
    for (const k of keys) postings.set(k, [...(postings.get(k) ?? []), batchArticle])
    remember(stored)
    pending.push({
      index,
      decision,
      hit: null,
      status: decision.isNewDevelopment ? 'new-development' : 'joined-development',
    })
  }

  if (fresh.length === 0 && revised.size === 0) {
    const existing = await devs.getDevelopments(db, pending.map((p) => p.hit?.developmentId ?? ''))
    const storyOf = new Map(existing.map((d) => [d.id, d.storyId]))
    return {
      version,
      changed: false,
      results: pending.map((p) => ({
        articleId: p.hit?.id ?? '',
        status: p.status,
        developmentId: p.hit?.developmentId ?? '',
        storyId: storyOf.get(p.hit?.developmentId ?? '') ?? '',
        title: input[p.index]?.title ?? '',
      })),
    }
  }

  // Re-describe every development this batch touched, from all of its articles.
  const loaded = await articles.articlesOfDevelopments(db, [...touchedDevs])
  const existingDevs = await devs.getDevelopments(db, [...touchedDevs])
  const storyOf = (id: string) => developments.get(id)?.storyId ?? existingDevs.find((d) => d.id === id)?.storyId ?? ''
  const members = new Map<string, StoredArticle[]>()
  const add = (a: StoredArticle) => members.set(a.developmentId, [...(members.get(a.developmentId) ?? []), a])
  for (const a of loaded) add(revised.get(a.id)?.stored ?? a)
  for (const b of fresh) add(b.stored)

  const stmts: D1PreparedStatement[] = [recordChange(db, version, at, fresh.length + revised.size)]
  for (const b of fresh) stmts.push(...articles.insertArticle(db, b.stored, b.keys))
  if (fresh.length) {
    stmts.push(articles.trimPostings(db, [...postings.keys()], POSTING_CAP + MAX_BATCH_ARTICLES))
    stmts.push(fold.addTermCounts(db, batchCounts))
  }
  for (const r of revised.values()) {
    stmts.push(articles.reviseArticle(db, r.stored), ...articles.refeaturizeArticle(db, r.stored.seq, r.features, r.keys))
  }
  const touchedStories = new Set<string>()
  for (const [id, list] of members) {
    const storyId = storyOf(id)
    touchedStories.add(storyId)
    // The headline readers were shown stays (describeDevelopment keeps its report as representative while it is a member).
    const d = describeDevelopment(list, existingDevs.find((e) => e.id === id)?.title ?? null)
    stmts.push(
      ...devs.upsertDevelopment(
        db,
        {
          id,
          storyId,
          openedSeq: Math.min(...list.map((a) => a.seq)),
          title: d.title,
          summary: d.summary,
          published: d.published,
          updated: d.updated,
          articleCount: d.articleCount,
          outletCount: d.outletCount,
          outlets: d.outlets,
        },
        d.searchText,
        // The parts of its feed entries that depend on its outlets alone, rendered once here instead of on every feed request.
        { version: OUTLET_SECTIONS_VERSION, sections: sectionsToStore(d.outlets) },
      ),
    )
    const state = developments.get(id)
    if (state && moved.has(id)) stmts.push(fold.writeFoldState(db, id, JSON.stringify(state.state)))
  }
  for (const s of touchedStories) stmts.push(devs.refreshStory(db, s))
  stmts.push(markTouched(db, [...members.keys()], at))
  await db.batch(stmts)
  forgetVersion()

  return {
    version: version + 1,
    changed: true,
    results: pending.map((p) => {
      const a = reports[p.index] as Article
      const id = p.hit?.id ?? a.id
      const developmentId = p.decision?.developmentId ?? p.hit?.developmentId ?? ''
      return {
        articleId: id,
        status: p.status,
        developmentId,
        storyId: p.decision?.storyId ?? storyOf(developmentId),
        title: a.title,
      }
    }),
  }
}

/** Thrown when a batch kept losing the optimistic lock to concurrent batches: nothing of it was stored; send it again. */
export class IngestBusyError extends Error {
  override readonly name = 'IngestBusyError'
  constructor(readonly attempts: number) {
    super(`the batch conflicted with concurrent batches ${attempts} times; nothing was stored`)
  }
}

/** Attempts per batch before giving up with IngestBusyError. */
export const MAX_ATTEMPTS = 12

/**
 * Batches of one isolate run one at a time. A Worker isolate serves many requests at once; without
 * this, N concurrent batches all read version v, one commits and N-1 throw their work away, over and
 * over (O(N²) attempts, and retries exhausted under a burst). Queued, each batch reads the version
 * the previous one wrote and commits first time. Batches from other isolates are still kept apart
 * by the optimistic lock below.
 */
let queue: Promise<unknown> = Promise.resolve()

/**
 * How long a batch waits for the one before it. The queue only saves work; correctness is the
 * lock's. So a predecessor that never settles (its request torn down mid-write) delays the next
 * batch by this much instead of stopping every write in the isolate.
 */
const QUEUE_WAIT_MS = 10_000

function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const previous = queue
  let timer: ReturnType<typeof setTimeout> | undefined
  const waited = Promise.race([previous, new Promise((r) => (timer = setTimeout(r, QUEUE_WAIT_MS)))]).finally(() => clearTimeout(timer))
  const turn = waited.then(run, run)
  queue = turn.catch(() => undefined)
  return turn
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
  return oneAtATime(async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(db, input, now)
      } catch (err) {
        if (!isConflict(err)) throw err
        if (tries >= MAX_ATTEMPTS) throw new IngestBusyError(tries)
        // Exponential backoff with full jitter, capped: concurrent losers spread out instead of colliding again.
        const cap = Math.min(400, 8 * 2 ** tries)
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * cap)))
      }
    }
  })
}
