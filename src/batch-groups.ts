/**
 * What one ingest batch knows of developments and stories while it folds articles in memory,
 * before anything is written: which ids were merged into which (aliases), each development's
 * story, and the first-seen seq of each group (the older one survives a merge). The pipeline
 * reads candidates through it so that a merge made earlier in the batch applies to them.
 */
import type { FoldCandidate, FoldDecision } from './cluster'

function follow(alias: Map<string, string>, id: string): string {
  let cur = id
  for (let i = 0; i < 64 && alias.has(cur); i++) cur = alias.get(cur) as string
  return cur
}

function noteSeq(m: Map<string, number>, id: string, seq: number): void {
  const prev = m.get(id)
  if (prev === undefined || seq < prev) m.set(id, seq)
}

export class BatchGroups {
  /** Absorbed development id → the id it was merged into (possibly itself absorbed later). */
  readonly devAlias = new Map<string, string>()
  /** Absorbed story id → the id it was merged into. */
  readonly storyAlias = new Map<string, string>()
  private readonly devStory = new Map<string, string>()
  private readonly devSeq = new Map<string, number>()
  private readonly storySeq = new Map<string, number>()

  /** The development an id stands for now. */
  dev(id: string): string {
    return follow(this.devAlias, id)
  }

  /** The story an id stands for now. */
  story(id: string): string {
    return follow(this.storyAlias, id)
  }

  /** The current story of a development; `stored` is what the store said, if the batch knows no better. */
  storyOf(devId: string, stored?: string): string {
    return this.story(this.devStory.get(this.dev(devId)) ?? stored ?? '')
  }

  /** Remembers a development's story (first word wins: the store's, or the batch's decision). */
  knowStory(devId: string, storyId: string): void {
    if (!this.devStory.has(devId)) this.devStory.set(devId, storyId)
  }

  /** A candidate as it stands after this batch's merges so far. */
  current<C extends FoldCandidate>(c: C): C {
    if (c.developmentSeq !== undefined) noteSeq(this.devSeq, c.developmentId, c.developmentSeq)
    if (c.storySeq !== undefined) noteSeq(this.storySeq, c.storyId, c.storySeq)
    const developmentId = this.dev(c.developmentId)
    const storyId = this.storyOf(developmentId, c.storyId)
    return {
      ...c,
      developmentId,
      storyId,
      developmentSeq: this.devSeq.get(developmentId) ?? c.developmentSeq ?? c.seq,
      storySeq: this.storySeq.get(storyId) ?? c.storySeq ?? c.seq,
    }
  }

  /** Records a decision for the article that arrived as `seq`, with the candidates it saw. */
  apply(decision: FoldDecision, candidates: FoldCandidate[], seq: number): void {
    for (const d of decision.absorbedDevelopments) {
      this.devAlias.set(d, decision.developmentId)
      const s = this.story(this.devStory.get(d) ?? candidates.find((c) => c.developmentId === d)?.storyId ?? decision.storyId)
      if (s !== decision.storyId) this.storyAlias.set(s, decision.storyId)
    }
    for (const s of decision.absorbedStories) if (s !== decision.storyId) this.storyAlias.set(s, decision.storyId)
    for (const c of candidates) this.knowStory(c.developmentId, c.storyId)
    this.devStory.set(decision.developmentId, decision.storyId)
    noteSeq(this.devSeq, decision.developmentId, seq)
    noteSeq(this.storySeq, decision.storyId, seq)
    for (const d of decision.absorbedDevelopments) noteSeq(this.devSeq, decision.developmentId, this.devSeq.get(d) ?? seq)
    for (const s of decision.absorbedStories) noteSeq(this.storySeq, decision.storyId, this.storySeq.get(s) ?? seq)
  }
}
