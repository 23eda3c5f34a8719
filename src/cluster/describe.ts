/**
 * Describe a development from its articles: the headline that best speaks for all of them, a
 * short summary, first report and last real change, and the covering outlets with what each
 * adds that the others lack. Pure and deterministic: the same articles give the same description.
 */
import type { OutletCoverage } from '../schema'

/** What describing needs of an article. */
export interface DescribedArticle {
  id: string
  seq: number
  outlet: string | null
  title: string
  url: string | null
  published: string | null
  /** For an undated article (`published` null): the approximate time it is placed at; else null or absent. */
  seenAt?: string | null
  byline: string | null
  text: string
  copyOf: string | null
  ingestedAt: string
  revisedAt: string | null
}

/** A development's description, ready to store. */
export interface DevelopmentDescription {
  title: string
  summary: string
  published: string
  updated: string
  articleCount: number
  outletCount: number
  outlets: OutletCoverage[]
  /** Lower-cased headlines, summary and outlet names, for the `q` filter. */
  searchText: string
  /** The id of the representative report the title and summary come from. */
  representative: string
}

const STOP = new Set(
  ('a an and are as at be been but by for from had has have he her his in into is it its of on or our she that the ' +
    'their them they this to was we were which who will with would said says say not no than then there also after ' +
    'before over about more most other some such can could may might being did do does just only very when while where')
    .split(' '),
)

function words(s: string): string[] {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => !STOP.has(w) && w.length > 1)
}

