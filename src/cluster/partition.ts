/**
 * Partition helpers for tests and benches: canonical form of a grouping and AMI-free equality.
 */

/**
 * Canonical form of a grouping: each group as its sorted member ids, groups sorted.
 * Two groupings are the same partition exactly when their canonical forms are equal.
 * @example canonical(new Map([['a', 'x'], ['b', 'x'], ['c', 'y']])) // [['a','b'],['c']]
 */
export function canonical(assign: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>()
  for (const [id, g] of assign) {
    let list = groups.get(g)
    if (!list) groups.set(g, (list = []))
    list.push(id)
  }
  return [...groups.values()].map((l) => l.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
}

/** Deterministic PRNG (mulberry32) for shuffles and perturbations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: T[], random: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = out[i] as T
    out[i] = out[j] as T
    out[j] = t
  }
  return out
}
