/**
 * The fold's one learned model: how well an article fits a development as a whole, as a
 * logistic score over a handful of similarity features (the shape of Miranda et al. 2018:
 * cluster-level TF-IDF similarities of text and names plus time, weights learned from labelled
 * pairs, a "new development" when no score passes 0.5). The weights are fitted by
 * `npm run fit` (scripts/fit-fold.ts) on the labelled dev sets; the README reports them
 * leave-one-set-out.
 */
import type { ArticleFeatures } from './features'
import type { DevelopmentState } from './development'
import { compareTo, DAY } from './similarity'
import type { Prepared } from './similarity'

/** The features, in the order of the weights. */
export const FEATURE_NAMES = [
  'bias',
  'cosFull',
  'cosLead',
  'bothBody',
  'cosLeadWithBody',
  'bestMember',
  'memberSupport',
  'namesCovered',
  'namesOfDevelopment',
  'gapDays',
  'daysSinceFirst',
  'undated',
  'copy',
  'measuresDisagree',
  'gapWithBody',
  'recurring',
  'editions',
  'action',
  'namesDisjoint',
] as const

export type FeatureName = (typeof FEATURE_NAMES)[number]

/** A fitted model: one weight per feature, plus the logit offset that turns it into a story link. */
export interface FoldModel {
  weights: Record<FeatureName, number>
  /**
   * Story links: the same score without its time features, plus this offset (a story is a
   * looser thread than a development), for developments within `storyWindowDays` of the article.
   */
  storyOffset: number
  storyWindowDays: number
}

/** Member-level facts of one candidate development: its members among the candidates. */
export interface MemberEvidence {
  /** best pairwise similarity (whole text when both have a body, else headline+lead) */
  best: number
  /** sum of the pairwise similarities (members that are not candidates share no index key: about 0) */
  sum: number
  /** best estimated shingle Jaccard, or 1 for the same ≥ 4-word headline without a body */
  copy: number
  /** members whose stated measurements agree with the article's, and members whose disagree (see Comparison.measures) */
  agree: number
  disagree: number
  /**
   * best similarity to a member from the article's own outlet published at least RECUR_HOURS
   * apart: an outlet's recurring format (a daily cartoon page, a live page, a market preview),
   * not one event; 0 when there is none
   */
  recurring: number
  /** members the article shares any weighted term with */
  linked: number
  /**
   * best cosine with a member's headline+lead over the words that are neither's names nor
   * numbers: how alike what happened is, apart from who and where
   */
  action: number
}

/** An outlet's recurring formats come back a day apart; its retitled versions of one report within hours. */
const RECUR_HOURS = 12

/**
 * How many earlier editions of a recurring format the article looks like: over the candidates
 * from its own outlet published at least RECUR_HOURS from it, the best similarity on each
 * calendar day (UTC), summed. A daily cartoon page, horoscope or briefing meets its former
 * editions on many days; a next-day version of one report meets one. A property of the article,
 * the same for every development it is scored against. Takes the article's probe and candidate
 * features; returns a sum of similarities (0 when the article has no outlet or date).
 */
export function editionsOf(p: Probe, members: Iterable<ArticleFeatures>): number {
  const a = p.prepared.features
  if (a.o === undefined || a.p === null) return 0
  const byDay = new Map<number, number>()
  for (const m of members) {
    if (m.o !== a.o || m.p === null || Math.abs(a.p - m.p) < RECUR_HOURS * 3_600_000) continue
    const day = Math.floor(m.p / DAY)
    const sim = compareTo(p.prepared, m).similarity
    if (sim > (byDay.get(day) ?? 0)) byDay.set(day, sim)
  }
  let sum = 0
  for (const v of byDay.values()) sum += v
  return sum
}

/**
 * A large development is judged by its closest members: candidates are capped (decide.ts), so of
 * a development of hundreds only the few nearest the article are seen.
 */
export const CLOSEST_MEMBERS = 8

/** Evidence of no member yet. */
export function noEvidence(): MemberEvidence {
  return { best: 0, sum: 0, copy: 0, agree: 0, disagree: 0, recurring: 0, linked: 0, action: 0 }
}

/** Adds one member's evidence to a development's. */
export function addEvidence(into: MemberEvidence, one: MemberEvidence): void {
  into.best = Math.max(into.best, one.best)
  into.copy = Math.max(into.copy, one.copy)
  into.sum += one.sum
  into.agree += one.agree
  into.disagree += one.disagree
  into.recurring = Math.max(into.recurring, one.recurring)
  into.linked += one.linked
  into.action = Math.max(into.action, one.action)
}

