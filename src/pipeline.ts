/**
 * The one path every article takes, whatever brought it (corpus, API, polled source):
 * dedup → cluster (pure) → store (one D1 batch, all or nothing).
 *
 * A batch reads the data's version, decides in memory, then writes everything with version+1
 * in a single `db.batch`. A concurrent batch that wrote first makes ours fail on that version
 * (or on a unique index) and roll back whole; it is then retried on fresh data.
 */
import { CANDIDATE_LIMIT, POSTING_CAP, decide, featurize, indexKeys } from './cluster'
import type { ArticleFeatures, FoldCandidate, FoldDecision } from './cluster'
import { describeDevelopment } from './cluster/describe'
import { BatchGroups } from './batch-groups'
import { OUTLET_SECTIONS_VERSION } from './feed/sections'
import { sectionsToStore } from './outlet-sections'
import type { Article } from './schema'
import * as articles from './store/articles'
import type { StoredArticle } from './store/articles'
import { currentVersion, forgetVersion, isConflict, recordChange } from './store/changes'
import * as devs from './store/developments'

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

interface BatchArticle {
  stored: StoredArticle
  keys: string[]
  features: ArticleFeatures
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
  const groups = new BatchGroups()
  const touchedDevs = new Set<string>()
  const pending: { index: number; decision: FoldDecision | null; hit: StoredArticle | null; status: IngestStatus }[] = []

  for (const [index, a] of input.entries()) {
    const hit = (a.canonicalUrl ? byUrl.get(a.canonicalUrl) : undefined) ?? byHash.get(dedupKey(a.outlet, a.contentHash))
    if (hit) {
      const sameText = hit.contentHash === a.contentHash
      if (sameText || !a.canonicalUrl || hit.canonicalUrl !== a.canonicalUrl) {
        pending.push({ index, decision: null, hit, status: 'known' })
        continue
      }
      // A correction: same URL, new text. It stays in its development, which is marked updated.
      const features = featurize(forCluster(a))
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

    const features = featurize(forCluster(a))
    const keys = indexKeys(features)
    const candidates = new Map<string, FoldCandidate & { shared: number }>()
    // Per key, the newest POSTING_CAP articles count: this batch's own (newest) first, then the store's.
    const perKey = (k: string) => POSTING_CAP - Math.min(POSTING_CAP, postings.get(k)?.length ?? 0)
    for (const c of await articles.findCandidates(db, keys, CANDIDATE_LIMIT, perKey)) {
      candidates.set(c.articleId, groups.current({ ...c, features: JSON.parse(c.features) as ArticleFeatures }))
    }
    const sharedInBatch = new Map<BatchArticle, number>()
    for (const k of keys) {
      for (const b of (postings.get(k) ?? []).slice(-POSTING_CAP)) sharedInBatch.set(b, (sharedInBatch.get(b) ?? 0) + 1)
    }
    for (const [b, shared] of sharedInBatch) {
      const { id: articleId, seq: bSeq, developmentId } = b.stored
      candidates.set(articleId, groups.current({ articleId, features: b.features, developmentId, storyId: groups.storyOf(developmentId), seq: bSeq, shared }))
    }
    const ranked = [...candidates.values()]
      .sort((x, y) => y.shared - x.shared || y.seq - x.seq)
      .slice(0, CANDIDATE_LIMIT)
      .map(({ shared: _shared, ...c }) => c)
    const decision = decide({ id: a.id, features }, ranked)

    // Apply merges: absorbed developments (and their stories) now answer to the survivors.
    seq += 1
    groups.apply(decision, ranked, seq)
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
  const finalDev = (id: string) => groups.dev(id)
  const finalStory = (id: string) => groups.story(id)
  const touched = new Set([...touchedDevs].map(finalDev))
  const absorbed = [...groups.devAlias.keys()]
  const loaded = await articles.articlesOfDevelopments(db, [...touched, ...absorbed])
  const existingDevs = await devs.getDevelopments(db, [...touched, ...absorbed])
  for (const d of existingDevs) groups.knowStory(d.id, d.storyId)
  const members = new Map<string, StoredArticle[]>()
  const add = (a: StoredArticle) => {
    const id = finalDev(a.developmentId)
    members.set(id, [...(members.get(id) ?? []), { ...a, developmentId: id }])
  }
  for (const a of loaded) add(revised.get(a.id)?.stored ?? a)
  for (const b of fresh) add(b.stored)

  const stmts: D1PreparedStatement[] = [recordChange(db, version, at, fresh.length + revised.size)]
  for (const b of fresh) stmts.push(...articles.insertArticle(db, { ...b.stored, developmentId: finalDev(b.stored.developmentId) }, b.keys))
  if (fresh.length) stmts.push(articles.trimPostings(db, [...postings.keys()], POSTING_CAP + MAX_BATCH_ARTICLES))
  for (const r of revised.values()) {
    stmts.push(articles.reviseArticle(db, r.stored), ...articles.refeaturizeArticle(db, r.stored.seq, r.features, r.keys))
  }
  const survivors = new Map<string, string[]>()
  for (const old of absorbed) survivors.set(finalDev(old), [...(survivors.get(finalDev(old)) ?? []), old])
  for (const [to, from] of survivors) {
    stmts.push(...articles.moveArticles(db, from, to), ...devs.retire(db, 'developments', from, to))
  }
  const storySurvivors = new Map<string, string[]>()
  for (const old of groups.storyAlias.keys()) storySurvivors.set(finalStory(old), [...(storySurvivors.get(finalStory(old)) ?? []), old])
  for (const [to, from] of storySurvivors) {
    stmts.push(...devs.moveDevelopmentsToStory(db, from, to), ...devs.retire(db, 'stories', from, to))
  }
  const touchedStories = new Set<string>()
  for (const [id, list] of members) {
    const storyId = groups.storyOf(id)
    touchedStories.add(storyId)
    const d = describeDevelopment(list)
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
  }
  for (const s of touchedStories) stmts.push(devs.refreshStory(db, s))
  await db.batch(stmts)
  forgetVersion()

  return {
    version: version + 1,
    changed: true,
    results: pending.map((p) => {
      const a = input[p.index] as Article
      const id = p.hit?.id ?? a.id
      const developmentId = finalDev(p.decision?.developmentId ?? p.hit?.developmentId ?? '')
      return {
        articleId: id,
        status: p.status,
        developmentId,
        storyId: groups.storyOf(developmentId),
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
