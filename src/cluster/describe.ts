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

/** When an article was first seen: its own date, or when storyfold received it. */
function seen(a: DescribedArticle): string {
  return a.published ?? a.ingestedAt
}

function byTime(a: DescribedArticle, b: DescribedArticle): number {
  const ta = seen(a)
  const tb = seen(b)
  return ta < tb ? -1 : ta > tb ? 1 : a.seq - b.seq
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  const union = a.size + b.size - inter
  return union === 0 ? 0 : inter / union
}

/** The headline closest to all the others (the medoid); the earliest wins ties. */
function pickTitle(ordered: DescribedArticle[]): string {
  const sets = ordered.map((a) => new Set(words(a.title)))
  let best = 0
  let bestScore = -1
  sets.forEach((s, i) => {
    const score = sets.reduce((sum, t, j) => (i === j ? sum : sum + jaccard(s, t)), 0)
    if (score > bestScore + 1e-9) {
      best = i
      bestScore = score
    }
  })
  return ordered[best]?.title ?? ''
}

/** A dateline opening a lead ("ERBIL, Kurdistan Region - ", "KYIV (Reuters) — "): not summary. */
const DATELINE = /^[\p{Lu}][\p{Lu} .'’-]{1,40}(?:,[^.\n–—-]{1,40})?(?:\s*\([^)]{1,30}\))?\s+[-–—]\s+/u

/** The lead of the earliest original report: its first substantial sentences. */
function pickSummary(ordered: DescribedArticle[]): string {
  for (const a of ordered) {
    if (a.copyOf) continue
    const lead: string[] = []
    for (const s of sentences(a.text.replace(DATELINE, ''))) {
      if (s.length < 40 && lead.length === 0) continue
      lead.push(s)
      if (lead.join(' ').length > 220 || lead.length >= 2) break
    }
    if (lead.length) return clip(lead.join(' '), 400)
  }
  return clip(ordered[0]?.title ?? '', 400)
}

/** How many of the development's articles use each word (title and body, once per article). */
function wordDocCounts(articles: DescribedArticle[]): { counts: Map<string, number>; own: Map<string, Set<string>> } {
  const counts = new Map<string, number>()
  const own = new Map<string, Set<string>>()
  for (const a of articles) {
    const set = new Set(words(`${a.title} ${a.text}`))
    own.set(a.id, set)
    for (const w of set) counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  return { counts, own }
}

/**
 * Up to two sentences of `a` whose content words the other articles mostly lack. Linear in the
 * development's size: a word is known to the others when another article also uses it.
 */
function whatItAdds(a: DescribedArticle, docs: ReturnType<typeof wordDocCounts>, others: number): string[] {
  if (a.copyOf || others === 0) return []
  const mine = docs.own.get(a.id) ?? new Set<string>()
  const known = (w: string) => (docs.counts.get(w) ?? 0) - (mine.has(w) ? 1 : 0) > 0
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
 * Describe a development from its articles (any order in, deterministic out).
 *
 * @example
 * const d = describeDevelopment(articles)
 * d.outlets[0].outlet // the outlet that reported first
 */
export function describeDevelopment(articles: DescribedArticle[]): DevelopmentDescription {
  if (articles.length === 0) throw new Error('a development has at least one article')
  const ordered = [...articles].sort(byTime)
  const first = ordered[0] as DescribedArticle
  const opener = [...articles].sort((a, b) => a.seq - b.seq)[0] as DescribedArticle
  let updated = seen(ordered[ordered.length - 1] as DescribedArticle)
  for (const a of articles) {
    // An outlet joining after the development opened, or a correction, is a real change.
    if (a.ingestedAt > opener.ingestedAt && a.ingestedAt > updated) updated = a.ingestedAt
    if (a.revisedAt && a.revisedAt > updated) updated = a.revisedAt
  }
  const docs = wordDocCounts(ordered)
  const outlets: OutletCoverage[] = ordered.map((a) => ({
    articleId: a.id,
    outlet: a.outlet,
    title: a.title,
    url: a.url,
    published: a.published,
    adds: whatItAdds(a, docs, ordered.length - 1),
    copyOf: a.copyOf,
    byline: a.byline,
  }))
  const title = pickTitle(ordered)
  const summary = pickSummary(ordered)
  const outletNames = new Set(ordered.map((a) => a.outlet ?? `unknown:${a.id}`))
  return {
    title,
    summary,
    published: seen(first),
    updated: updated < seen(first) ? seen(first) : updated,
    articleCount: articles.length,
    outletCount: outletNames.size,
    outlets,
    searchText: [title, summary, ...ordered.map((a) => `${a.title} ${a.outlet ?? ''}`)].join('\n').toLowerCase(),
  }
}