function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((p) => p.split(/(?<=[.!?]["”’)]?)\s+(?=["“‘(]?[\p{Lu}\p{N}])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s
  const cut = s.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/u, '')}…`
}

/** When an article was first seen: its own date, or its approximate time, or when storyfold received it. */
function seen(a: DescribedArticle): string {
  return a.published ?? a.seenAt ?? a.ingestedAt
}

/**
 * Time order, dated reports before undated ones (issue 15): an approximate time never decides
 * who reported first, so the first report, the representative and the development's time come
 * from a dated report whenever there is one.
 */
function byTime(a: DescribedArticle, b: DescribedArticle): number {
  if ((a.published === null) !== (b.published === null)) return a.published === null ? 1 : -1
  const ta = seen(a)
  const tb = seen(b)
  return ta < tb ? -1 : ta > tb ? 1 : a.seq - b.seq
}

/**
 * The outlet an article counts as, for counting distinct outlets: the name with case and spacing
 * folded ("Reuters" and " reuters" are one outlet), or the article itself when no outlet is known
 * (an unknown outlet is never merged with another).
 *
 * @example
 * outletKey({ id: 'a1', outlet: ' The  Jerusalem Post' }) // → 'the jerusalem post'
 */
export function outletKey(a: { id?: string; articleId?: string; outlet: string | null }): string {
  const name = (a.outlet ?? '').trim().replace(/\s+/g, ' ').toLowerCase()
  return name === '' ? `\u0000unknown:${a.id ?? a.articleId ?? ''}` : name
}

/** An article with a body worth summarising: more than a headline's worth of text. */
function hasBody(a: DescribedArticle): boolean {
  return a.text.trim().length >= 80
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  const union = a.size + b.size - inter
  return union === 0 ? 0 : inter / union
}

/** A time known only to the day: midnight UTC (how ingest stores a date without a time). */
function dateOnly(iso: string): boolean {
  const ms = Date.parse(iso)
  return !Number.isNaN(ms) && ms % 86_400_000 === 0
}

/**
 * The one report that speaks for the development: its headline, summary and first report all
 * come from it, so an entry never contradicts itself (a headline from one article over a summary
 * of another). It is the earliest original report (not a syndicated copy) with a body: the
 * earliest because "first to report" is about who broke the news and an entry should not change
 * its lead as later outlets join; original because a copy's outlet did not write it; with a body
 * because a headline-only item cannot give a summary. When the times cannot order the earliest
 * reports (the same instant, or the same day where one gives only the date), the one whose
 * headline is closest to all the others' wins (the medoid, then the earliest): the report most
 * central to the development. Without any report with a body, the earliest original; without any
 * original, the earliest report. `ordered` is in time order.
 *
 * A `keep` article id (the representative chosen when the entry was first published) wins while
 * it is still a member: an entry's headline is fixed once readers have seen it.
 */
function pickRepresentative(ordered: DescribedArticle[], keep: string | null): DescribedArticle {
  if (keep) {
    const kept = ordered.find((a) => a.id === keep)
    if (kept) return kept
  }
  const candidates = ordered.filter((a) => !a.copyOf && hasBody(a))
  const first = candidates[0]
  if (!first) return ordered.find((a) => !a.copyOf) ?? (ordered[0] as DescribedArticle)
  const t0 = seen(first)
  const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000)
  const tied = candidates.filter((a) => (a.published === null) === (first.published === null) && (seen(a) === t0 || ((dateOnly(t0) || dateOnly(seen(a))) && day(seen(a)) === day(t0))))
  if (tied.length === 1) return first
  const titles = ordered.map((a) => new Set(words(a.title)))
  let best = first
  let bestScore = -1
  for (const a of tied) {
    const mine = new Set(words(a.title))
    const score = titles.reduce((sum, t) => sum + jaccard(mine, t), 0)
    if (score > bestScore + 1e-9) {
      best = a
      bestScore = score
    }
  }
  return best
}

/** A dateline opening a lead ("ERBIL, Kurdistan Region - ", "KYIV (Reuters) — "): not summary. */
const DATELINE = /^[\p{Lu}][\p{Lu} .'’-]{1,40}(?:,[^.\n–—-]{1,40})?(?:\s*\([^)]{1,30}\))?\s+[-–—]\s+/u

/** The lead of the representative report: its first substantial sentences (else its headline). */
function pickSummary(rep: DescribedArticle): string {
  const lead: string[] = []
  for (const s of sentences(rep.text.replace(DATELINE, ''))) {
    if (s.length < 40 && lead.length === 0) continue
    lead.push(s)
    if (lead.join(' ').length > 220 || lead.length >= 2) break
  }
  return clip(lead.length ? lead.join(' ') : rep.title, 400)
}

/**
 * Word counts of the development's original reports (copies left out: a copy of an outlet's
 * text is that outlet's report again, not another outlet knowing the same), overall and per
 * outlet, so "what the other outlets know" is one subtraction per word.
 */
function wordDocCounts(articles: DescribedArticle[]) {
  const counts = new Map<string, number>()
  const perOutlet = new Map<string, Map<string, number>>()
  const own = new Map<string, Set<string>>()
  const outlets = new Set<string>()
  for (const a of articles) {
    const set = new Set(words(`${a.title} ${a.text}`))
    own.set(a.id, set)
    if (a.copyOf) continue
    const key = outletKey(a)
    outlets.add(key)
    let mine = perOutlet.get(key)
    if (!mine) perOutlet.set(key, (mine = new Map()))
    for (const w of set) {
      counts.set(w, (counts.get(w) ?? 0) + 1)
      mine.set(w, (mine.get(w) ?? 0) + 1)
    }
  }
  return { counts, perOutlet, own, outlets }
}

/**
 * Up to two sentences of `a` whose content words the other outlets' original reports mostly
 * lack. Measured against other outlets only, never against a copy of `a` (which would make the
 * outlet whose text was syndicated add nothing) nor the same outlet's other items. Linear in the
 * development's size.
 */
function whatItAdds(a: DescribedArticle, docs: ReturnType<typeof wordDocCounts>): string[] {
  const key = outletKey(a)
  if (a.copyOf || docs.outlets.size - (docs.outlets.has(key) ? 1 : 0) === 0) return []
  const mine = docs.perOutlet.get(key)
  const known = (w: string) => (docs.counts.get(w) ?? 0) - (mine?.get(w) ?? 0) > 0
  const scored = sentences(a.text)
    .map((s, i) => {
      const ws = [...new Set(words(s))]
      const fresh = ws.filter((w) => !known(w)).length
      return { s, i, fresh, novelty: ws.length ? fresh / ws.length : 0 }
    })
    .filter((x) => x.fresh >= 4 && x.novelty >= 0.5)
    .sort((x, y) => y.fresh - x.fresh || x.i - y.i)
    .slice(0, 2)
    .sort((x, y) => x.i - y.i)
  return scored.map((x) => clip(x.s, 240))
}

/**
 * Describe a development from its articles (any order in, deterministic out). The headline and
 * summary come from one representative report (see pickRepresentative); `previousTitle` is the
 * headline the entry was published with, if any: while the article it came from is still a
 * member (and still carries it), that article stays the representative, so the headline readers
 * saw does not change when outlets join or entries merge (the surviving entry's headline wins).
 * It changes only when that article is gone or its headline was corrected. `outletCount` counts
 * distinct outlets ({@link outletKey}). Throws on an empty list.
 *
 * @example
 * const d = describeDevelopment(articles, stored?.title ?? null)
 * d.outlets[0].outlet // the outlet that reported first
 */
export function describeDevelopment(articles: DescribedArticle[], previousTitle: string | null = null): DevelopmentDescription {
  if (articles.length === 0) throw new Error('a development has at least one article')
  const ordered = [...articles].sort(byTime)
  const first = ordered[0] as DescribedArticle
  const opener = [...articles].sort((a, b) => a.seq - b.seq)[0] as DescribedArticle
  let updated = seen(first)
  for (const a of articles) {
    if (seen(a) > updated) updated = seen(a)
    // An outlet joining after the development opened, or a correction, is a real change.
    if (a.ingestedAt > opener.ingestedAt && a.ingestedAt > updated) updated = a.ingestedAt
    if (a.revisedAt && a.revisedAt > updated) updated = a.revisedAt
  }
  const docs = wordDocCounts(ordered)
  // The earliest original member still carrying the published headline, if any.
  const keep = previousTitle === null ? null : (ordered.find((a) => !a.copyOf && a.title === previousTitle) ?? ordered.find((a) => a.title === previousTitle))?.id ?? null
  const rep = pickRepresentative(ordered, keep)
  const outlets: OutletCoverage[] = ordered.map((a) => ({
    articleId: a.id,
    outlet: a.outlet,
    title: a.title,
    url: a.url,
    published: a.published,
    ...(a.published === null ? { seen: seen(a) } : {}),
    adds: whatItAdds(a, docs),
    copyOf: a.copyOf,
    byline: a.byline,
  }))
  const title = rep.title
  const summary = pickSummary(rep)
  const outletNames = new Set(ordered.map((a) => outletKey(a)))
  return {
    title,
    summary,
    published: seen(first),
    updated: updated < seen(first) ? seen(first) : updated,
    articleCount: articles.length,
    outletCount: outletNames.size,
    outlets,
    representative: rep.id,
    searchText: [title, summary, ...ordered.map((a) => `${a.title} ${a.outlet ?? ''}`)].join('\n').toLowerCase(),
  }
}
