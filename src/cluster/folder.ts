/**
 * An in-memory driver of the fold: its own postings index over `indexKeys`, candidates ranked
 * by shared keys exactly as the store ranks them, the stream's term counts, each development's
 * fold state, then `decide`.
 * Used by the command line and the bench; the Worker does the same against D1.
 */
import { CANDIDATE_LIMIT, decide } from './decide'
import type { CandidateDevelopment, FoldCandidate, FoldDecision } from './decide'
import { addMember, openState } from './development'
import { featurize, indexKeys } from './features'
import type { ArticleFeatures, ClusterArticle } from './features'
import { FOLD_MODEL } from './fold-model'
import type { FoldModel } from './model'
import { countKeys, documentTerms, idfFrom, TermStats } from './term-stats'
import { readText } from './text'

interface Stored {
  id: string
  features: ArticleFeatures
  development: string
  seq: number
}

/**
 * How many of the newest articles under one index key are candidates: keeps the cost of a fold
 * flat as history grows (the store applies the same cap when it looks candidates up).
 */
export const POSTING_CAP = 200

/** Options for a Folder. */
export interface FolderOptions {
  /** most postings kept per key (older ones drop off), bounding per-article cost */
  postingCap?: number
  candidateLimit?: number
  /** the fold's model (the fitted one by default) */
  model?: FoldModel
}

/** A posting list keeping the newest `cap` article indexes (a ring buffer). */
class Postings {
  items: Int32Array
  size = 0
  private next = 0
  constructor(private readonly cap: number) {
    this.items = new Int32Array(Math.min(cap, 4))
  }
  add(i: number): void {
    if (this.size < this.cap) {
      if (this.size === this.items.length) {
        const grown = new Int32Array(Math.min(this.cap, this.items.length * 2))
        grown.set(this.items)
        this.items = grown
      }
      this.items[this.size++] = i
      return
    }
    this.items[this.next] = i
    this.next = (this.next + 1) % this.cap
  }
}

/**
 * Folds articles one at a time, never re-clustering history.
 * @example
 * const folder = new Folder()
 * for (const a of articles) folder.add(a)
 * folder.assignments().get('a1') // { developmentId: 'd_…', storyId: 's_…' }
 */
export class Folder {
  private readonly articles: Stored[] = []
  private readonly postings = new Map<string, Postings>()
  /** scratch: shared-key count per article index, and the indexes touched */
  private counts = new Int32Array(1024)
  private touched = new Int32Array(1024)
  private readonly developments = new Map<string, CandidateDevelopment>()
  private readonly stats = new TermStats()
  private readonly postingCap: number
  private readonly candidateLimit: number
  private readonly model: FoldModel

  constructor(options: FolderOptions = {}) {
    this.postingCap = options.postingCap ?? POSTING_CAP
    this.candidateLimit = options.candidateLimit ?? CANDIDATE_LIMIT
    this.model = options.model ?? FOLD_MODEL
  }

  /** Candidates for a set of keys, ranked by shared keys then newest first, as the store does. */
  candidates(keys: string[]): FoldCandidate[] {
    if (this.counts.length < this.articles.length) {
      this.counts = new Int32Array(this.articles.length * 2)
      this.touched = new Int32Array(this.articles.length * 2)
    }
    const counts = this.counts
    let nTouched = 0
    let maxCount = 0
    for (const k of keys) {
      const p = this.postings.get(k)
      if (!p) continue
      for (let j = 0; j < p.size; j++) {
        const i = p.items[j] as number
        if (counts[i] === 0) this.touched[nTouched++] = i
        const c = ++counts[i]!
        if (c > maxCount) maxCount = c
      }
    }
    // the count at which the limit is reached: take all above it, the newest at it
    const hist = new Int32Array(maxCount + 2)
    for (let t = 0; t < nTouched; t++) hist[counts[this.touched[t] as number] as number]!++
    let cut = maxCount
    let above = 0
    while (cut > 1 && above + (hist[cut] as number) < this.candidateLimit) above += hist[cut--] as number
    const picked: number[] = []
    let nAt = 0
    const atCut = this.touched // reused in place: entries before t are already read
    for (let t = 0; t < nTouched; t++) {
      const i = this.touched[t] as number
      const c = counts[i] as number
      counts[i] = 0
      if (c > cut) picked.push(i)
      else if (c === cut) atCut[nAt++] = i
    }
    // newest first among those at the cut: a native numeric sort, read from the end
    const tail = atCut.subarray(0, nAt).sort()
    for (let k = nAt - 1; k >= 0 && picked.length < this.candidateLimit; k--) picked.push(tail[k] as number)
    return picked.map((i) => {
      const s = this.articles[i] as Stored
      return { articleId: s.id, features: s.features, developmentId: s.development, storyId: this.developments.get(s.development)!.storyId, seq: s.seq }
    })
  }

  /** The states of the candidates' developments. */
  developmentsOf(candidates: FoldCandidate[]): Map<string, CandidateDevelopment> {
    const out = new Map<string, CandidateDevelopment>()
    for (const c of candidates) out.set(c.developmentId, this.developments.get(c.developmentId)!)
    return out
  }

  /** An article's features under the stream's term counts so far, its index keys and the count keys it adds (`countKeys`). */
  analyze(a: ClusterArticle): { features: ArticleFeatures; keys: string[]; terms: string[] } {
    const text = readText(a.title, a.text)
    const terms = documentTerms(text)
    const features = featurize(a, idfFrom(this.stats, a.outlet, new Set(terms)), undefined, text)
    return { features, keys: indexKeys(features), terms: countKeys(terms, a.outlet) }
  }

  /** Folds one article in and returns the decision. */
  add(a: ClusterArticle): FoldDecision & { articleId: string } {
    const { features, keys, terms } = this.analyze(a)
    const candidates = this.candidates(keys)
    const decision = decide({ id: a.id, features }, candidates, this.developmentsOf(candidates), this.model)
    this.commit(a.id, features, keys, terms, decision.developmentId, decision.storyId)
    return { ...decision, articleId: a.id }
  }

  /**
   * Records an article in a development (opened if new) and story: what `add` does after
   * deciding; the fit script calls it with the labelled development instead.
   */
  commit(id: string, features: ArticleFeatures, keys: string[], terms: string[], developmentId: string, storyId: string): void {
    const seq = this.articles.length
    const dev = this.developments.get(developmentId)
    this.developments.set(
      developmentId,
      dev ? { ...dev, state: addMember(dev.state, features) } : { state: openState(features), storyId, openedSeq: seq },
    )
    this.stats.add(terms)
    this.articles.push({ id, features, development: developmentId, seq })
    for (const k of keys) {
      let list = this.postings.get(k)
      if (!list) this.postings.set(k, (list = new Postings(this.postingCap)))
      list.add(seq)
    }
  }

  /** Current development and story of every article. */
  assignments(): Map<string, { developmentId: string; storyId: string }> {
    const out = new Map<string, { developmentId: string; storyId: string }>()
    for (const s of this.articles) out.set(s.id, { developmentId: s.development, storyId: this.developments.get(s.development)!.storyId })
    return out
  }

  /** The stream's counts under each of `keys` (`countKeys`), as the store would read them from D1's term_df (the bench replays the Worker's reads). */
  termCounts(keys: string[]): Map<string, number> {
    const out = new Map<string, number>()
    for (const k of keys) out.set(k, this.stats.count(k))
    return out
  }

  /** Number of articles folded so far. */
  get size(): number {
    return this.articles.length
  }
}
