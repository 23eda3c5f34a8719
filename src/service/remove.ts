/**
 * Removing one article (DELETE /api/articles/:id: a takedown request, a test post): the article,
 * its postings and its term counts go, and its development is described again from the remaining
 * articles through the pipeline's describe step, as if the removed one had never come.
 */
import { addMember, countKeys, documentTerms, openState } from '../cluster'
import type { ArticleFeatures } from '../cluster'
import { describeDevelopment } from '../cluster/describe'
import { readText } from '../cluster/text'
import * as articles from '../store/articles'
import type { StoredArticle } from '../store/articles'
import { currentVersion, recordChange } from '../store/changes'
import * as devs from '../store/developments'
import * as fold from '../store/fold'
import { PRUNED_JSON } from '../store/retention'
import { retried } from './retried'
import { describeOne, tallyOutlets } from './redescribe'

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

/** The note an entry carries after the report its headline came from was removed (`at`: ISO instant, UTC day shown). */
export function retitleNote(removed: Pick<StoredArticle, 'outlet' | 'title'>, at: string): string {
  return `[Headline changed ${at.slice(0, 10)}: the report it came from (${removed.outlet ?? 'an unnamed outlet'}, “${removed.title}”) was removed.]`
}

/** Statements describing `developmentId` again from `rest` (its remaining articles, not empty), and what they say. */
async function redescribe(
  db: D1Database,
  gone: StoredArticle,
  dev: devs.StoredDevelopment | undefined,
  rest: StoredArticle[],
  at: string,
): Promise<{ stmts: D1PreparedStatement[]; title: string; retitled: boolean }> {
  // The fold state again from the remaining members, as if the removed one had never joined:
  // its words no longer draw articles to this development. A development retention pruned has
  // neither features nor a fold state (it is never a candidate again): it keeps none.
  const pruned = rest.some((a) => a.features === PRUNED_JSON)
  const features = pruned ? [] : rest.map((a) => JSON.parse(a.features) as ArticleFeatures)
  const state = pruned ? null : features.slice(1).reduce(addMember, openState(features[0] as ArticleFeatures))
  const facts = (await devs.describeFacts(db, [gone.developmentId])).get(gone.developmentId)
  const tally = tallyOutlets([], 0, rest)
  const retitled = dev !== undefined && describeDevelopment(rest, dev.title).title !== dev.title
  const d = describeOne({
    id: gone.developmentId,
    storyId: dev?.storyId ?? '',
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
  return {
    stmts: [
      ...devs.upsertDevelopment(db, d.development, d.searchText, { outletNames: d.outletNames, note: d.note }),
      ...(state ? [fold.writeFoldState(db, gone.developmentId, JSON.stringify(state))] : []),
      devs.refreshStory(db, d.development.storyId),
    ],
    title: d.development.title,
    retitled,
  }
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
  const base = { articleId: id, developmentId: gone.developmentId, storyId, version: version + 1 }
  if (rest.length === 0) {
    stmts.push(...devs.deleteDevelopment(db, gone.developmentId, storyId), devs.rememberRemoved(db, gone.developmentId, at))
    await db.batch(stmts)
    return { ...base, development: 'removed', title: null, retitled: false }
  }
  const written = await redescribe(db, gone, dev, rest, at)
  await db.batch([...stmts, ...written.stmts])
  return { ...base, development: 'kept', title: written.title, retitled: written.retitled }
}

/**
 * Removes one article: the article, its postings and its term counts go, and its development is
 * described again from the remaining articles (fold state, counts, listed reports), keeping its
 * id and its published headline; if the removed article was the one the headline came from, the
 * next representative's headline replaces it and the entry says so (a note before its summary,
 * migration 0008); if it was the only article, the development (and a story left empty) goes too
 * and its id answers 410. Writes as one batch with the next data version, queued and retried like
 * ingest. Returns null for an id that is not a stored article; throws IngestBusyError when
 * concurrent writers kept winning.
 *
 * @example
 * const r = await removeArticle(env.DB, 'a_0123456789abcdef', new Date())
 * r?.development // 'removed' | 'kept'
 */
export async function removeArticle(db: D1Database, id: string, now: Date): Promise<RemovalReport | null> {
  return retried(() => removeAttempt(db, id, now))
}
