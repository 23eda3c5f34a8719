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
 * decisions run one article after another, in memory. The batch's state and its opening reads are
 * src/service/batch.ts; the fold stage, src/service/fold-batch.ts.
 */
import { POSTING_CAP, indexKeys } from '../cluster'
import { articleId } from '../ingest/ids'
import type { Article } from '../schema'
import * as articles from '../store/articles'
import type { StoredArticle } from '../store/articles'
import { recordChange } from '../store/changes'
import * as devs from '../store/developments'
import * as fold from '../store/fold'
import { readTogether } from '../store/reads'
import { PRUNED_JSON, markTouched } from '../store/retention'
import { dedupKey, featuresOf, openBatch, remember, sameOutlet, UNDECIDED, type Batch, type IngestStatus } from './batch'
import { foldAll, post } from './fold-batch'
import { retried } from './retried'
import { describeOne, tallyOutlets, type Described } from './redescribe'

/** A batch larger than this is split by callers (the API refuses it); postings keep room for one. */
export const MAX_BATCH_ARTICLES = 100

export type { IngestStatus }

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