const norm = (v: [string, number][]): number => Math.sqrt(v.reduce((s, [, w]) => s + w * w, 0)) || 1

/** Lookup maps of a development state, built once per state object (states are replaced, never changed). */
interface StateMaps {
  f: Map<string, number>
  fNorm: number
  l: Map<string, number>
  lNorm: number
  names: Map<string, number>
  namesTotal: number
}

const stateMaps = new WeakMap<DevelopmentState, StateMaps>()

function mapsOf(s: DevelopmentState): StateMaps {
  let m = stateMaps.get(s)
  if (!m) {
    const names = new Map(s.e)
    let namesTotal = 0
    for (const [, k] of s.e) namesTotal += k
    m = { f: new Map(s.f), fNorm: norm(s.f), l: new Map(s.l), lNorm: norm(s.l), names, namesTotal }
    stateMaps.set(s, m)
  }
  return m
}

function cosine(v: [string, number][], vNorm: number, map: Map<string, number>, mapNorm: number): number {
  let dot = 0
  for (const [t, w] of v) {
    const x = map.get(t)
    if (x !== undefined) dot += x * w
  }
  return dot / (vNorm * mapNorm)
}

/** What one article brings to many comparisons (built once per article). */
export interface Probe {
  prepared: Prepared
  fullNorm: number
  leadNorm: number
  /**
   * its names (ArticleFeatures.e); its headline+lead words that are not names or numbers, as
   * integer weights (× 1000, so sums are exact and the similarity symmetric), and their squared norm
   */
  names: Set<string>
  action: Map<string, number>
  actionNorm2: number
}

const isNumber = (t: string): boolean => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57

/** Prepares an article for `featureVector` (see similarity.prepare). */
export function probe(prepared: Prepared): Probe {
  const f = prepared.features
  const names = new Set(f.e)
  const action = new Map<string, number>()
  let actionNorm2 = 0
  for (const [t, w] of f.l) {
    if (isNumber(t) || names.has(t)) continue
    const k = Math.round(w * 1000)
    action.set(t, k)
    actionNorm2 += k * k
  }
  return { prepared, fullNorm: norm(f.f), leadNorm: norm(f.l), names, action, actionNorm2 }
}

/**
 * Cosine of two headline+lead vectors over the words that are neither article's names nor
 * numbers. Reports of one event say what happened in like words (a gas leak, a chemical plant);
 * a reaction, an analysis or the next day's angle shares the event's names but says something
 * else about them, and names weigh most in the other similarities (a rare name is boosted).
 */
function actionSimilarity(p: Probe, m: ArticleFeatures): number {
  let dot = 0
  let mNorm2 = 0
  for (const [t, w] of m.l) {
    if (isNumber(t) || m.e.includes(t) || p.names.has(t)) continue
    const k = Math.round(w * 1000)
    const x = p.action.get(t)
    if (x !== undefined) dot += x * k
    mNorm2 += k * k
  }
  // the article's words that the member counts as names drop out of its side too
  let aNorm2 = p.actionNorm2
  for (const t of m.e) {
    const x = p.action.get(t)
    if (x !== undefined) aNorm2 -= x * x
  }
  return aNorm2 > 0 && mNorm2 > 0 ? dot / Math.sqrt(aNorm2 * mNorm2) : 0
}

/** The evidence from one member article (see MemberEvidence). */
export function memberEvidence(p: Probe, m: ArticleFeatures, into: MemberEvidence): void {
  const c = compareTo(p.prepared, m)
  if (c.similarity > into.best) into.best = c.similarity
  into.sum += c.similarity
  if (c.similarity > 0) into.linked++
  const action = actionSimilarity(p, m)
  if (action > into.action) into.action = action
  const a = p.prepared.features
  const recurring = a.o !== undefined && a.o === m.o && a.p !== null && m.p !== null && Math.abs(a.p - m.p) >= RECUR_HOURS * 3_600_000
  // a recurring format's new edition repeats last edition's words: never a copy
  const copy = recurring ? 0 : !a.b && !m.b && a.h !== '' && a.h === m.h ? 1 : c.jaccard
  if (copy > into.copy) into.copy = copy
  if (recurring && c.similarity > into.recurring) into.recurring = c.similarity
  if (c.measures === 'agree') into.agree++
  else if (c.measures === 'disagree') into.disagree++
}


