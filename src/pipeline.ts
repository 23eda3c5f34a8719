/**
 * The one path every article takes, whatever brought it (corpus, API, polled source):
 * dedup → fold (pure core: term counts, candidates, development states, decide) → store (one D1
 * batch, all or nothing).
 *
 * A batch reads the data's version, decides in memory, then writes everything with version+1
 * in a single `db.batch`. A concurrent batch that wrote first makes ours fail on that version
 * (or on a unique index) and roll back whole; it is then retried on fresh data.
 */
import { addMember, CANDIDATE_LIMIT, POSTING_CAP, countKeys, decide, developmentIdFor, documentTerms, featurize, idfFrom, indexKeys, openState, parseState, storyIdFor } from './cluster'
import type { ArticleFeatures, CandidateDevelopment, DevelopmentState, FoldCandidate, FoldDecision, TermCounts } from './cluster'
import { describeDevelopment, outletKey } from './cluster/describe'
import { listedReports } from './listed-reports'
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

/** Distinct outlets after `joined` articles join a development whose outlet index holds `names` and which counted `storedCount` outlets. */
function tallyOutlets(names: readonly string[], storedCount: number, joined: readonly StoredArticle[]): { count: number; names: string[] } {
  const known = new Set(names.map((n) => outletKey({ outlet: n })).filter((k) => !k.startsWith('\u0000')))
  // Articles without an outlet name each count as their own outlet (outletKey) and are not in the index.
  let unnamed = Math.max(0, storedCount - known.size)
  const all = new Set(names)
  for (const a of joined) {
    const key = outletKey(a)
    if (key.startsWith('\u0000')) unnamed++
    else known.add(key)
    if (a.outlet !== null) all.add(a.outlet)
  }
  return { count: known.size + unnamed, names: [...all] }
}

/** What re-describing one development takes. */
interface Redescription {
  id: string
  storyId: string
  openedSeq: number
  /** The reports its entry listed, with the batch's new and corrected ones (all members when it is small). */
  members: StoredArticle[]
  previous: devs.StoredDevelopment | null
  articleCount: number
  outletCount: number
  outletNames: string[]
  /** Why its headline changed (shown before its summary), or null. */
  note: string | null
  /** Its `updated` never goes below this (the stored one: listed reports are not all its articles; a removal). */
  updatedAtLeast: string | null
}

/**
 * Statements writing a development described from `r.members`: the headline readers were shown
 * stays (describeDevelopment keeps its report as representative while it is a member), the
 * entry lists the reports listedReports keeps, and the counts are the ones given.
 */
