/**
 * An in-memory driver of the fold: its own postings index over `indexKeys`, candidates ranked
 * by shared keys exactly as the store ranks them, then `decide`, then the merges applied.
 * Used by the command line and the bench; the Worker does the same against D1.
 */
import { CANDIDATE_LIMIT, decide } from './decide'
import type { FoldCandidate, FoldDecision } from './decide'
import { featurize, indexKeys } from './features'
import type { ArticleFeatures, ClusterArticle } from './features'
import { DEFAULT_PARAMS } from './similarity'
import type { FoldParams } from './similarity'

interface Stored {
  id: string
  features: ArticleFeatures
  /** group nodes (resolve with Groups.id) */
  development: number
  story: number
  seq: number
}

/** Options for a Folder. */
/**
 * How many of the newest articles under one index key are candidates: keeps the cost of a fold
 * flat as history grows (the store applies the same cap when it looks candidates up).
 */
export const POSTING_CAP = 200

export interface FolderOptions {
  /** most postings kept per key (older ones drop off), bounding per-article cost */
  postingCap?: number
  candidateLimit?: number
  params?: FoldParams
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

/** Union-find over ids, on integer nodes, with the first-seen seq of each root. */
class Groups {
  private readonly node = new Map<string, number>()
  private readonly ids: string[] = []
  private readonly parent: number[] = []
  private readonly first: number[] = []
  /** node of an id, opened with first-seen `seq` if new */
  open(id: string, seq: number): number {
    let n = this.node.get(id)
    if (n === undefined) {
      n = this.ids.length
      this.node.set(id, n)
      this.ids.push(id)
      this.parent.push(n)
      this.first.push(seq)
    }
    return n
  }
  root(n: number): number {
    let r = n
    while (this.parent[r] !== r) r = this.parent[r] as number
    while (this.parent[n] !== r) {
      const next = this.parent[n] as number
      this.parent[n] = r
      n = next
    }
    return r
  }
  id(n: number): string {
    return this.ids[this.root(n)] as string
  }
  firstSeq(n: number): number {
    return this.first[this.root(n)] as number
  }
  merge(from: string, into: string): void {
    const a = this.node.get(from)
    const b = this.node.get(into)
    if (a === undefined || b === undefined) return
    const ra = this.root(a)
    const rb = this.root(b)
    if (ra === rb) return
    this.parent[ra] = rb
    this.first[rb] = Math.min(this.first[ra] as number, this.first[rb] as number)
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
  private readonly devs = new Groups()
  private readonly stories = new Groups()
  private readonly postingCap: number
  private readonly candidateLimit: number
  private readonly params: FoldParams

  constructor(options: FolderOptions = {}) {
    this.postingCap = options.postingCap ?? POSTING_CAP
    this.candidateLimit = options.candidateLimit ?? CANDIDATE_LIMIT
    this.params = options.params ?? DEFAULT_PARAMS
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
      const development = this.devs.id(s.development)
      const story = this.stories.id(s.story)
      return {
        articleId: s.id,
        features: s.features,
        developmentId: development,
        storyId: story,
        seq: s.seq,
        developmentSeq: this.devs.firstSeq(s.development),
        storySeq: this.stories.firstSeq(s.story),
      }
    })
  }

  /** Folds one article in and returns the decision. */
  add(a: ClusterArticle): FoldDecision & { articleId: string } {
    return this.addFeatures(a.id, featurize(a))
  }

  /** Same as `add` for features computed elsewhere. */
  addFeatures(id: string, features: ArticleFeatures): FoldDecision & { articleId: string } {
    const keys = indexKeys(features)
    const decision = decide({ id, features }, this.candidates(keys), this.params)
    const seq = this.articles.length
    const development = this.devs.open(decision.developmentId, seq)
    const story = this.stories.open(decision.storyId, seq)
    for (const d of decision.absorbedDevelopments) this.devs.merge(d, decision.developmentId)
    for (const s of decision.absorbedStories) this.stories.merge(s, decision.storyId)
    this.articles.push({ id, features, development, story, seq })
    for (const k of keys) {
      let list = this.postings.get(k)
      if (!list) this.postings.set(k, (list = new Postings(this.postingCap)))
      list.add(seq)
    }
    return { ...decision, articleId: id }
  }

  /** Current development and story of every article, after all merges. */
  assignments(): Map<string, { developmentId: string; storyId: string }> {
    const out = new Map<string, { developmentId: string; storyId: string }>()
    for (const s of this.articles) {
      out.set(s.id, { developmentId: this.devs.id(s.development), storyId: this.stories.id(s.story) })
    }
    return out
  }

  /** Number of articles folded so far. */
  get size(): number {
    return this.articles.length
  }
}