/** Days between a time and a span (0 inside it), or null when either is unknown. */
function daysOutside(p: number | null, s: DevelopmentState): number | null {
  if (p === null || s.p0 === null || s.p1 === null) return null
  if (p < s.p0) return (s.p0 - p) / DAY
  if (p > s.p1) return (p - s.p1) / DAY
  return 0
}

/**
 * How much of the development the article meets: the summed similarity of its members among the
 * candidates over min(n, CLOSEST_MEMBERS). For a small development the mean over all members
 * (average link: one member the article merely touches counts for little); for a large one, how
 * many of its members the article is close to, measured against its closest few. Dividing by the
 * whole size instead made every large development look unlike anything (README, "How the fold works").
 */
function memberSupport(ev: MemberEvidence, n: number): number {
  return ev.sum / Math.max(1, Math.min(n, CLOSEST_MEMBERS))
}

/** The feature vector of (article, development), in FEATURE_NAMES order. */
export function featureVector(p: Probe, s: DevelopmentState, ev: MemberEvidence, editions = 0): number[] {
  const a = p.prepared.features
  const m = mapsOf(s)
  const bothBody = a.b && s.nb > 0 ? 1 : 0
  const cosFull = bothBody ? cosine(a.f, p.fullNorm, m.f, m.fNorm) : 0
  const cosLead = cosine(a.l, p.leadNorm, m.l, m.lNorm)
  // the share of the article's headline names the development mentions anywhere
  let hit = 0
  for (const [t, w] of p.prepared.leadNames) if (m.f.has(t) || m.l.has(t) || m.names.has(t)) hit += w
  const namesCovered = p.prepared.leadNamesTotal > 0 ? hit / p.prepared.leadNamesTotal : 1
  // the share of the development's names (by how many members name them) the article mentions
  let named = 0
  for (const [t, k] of s.e) if (p.prepared.terms.has(t)) named += k
  const namesOfDevelopment = m.namesTotal > 0 ? named / m.namesTotal : 1
  // both name someone and share no name: the same thing said of different places or people
  const namesDisjoint = p.prepared.leadNamesTotal > 0 && m.namesTotal > 0 && hit === 0 && named === 0 ? 1 : 0
  const gap = daysOutside(a.p, s)
  const gapDays = gap === null ? 0 : Math.log1p(gap)
  // how long after the development's first report: a development is the news of its first day, what comes days later is a follow-up
  const sinceFirst = gap === null || s.p0 === null || a.p === null ? 0 : Math.log1p(Math.abs(a.p - s.p0) / DAY)
  const copy = Math.max(ev.copy, !a.b && a.h !== '' && s.h.includes(a.h) ? 1 : 0)
  // two events of one kind: the article's figures and the development's disagree, none agree
  const measuresDisagree = ev.disagree > 0 && ev.agree === 0 ? 1 : 0
  return [
    1, cosFull, cosLead, bothBody, cosLead * bothBody, ev.best, memberSupport(ev, s.n), namesCovered, namesOfDevelopment,
    gapDays, sinceFirst, gap === null ? 1 : 0, copy, measuresDisagree, gapDays * bothBody, ev.recurring,
    Math.log1p(editions), ev.action, namesDisjoint,
  ]
}

/** Cleared in a story link: time (a story is one thread however far apart), and `action` (a reaction is the same story though something else happened). */
const NOT_FOR_STORIES = ['gapDays', 'daysSinceFirst', 'undated', 'gapWithBody', 'action'].map((f) => FEATURE_NAMES.indexOf(f as FeatureName))

/**
 * The story-link form of a feature vector: time features and `action` cleared (a story is one
 * thread however far apart its developments are, and a reaction belongs to it), or null when the article is more than `windowDays` from the
 * development.
 */
export function storyVector(p: Probe, s: DevelopmentState, x: number[], windowDays: number): number[] | null {
  const gap = daysOutside(p.prepared.features.p, s)
  if (gap !== null && gap > windowDays) return null
  const y = x.slice()
  for (const i of NOT_FOR_STORIES) y[i] = 0
  return y
}

/** Logistic score of a feature vector under a model: the probability the article belongs. */
export function scoreOf(x: number[], model: FoldModel, offset = 0): number {
  let z = offset
  for (let i = 0; i < FEATURE_NAMES.length; i++) z += (x[i] as number) * model.weights[FEATURE_NAMES[i] as FeatureName]
  return 1 / (1 + Math.exp(-z))
}