function describeStatements(db: D1Database, r: Redescription): { stmts: D1PreparedStatement[]; title: string } {
  const whole = describeDevelopment(r.members, r.previous?.title ?? null)
  const listed = listedReports(r.members, whole.representative, r.articleCount)
  const d = listed.length === r.members.length ? whole : describeDevelopment(listed, r.previous?.title ?? null)
  const updated = [whole.updated, d.updated, r.updatedAtLeast ?? ''].reduce((x, y) => (y > x ? y : x))
  const summary = r.note ? `${r.note} ${d.summary}` : d.summary
  const stmts = devs.upsertDevelopment(
    db,
    {
      id: r.id,
      storyId: r.storyId,
      openedSeq: r.openedSeq,
      title: d.title,
      summary,
      published: d.published,
      updated,
      articleCount: r.articleCount,
      outletCount: r.outletCount,
      outlets: d.outlets,
    },
    d.searchText,
    // The parts of its feed entries that depend on its outlets alone, rendered once here instead of on every feed request.
    { version: OUTLET_SECTIONS_VERSION, sections: sectionsToStore(d.outlets) },
    { outletNames: r.outletNames, note: r.note },
  )
  return { stmts, title: d.title }
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

  // Ids the batch's articles would open a development or story under that are taken already (only
  // after a removal: ids come from the opening article's id).
  // Articles already stored open nothing, so a batch of known ones costs no query here.
  const openerIds = input
    .filter((a) => {
      const owner = a.canonicalUrl ? byUrl.get(a.canonicalUrl) : undefined
      return !(owner && sameOutlet(owner.outlet, a.outlet)) && !byHash.has(dedupKey(a.outlet, a.contentHash))
    })
    .flatMap((a) => [a.id, articleId(null, a.outlet, a.contentHash)])
  const taken = openerIds.length ? await devs.takenIds(db, openerIds.map(developmentIdFor), openerIds.map(storyIdFor)) : new Set<string>()

  const reports = [...input]
  for (const [index, given] of input.entries()) {
    const a = claimUrl(given, byUrl)
    reports[index] = a
    const hit = (a.canonicalUrl ? byUrl.get(a.canonicalUrl) : undefined) ?? byHash.get(dedupKey(a.outlet, a.contentHash))
    if (hit) {
      const sameText = hit.contentHash === a.contentHash
      if (sameText || !a.canonicalUrl || hit.canonicalUrl !== a.canonicalUrl) {
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
    let decision = decide({ id: a.id, features }, ranked, developments)
    // A development or story whose opening article was removed keeps its id (DELETE /api/articles/:id);
    // that article, sent again, must not open a second one under the same id.
    if (decision.isNewDevelopment && taken.has(decision.developmentId)) decision = { ...decision, developmentId: developmentIdFor(`${a.id}\u0000${seq + 1}`) }
    if (decision.isNewStory && taken.has(decision.storyId)) decision = { ...decision, storyId: storyIdFor(`${a.id}\u0000${seq + 1}`) }

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

  // Re-describe every development this batch touched, from the reports its entry lists and the
  // batch's own: never all of a large development's articles (src/listed-reports.ts).
  const existingDevs = await devs.getDevelopments(db, [...touchedDevs])
  const previous = new Map(existingDevs.map((d) => [d.id, d]))
  const facts = await devs.describeFacts(db, existingDevs.map((d) => d.id))
  const loaded = await articles.articlesById(db, existingDevs.flatMap((d) => d.outlets.map((o) => o.articleId)))
  const storyOf = (id: string) => developments.get(id)?.storyId ?? previous.get(id)?.storyId ?? ''
  const members = new Map<string, Map<string, StoredArticle>>()
  const add = (a: StoredArticle) => {
    let m = members.get(a.developmentId)
    if (!m) members.set(a.developmentId, (m = new Map()))
    m.set(a.id, a)
  }
  for (const a of loaded) add(revised.get(a.id)?.stored ?? a)
  for (const r of revised.values()) add(r.stored)
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
  for (const [id, byId] of members) {
    const storyId = storyOf(id)
    touchedStories.add(storyId)
    const prev = previous.get(id) ?? null
    const joined = fresh.filter((b) => b.stored.developmentId === id).map((b) => b.stored)
    // Counts carried forward: the stored ones plus the batch's articles, outlets told apart by the
    // outlet index (every outlet's name), so nothing needs the development's other articles.
    const tally = tallyOutlets(facts.get(id)?.outletNames ?? [], prev?.outletCount ?? 0, joined)
    stmts.push(
      ...describeStatements(db, {
        id,
        storyId,
        openedSeq: prev?.openedSeq ?? Math.min(...[...byId.values()].map((a) => a.seq)),
        members: [...byId.values()],
        previous: prev,
        articleCount: (prev?.articleCount ?? 0) + joined.length,
        outletCount: tally.count,
        outletNames: tally.names,
        note: facts.get(id)?.note ?? null,
        updatedAtLeast: prev?.updated ?? null,
      }).stmts,
    )
    const state = developments.get(id)
    if (state && moved.has(id)) stmts.push(fold.writeFoldState(db, id, JSON.stringify(state.state)))
  }
  for (const s of touchedStories) stmts.push(devs.refreshStory(db, s))
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

/** What removing an article did. */
export interface RemovalReport {
  articleId: string
  developmentId: string
  storyId: string
  /** `removed`: it was the development's only article, and the entry is gone; `kept`: the entry stays, under the same id. */
  development: 'removed' | 'kept'
  /** The entry's headline after the removal (null when it is gone). */
  title: string | null
  /** Whether the headline changed (the removed article was the one it came from); the entry then says so. */
  retitled: boolean
  version: number
}

/** The note an entry carries after the report its headline came from was removed. */
export function retitleNote(removed: Pick<StoredArticle, 'outlet' | 'title'>, at: string): string {
  return `[Headline changed ${at.slice(0, 10)}: the report it came from (${removed.outlet ?? 'an unnamed outlet'}, “${removed.title}”) was removed.]`
}

async function removeAttempt(db: D1Database, id: string, now: Date): Promise<RemovalReport | null> {
  const at = now.toISOString()
  const { version } = await currentVersion(db)
  const gone = await articles.getArticle(db, id)
  if (!gone) return null
  const [dev] = await devs.getDevelopments(db, [gone.developmentId])
  const storyId = dev?.storyId ?? ''
  // All remaining members: a removal is rare and must leave the development exactly as if the
  // article had never come (fold state, counts, listed reports), so it reads them all.
  const rest = (await articles.articlesOfDevelopments(db, [gone.developmentId])).filter((a) => a.id !== id)
  // Copies of the removed report are their outlets' own reports from now on (deleteArticle clears their copy_of).
  for (const a of rest) if (a.copyOf === id) a.copyOf = null
  const keys = countKeys(documentTerms(readText(gone.title, gone.text)), gone.outlet)
  const stmts: D1PreparedStatement[] = [
    recordChange(db, version, at, 1),
    ...articles.deleteArticle(db, gone),
    ...fold.subtractTermCounts(db, new Map(keys.map((k) => [k, 1]))),
    devs.rememberRemoved(db, id, at),
  ]
  let report: Omit<RemovalReport, 'version'>
  if (rest.length === 0) {
    stmts.push(...devs.deleteDevelopment(db, gone.developmentId, storyId), devs.rememberRemoved(db, gone.developmentId, at))
    report = { articleId: id, developmentId: gone.developmentId, storyId, development: 'removed', title: null, retitled: false }
  } else {
    // The fold state again from the remaining members, as if the removed one had never joined:
    // its words no longer draw articles to this development.
    const features = rest.map((a) => JSON.parse(a.features) as ArticleFeatures)
    const state = features.slice(1).reduce(addMember, openState(features[0] as ArticleFeatures))
    const facts = (await devs.describeFacts(db, [gone.developmentId])).get(gone.developmentId)
    const tally = tallyOutlets([], 0, rest)
    const whole = describeDevelopment(rest, dev?.title ?? null)
    const retitled = dev !== undefined && whole.title !== dev.title
    const written = describeStatements(db, {
      id: gone.developmentId,
      storyId,
      openedSeq: Math.min(...rest.map((a) => a.seq)),
      members: rest,
      previous: dev ?? null,
      articleCount: rest.length,
      outletCount: tally.count,
      outletNames: tally.names,
      note: retitled ? retitleNote(gone, at) : (facts?.note ?? null),
      // A removal is a real change of the entry: readers should fetch it again.
      updatedAtLeast: at,
    })
    stmts.push(...written.stmts, fold.writeFoldState(db, gone.developmentId, JSON.stringify(state)), devs.refreshStory(db, storyId))
    report = { articleId: id, developmentId: gone.developmentId, storyId, development: 'kept', title: written.title, retitled }
  }
  await db.batch(stmts)
  forgetVersion()
  return { ...report, version: version + 1 }
}

/**
 * Removes one article (a takedown request, a test post): the article, its postings and its term
 * counts go, and its development is described again from the remaining articles (fold state,
 * counts, listed reports), keeping its id and its published headline; if the removed article was
 * the one the headline came from, the next representative's headline replaces it and the entry
 * says so (a note before its summary); if it was the only article, the development (and a story
 * left empty) goes too. Writes as one batch with the next data version, queued and retried like
 * ingest. Returns null for an id that is not a stored article; throws IngestBusyError when
 * concurrent writers kept winning.
 *
 * @example
 * const r = await removeArticle(env.DB, 'a_0123456789abcdef', new Date())
 * r?.development // 'removed' | 'kept'
 */
export async function removeArticle(db: D1Database, id: string, now: Date): Promise<RemovalReport | null> {
  return oneAtATime(async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await removeAttempt(db, id, now)
      } catch (err) {
        if (!isConflict(err)) throw err
        if (tries >= MAX_ATTEMPTS) throw new IngestBusyError(tries)
        const cap = Math.min(400, 8 * 2 ** tries)
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * cap)))
      }
    }
  })
}
