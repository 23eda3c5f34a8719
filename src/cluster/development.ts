/**
 * What the fold knows of a development as a whole: the centroids of its members' term vectors,
 * its names, its time span and size. An article joins a development by fitting this (TDT's
 * single-pass centroids, Allan et al. 1998; Miranda et al. 2018's cluster-level similarities),
 * never through one member, so one weak link cannot chain two stories together.
 * Stored as JSON beside the development; the D1 path and the in-memory Folder update it with
 * the same arithmetic in the same order, so both give the same numbers.
 */
import type { ArticleFeatures, TermVector } from './features'

/** Terms kept in each centroid: bounds the stored size (~2 KB) and the cost of a comparison. */
const CENTROID_FULL = 64
const CENTROID_LEAD = 32
const CENTROID_NAMES = 24
const HEADLINES = 8

/** A development's fold state (JSON-serialisable). Vectors are sums of member vectors, heaviest first. */
export interface DevelopmentState {
  v: 2
  /** members */
  n: number
  /** members with a body (their whole-text vectors are in `f`) */
  nb: number
  /** sum of members' whole-text vectors (members with a body only) */
  f: TermVector
  /** sum of members' headline+lead vectors */
  l: TermVector
  /** names and numbers of the members, by how many members name them */
  e: [string, number][]
  /** earliest and latest known publication time, epoch ms (null when no member is dated) */
  p0: number | null
  p1: number | null
  /** headline hashes of members (for same-headline copies), first few */
  h: string[]
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000

const heaviestFirst = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/**
 * The pairs of `sum` plus `v`, heaviest first, at most `limit`. Pairs whose weight does not
 * change are kept as they are (states are never changed, only replaced), so a fold of 100,000
 * articles does not copy every development's pairs at each member.
 */
function addVector(sum: TermVector, v: TermVector, limit: number): TermVector {
  const m = new Map<string, [string, number]>()
  for (const pair of sum) m.set(pair[0], pair)
  for (const pair of v) {
    const [t, w] = pair
    const before = m.get(t)
    const after = round((before ? before[1] : 0) + w)
    if (before === undefined) m.set(t, after === w ? pair : [t, after])
    else if (after !== before[1]) m.set(t, [t, after])
  }
  return [...m.values()].sort(heaviestFirst).slice(0, limit)
}

/** The state of a development opened by one article. */
export function openState(a: ArticleFeatures): DevelopmentState {
  return addMember({ v: 2, n: 0, nb: 0, f: [], l: [], e: [], p0: null, p1: null, h: [] }, a)
}

/**
 * The state after `a` joins. Pure: returns a new state.
 * @example addMember(openState(f1), f2).n // 2
 */
export function addMember(s: DevelopmentState, a: ArticleFeatures): DevelopmentState {
  const names = new Map<string, [string, number]>()
  for (const pair of s.e) names.set(pair[0], pair)
  for (const t of a.e) names.set(t, [t, (names.get(t)?.[1] ?? 0) + 1])
  return {
    v: 2,
    n: s.n + 1,
    nb: s.nb + (a.b ? 1 : 0),
    f: a.b ? addVector(s.f, a.f, CENTROID_FULL) : s.f,
    l: addVector(s.l, a.l, CENTROID_LEAD),
    e: [...names.values()].sort(heaviestFirst).slice(0, CENTROID_NAMES),
    p0: a.p === null ? s.p0 : s.p0 === null ? a.p : Math.min(s.p0, a.p),
    p1: a.p === null ? s.p1 : s.p1 === null ? a.p : Math.max(s.p1, a.p),
    h: a.h && !s.h.includes(a.h) && s.h.length < HEADLINES ? [...s.h, a.h] : s.h,
  }
}

/** Reads a stored state; throws on anything that is not one (a corrupt row must not fold silently). */
export function parseState(json: string): DevelopmentState {
  const s = JSON.parse(json) as DevelopmentState
  if (!s || s.v !== 2 || !Array.isArray(s.f) || !Array.isArray(s.l)) throw new Error('not a development fold state')
  return s
}
