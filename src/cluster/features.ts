/**
 * Article → compact, JSON-serialisable features: two weighted term vectors (whole text and
 * headline+lead), the entity terms among them, a MinHash signature of the body for
 * near-duplicate detection, and the publication time. Weights come from the term's form
 * (entity, number, position in headline) and the frozen background table, never from the
 * articles seen so far, so features (and so similarities) do not depend on arrival order.
 */
import { idf, RARE_IDF } from './background'
import { isContentTerm, plainWords, readText, termOf } from './text'
import type { ArticleText, Token } from './text'

/** What clustering needs of an article. `published` is epoch ms or null when unknown. */
export interface ClusterArticle {
  id: string
  title: string
  text: string
  published: number | null
  outlet: string | null
}

/** A sparse vector: [term, weight] pairs, L2-normalised, heaviest first. */
export type TermVector = [string, number][]

/**
 * Features of one article, stored as JSON beside it (typically 1–2.5 KB).
 * `f` whole-text vector, `l` headline+lead vector, `e` entity/number terms, `m` MinHash of
 * body 4-word shingles (null when the body is too short), `p` published ms, `b` has a body.
 */
export interface ArticleFeatures {
  v: 1
  p: number | null
  b: boolean
  f: TermVector
  l: TermVector
  e: string[]
  m: number[] | null
  /** hash of the normalised headline, for headline-only copies */
  h: string
  /**
   * measurements the text states: decimal numbers (a magnitude 5.9, a rate 3.25) and currency
   * amounts ($334), first-seen order, at most 16; absent in features stored before it existed
   */
  q?: string[]
  /** hash of the outlet's name (absent when unknown, or in features stored before it existed) */
  o?: string
}

const FULL_TERMS = 48
const LEAD_TERMS = 16
const LEAD_WORDS = 40
const ENTITY_TERMS = 24
/** Feature-side constants (weights), fixed for every data set; an argument only so they can be measured. */
export interface FeatureOptions {
  /** a headline word counts as this many body occurrences */
  titleTf: number
  /** weight multiplier of names and numbers */
  entityBoost: number
}

/**
 * The feature weights used everywhere. The name boost was 2.5; 1.75 did better out of sample once
 * the model weighed what happened apart from the names (README, "Quality, measured honestly").
 */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { titleTf: 3, entityBoost: 1.75 }
/** A body shorter than this many words gets no MinHash (too few shingles to estimate overlap). */
export const MIN_BODY_WORDS = 25
/**
 * A body of at least this many words is full text; shorter is a feed item's description, read
 * with the headline as its lead, so the model weighs the two kinds apart (README, "How the fold works").
 */
export const FULL_TEXT_WORDS = 40
const MINHASH_SIZE = 32
const PAIR_TERMS = 5
const MAX_KEYS = 32
const MEASURES = 16
/** The weight (idf) below which a name gets no boost; the boost is full at a rare word's weight. */
const BOOST_FROM = 2

/** 32-bit FNV-1a with a seed; the one hash used everywhere here. */
export function fnv(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d) >>> 0
  h ^= h >>> 12
  return h >>> 0
}

/** A short, stable id from a string: 12 base-36 characters from two hashes. */
export function shortHash(s: string): string {
  const a = fnv(s).toString(36).padStart(7, '0')
  const b = fnv(s, 0x9747b28c).toString(36).padStart(7, '0')
  return (a + b).slice(0, 12)
}

function isEntity(t: Token, inTitle: boolean, term: string, titleCase = false): boolean {
  if (t.numeric) return true
  if (!t.cap || titleCase) return false
  if (!t.initial && !inTitle) return true
  // Headlines capitalise common words: only a rare capitalised word counts there.
  return idf(term) >= 3.5 && t.lower.length > 2
}

interface Acc {
  tf: Map<string, number>
}

/**
 * A Title Case Headline capitalises every word, so its capitals say nothing about names: true when
 * most of its words of four letters or more (stopwords aside) are capitalised.
 */
export function isTitleCase(tokens: Token[]): boolean {
  let words = 0
  let caps = 0
  for (const t of tokens) {
    if (t.numeric || t.lower.length < 4 || !isContentTerm(t)) continue
    words++
    if (t.cap) caps++
  }
  return words >= 3 && caps / words >= 0.7
}

function accumulate(acc: Acc, tokens: Token[], terms: (string | null)[], weight: number, inTitle: boolean, entityVotes: Map<string, number>, titleCase = false): void {
  for (let i = 0; i < tokens.length; i++) {
    const term = terms[i] as string | null
    if (term === null) continue
    const t = tokens[i] as Token
    acc.tf.set(term, (acc.tf.get(term) ?? 0) + weight)
    if (isEntity(t, inTitle, term, titleCase)) entityVotes.set(term, (entityVotes.get(term) ?? 0) + 1)
    else if (!t.cap && !t.numeric) entityVotes.set(term, (entityVotes.get(term) ?? 0) - 1)
  }
}

function toVector(tf: Map<string, number>, entities: Set<string>, limit: number, boost: number, weight: (term: string) => number): TermVector {
  const weighted: [string, number][] = []
  for (const [term, n] of tf) {
    const idf = weight(term)
    if (idf <= 0) continue
    // A name is specific only while it is rare: one every other item mentions gets no boost.
    const w = (1 + Math.log(n)) * idf * (entities.has(term) ? 1 + (boost - 1) * Math.min(1, Math.max(0, (idf - BOOST_FROM) / (RARE_IDF - BOOST_FROM))) : 1)
    weighted.push([term, w])
  }
  weighted.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const kept = weighted.slice(0, limit)
  const norm = Math.sqrt(kept.reduce((s, [, w]) => s + w * w, 0)) || 1
  return kept.map(([t, w]) => [t, Math.round((w / norm) * 1000) / 1000])
}

