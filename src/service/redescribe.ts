/**
 * Describing a development again from the reports its entry lists (src/service/listed-reports.ts)
 * plus new or remaining ones, with its article and outlet counts carried forward rather than
 * recounted from every article: what a batch (pipeline.ts) and a removal (remove.ts) both do.
 */
import { describeDevelopment, outletKey } from '../cluster/describe'
import type { StoredArticle } from '../store/articles'
import type * as devs from '../store/developments'
import { listedReports } from './listed-reports'

/** A development re-described, as the store keeps it. */
export interface Described {
  development: devs.StoredDevelopment
  searchText: string
  /** Every outlet name of the development (its listed reports name only some of a large one's). */
  outletNames: string[]
  /** Why its headline changed (shown before its summary), or null. */
  note: string | null
}

/**
 * Distinct outlets of a development once `joined` articles join it, given its outlet index
 * (`names`, every named outlet once) and the outlet count it had (`storedCount`): counted forward
 * without its other articles. Articles without an outlet name each count as their own outlet
 * (outletKey) and are not in the index.
 */
export function tallyOutlets(names: readonly string[], storedCount: number, joined: readonly StoredArticle[]): { count: number; names: string[] } {
  const known = new Set(names.map((n) => outletKey({ outlet: n })).filter((k) => !k.startsWith('\u0000')))
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

/** What describing one development takes: counts are given, since `members` may be only its listed reports. */
export interface Redescription {
  id: string
  storyId: string
  openedSeq: number
  /** The reports its entry listed, with the batch's new and corrected ones (all its articles when it is small). */
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
 * One development described from `r.members`: the headline readers were shown stays
 * (describeDevelopment keeps its report as representative while it is a member), the entry lists
 * the reports listedReports keeps, the counts are the ones given, and a note goes before the
 * summary (so every format shows it).
 */
export function describeOne(r: Redescription): Described {
  const previousTitle = r.previous?.title ?? null
  const whole = describeDevelopment(r.members, previousTitle)
  const listed = listedReports(r.members, whole.representative, r.articleCount)
  const d = listed.length === r.members.length ? whole : describeDevelopment(listed, previousTitle)
  const updated = [whole.updated, d.updated, r.updatedAtLeast ?? ''].reduce((x, y) => (y > x ? y : x))
  // Undated only when no report gives a date: the members, and (when they are not all its articles) the rest as stored.
  const undated = r.members.every((a) => a.published === null) && (r.members.length >= r.articleCount || (r.previous?.publishedApproximate ?? true))
  return {
    development: {
      id: r.id, storyId: r.storyId, openedSeq: r.openedSeq, title: d.title, summary: r.note ? `${r.note} ${d.summary}` : d.summary,
      published: d.published, updated, articleCount: r.articleCount, outletCount: r.outletCount,
      lang: r.members.find((a) => a.id === whole.representative)?.lang ?? null, publishedApproximate: undated,
      outlets: d.outlets,
    },
    searchText: d.searchText,
    outletNames: r.outletNames,
    note: r.note,
  }
}
