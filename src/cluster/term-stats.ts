/**
 * Term weights from the stream itself, smoothed by a frozen background (TDT's incremental idf,
 * Allan et al. 1998, with a Bayesian prior), and discounted where an outlet repeats a term in
 * most of its items. A word every feed repeats this week ("coronavirus") gets a low weight as
 * soon as the stream shows it is common, which a frozen table of 2013–2018 vocabulary cannot
 * know; a channel's footer ("Subscribe to our channel", "Follow us on Twitter"), a date line
 * before every description or a section label in every headline of one outlet weighs nothing
 * for that outlet, so it is never evidence that two of its items report one event. Early in a
 * stream, or in a small one, the background decides.
 *
 * Counts are kept under string keys (see `countKeys`) so that the store can hold them in one
 * table without knowing what they mean.
 */
import { backgroundFraction } from './background'
import { documentTermsOf, readText } from './text'
import type { ArticleText } from './text'

/**
 * Pseudo-documents the background counts as: with fewer articles than this the background
 * dominates a term's weight. A prior strength, not fitted to a data set.
 */
export const PRIOR_DOCS = 2000

/** Pseudo-items of an outlet before its own repetitions count (a prior against judging a new outlet on two items). */
const OUTLET_PRIOR = 10

/** A term in this share of an outlet's items is that outlet's boilerplate and weighs nothing for it; below, linearly less. */
const BOILERPLATE_SHARE = 0.5

/** Most distinct terms one article adds to the counts (bounds the work and the store's writes). */
export const DOC_TERMS = 128

/** The key under which articles are counted. */
const ARTICLES = ''

const outletPrefix = (outlet: string): string => `\u0001${outlet}\u0001`

/** Counts as the fold has seen them so far, by key (0 when unseen). */
export interface TermCounts {
  count(key: string): number
}

/**
 * The keys one article adds 1 to: the article count, each of its distinct terms, and the same
 * per outlet when it has one.
 * @example countKeys(['quak'], 'BBC') // ['', 'quak', '\u0001BBC\u0001', '\u0001BBC\u0001quak']
 */
export function countKeys(terms: string[], outlet: string | null): string[] {
  const keys = [ARTICLES, ...terms]
  if (outlet) {
    const p = outletPrefix(outlet)
    keys.push(p, ...terms.map((t) => p + t))
  }
  return keys
}

/**
 * The weight of a term for an article of `outlet`, given the counts so far: -ln of its smoothed
 * document fraction, (df + PRIOR_DOCS × background fraction) / (n + PRIOR_DOCS), times
 * (1 − share of the outlet's items containing it / BOILERPLATE_SHARE), never below 0.
 * `own` is the article's `documentTerms`: a term past them (deep in a long body) is weighed as
 * never counted, since those are the only counts a store fetches for the article.
 * @example idfFrom({ count: () => 0 }, null, new Set())('waitros') // ln 100 = 4.6 (a rare word)
 */
export function idfFrom(counts: TermCounts, outlet: string | null, own: Set<string>): (term: string) => number {
  const denominator = counts.count(ARTICLES) + PRIOR_DOCS
  const prefix = outlet ? outletPrefix(outlet) : null
  const outletItems = prefix ? counts.count(prefix) + OUTLET_PRIOR : 0
  return (term) => {
    const seen = own.has(term)
    const idf = -Math.log(((seen ? counts.count(term) : 0) + PRIOR_DOCS * backgroundFraction(term)) / denominator)
    if (!prefix || !seen) return idf
    const share = counts.count(prefix + term) / outletItems
    return idf * Math.max(0, 1 - share / BOILERPLATE_SHARE)
  }
}

/** In-memory counts (the Folder's; the store keeps the same numbers in D1's `term_df`). */
export class TermStats implements TermCounts {
  private readonly counts = new Map<string, number>()
  count(key: string): number {
    return this.counts.get(key) ?? 0
  }
  /** Adds one article (its `countKeys`). */
  add(keys: string[]): void {
    for (const k of keys) this.counts.set(k, (this.counts.get(k) ?? 0) + 1)
  }
}

/**
 * The distinct terms an article adds to the counts: its headline's and body's content terms in
 * text order, at most DOC_TERMS. Takes the article, or its text already read by `readText`.
 * @example documentTerms({ title: 'Quake hits Chile', text: '' }) // ['quak', 'hit', 'chil']
 */
export function documentTerms(a: { title: string; text: string } | ArticleText): string[] {
  return documentTermsOf('titleTokens' in a ? a : readText(a.title, a.text), DOC_TERMS)
}