/** Decimal numbers and currency amounts, in order of first mention (see ArticleFeatures.q). */
function measurements(tokens: Token[]): string[] {
  const out = new Set<string>()
  for (let i = 0; i < tokens.length && out.size < MEASURES; i++) {
    const t = tokens[i] as Token
    if (!t.numeric || !(t.money || t.lower.includes('.')) || isClockTime(tokens, i)) continue
    out.add(t.lower)
  }
  return [...out]
}

/** 8.45am, 4.30 p.m.: a time of day, not a measurement. */
function isClockTime(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1]?.lower
  if (next === 'am' || next === 'pm') return true
  return (next === 'a' || next === 'p') && tokens[i + 2]?.lower === 'm'
}

function minhash(words: string[]): number[] | null {
  if (words.length < MIN_BODY_WORDS) return null
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff)
  const wh = words.map((w) => fnv(w))
  for (let i = 0; i + 4 <= wh.length; i++) {
    // hash of the 4-word shingle from its words' hashes, then one cheap permutation per slot
    let base = Math.imul((wh[i] as number) ^ 0x27d4eb2d, 0x9e3779b1)
    base = Math.imul(base ^ (wh[i + 1] as number), 0x85ebca6b) >>> 0
    base = Math.imul(base ^ (wh[i + 2] as number), 0xc2b2ae35) >>> 0
    base = Math.imul(base ^ (wh[i + 3] as number), 0x27d4eb2f) >>> 0
    base = (base ^ (base >>> 15)) >>> 0
    for (let k = 0; k < MINHASH_SIZE; k++) {
      let h = Math.imul(base ^ SALTS[k]!, 0x85ebca6b)
      h = (h ^ (h >>> 13)) >>> 0
      if (h < (sig[k] as number)) sig[k] = h
    }
  }
  return sig
}

const SALTS = Array.from({ length: MINHASH_SIZE }, (_, k) => fnv('salt' + k))

/**
 * Computes an article's features. Deterministic; reads nothing but the article and `weight`,
 * the inverse document frequency of a stemmed term (the stream's, from `idfFrom(counts)`, as the
 * fold uses it; the frozen background's by default).
 * @example
 * const f = featurize({ id: 'a1', title: 'Quake hits Chile', text: '...', published: Date.parse('2014-04-01'), outlet: null })
 * f.l[0] // ['chil', 0.6…]
 */
export function featurize(
  a: ClusterArticle,
  weight: (term: string) => number = idf,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  /** the article's text as `readText` made it, when the caller has it already */
  text?: ArticleText,
): ArticleFeatures {
  const { title, body, titleTokens, bodyTokens, titleTerms, bodyTerms } = text ?? readText(a.title, a.text)
  // each term weighed once: the lead's terms are among the whole text's, and a stream weight costs two count lookups
  const weights = new Map<string, number>()
  const weighOnce = (term: string): number => {
    let w = weights.get(term)
    if (w === undefined) weights.set(term, (w = weight(term)))
    return w
  }
  const votes = new Map<string, number>()
  const full: Acc = { tf: new Map() }
  const titleCase = isTitleCase(titleTokens)
  accumulate(full, titleTokens, titleTerms, options.titleTf, true, votes, titleCase)
  accumulate(full, bodyTokens, bodyTerms, 1, false, votes)
  const lead: Acc = { tf: new Map() }
  accumulate(lead, titleTokens, titleTerms, 1, true, new Map())
  accumulate(lead, bodyTokens.slice(0, LEAD_WORDS), bodyTerms, 1, false, new Map())
  const entities = new Set([...votes].filter(([, v]) => v > 0).map(([t]) => t))
  const f = toVector(full.tf, entities, FULL_TERMS, options.entityBoost, weighOnce)
  const l = toVector(lead.tf, entities, LEAD_TERMS, options.entityBoost, weighOnce)
  const e = f.filter(([t]) => entities.has(t)).slice(0, ENTITY_TERMS).map(([t]) => t)
  const words = plainWords(body)
  const normTitle = plainWords(title).join(' ')
  return {
    v: 1,
    p: a.published ?? null,
    b: words.length >= FULL_TEXT_WORDS,
    f,
    l,
    e,
    m: minhash(words),
    h: normTitle.split(' ').length >= 4 ? shortHash(normTitle) : '',
    q: measurements([...titleTokens, ...bodyTokens]),
    ...(a.outlet ? { o: shortHash(a.outlet.toLowerCase()) } : {}),
  }
}

/**
 * Keys to post an article under and to look candidates up by: its heaviest terms (rare words,
 * names, numbers) from both vectors, at most 40.
 * @example indexKeys(featurize(article)) // ['t:waitros', 't:banstead', ...]
 */
export function indexKeys(f: ArticleFeatures): string[] {
  const keys = new Set<string>()
  if (f.h) keys.add('h:' + f.h)
  // Pairs of the heaviest headline terms: articles sharing two of them share three keys,
  // so ranking by shared keys puts real matches ahead of articles sharing one hub word.
  const top = f.l.slice(0, PAIR_TERMS).map(([t]) => t).sort()
  for (let i = 0; i < top.length; i++) for (let j = i + 1; j < top.length; j++) keys.add(`p:${top[i]}+${top[j]}`)
  for (const [t] of f.l.slice(0, 12)) keys.add('t:' + t)
  for (const [t] of f.f) {
    if (keys.size >= MAX_KEYS) break
    keys.add('t:' + t)
  }
  return [...keys].slice(0, MAX_KEYS)
}
