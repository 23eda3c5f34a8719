/**
 * Which of a development's reports its entry lists (and so which the pipeline reads to describe
 * it again): all of them up to LISTED_MAX, past that the first report of each outlet. A batch
 * joining a development of thousands of articles then reads and stores what its entry shows (one
 * report per outlet), not every article it ever gathered (issue #19: 5 articles joining one of
 * 3,215 took 1.4–1.7 s, and the stored list would pass D1's 2 MB row limit near 9,000).
 */
import { outletKey, type DescribedArticle } from '../cluster/describe'

/**
 * Most reports one entry lists. A development of at most this many articles lists every one (an
 * outlet's follow-up items included); a larger one lists its representative, its opening report
 * and the first report of each outlet, earliest first, this many at most. At about 1 KB a report,
 * the stored list and its sections stay far under D1's 2 MB row.
 */
export const LISTED_MAX = 100

function seen(a: DescribedArticle): string {
  return a.published ?? a.ingestedAt
}

/**
 * The reports to list, in time order, out of `members` (the reports listed so far plus a batch's
 * new or corrected ones; all members below the cap). `articleCount` is how many articles the
 * development has in all; `representative` the id of the report its headline comes from. Keeps,
 * in this order of priority: the representative, the opening report (lowest seq: the entry's
 * "updated" counts later arrivals against it), then each outlet's first report by time (an outlet
 * without a name counts as its own, as in `outletKey`). So the earliest report, every outlet's
 * first and the headline's report are always listed while there are at most LISTED_MAX - 2
 * outlets; past that, the outlets that reported latest are counted but not listed.
 *
 * @example
 * listedReports(all, d.representative, 3_215).length // ≤ LISTED_MAX: one report per outlet
 */
export function listedReports<T extends DescribedArticle>(members: readonly T[], representative: string, articleCount: number): T[] {
  const ordered = [...members].sort((a, b) => (seen(a) < seen(b) ? -1 : seen(a) > seen(b) ? 1 : a.seq - b.seq))
  if (articleCount <= LISTED_MAX && ordered.length <= LISTED_MAX) return ordered
  const keep = new Set<T>()
  const rep = ordered.find((a) => a.id === representative)
  if (rep) keep.add(rep)
  const opener = ordered.reduce<T | undefined>((min, a) => (min === undefined || a.seq < min.seq ? a : min), undefined)
  if (opener) keep.add(opener)
  const outlets = new Set<string>()
  for (const a of ordered) {
    if (keep.size >= LISTED_MAX) break
    const key = outletKey(a)
    if (outlets.has(key)) continue
    outlets.add(key)
    keep.add(a)
  }
  return ordered.filter((a) => keep.has(a))
}
