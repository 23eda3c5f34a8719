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

function lgamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-13 for x > 0
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x)
  x -= 1
  let a = c[0]!
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

function sizes(assign: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>()
  for (const g of assign.values()) out.set(g, (out.get(g) ?? 0) + 1)
  return out
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0
  for (const c of counts) if (c) h -= (c / n) * Math.log(c / n)
  return h
}

/** E[MI] under the hypergeometric model (Vinh et al. 2010), grouped by cluster size. */
function expectedMi(a: number[], b: number[], n: number): number {
  const count = (xs: number[]) => {
    const m = new Map<number, number>()
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
    return m
  }
  const lgn1 = lgamma(n + 1)
  let emi = 0
  for (const [sa, ma] of count(a)) {
    for (const [sb, mb] of count(b)) {
      const lo = Math.max(1, sa + sb - n)
      const hi = Math.min(sa, sb)
      if (lo > hi) continue
      const base = lgamma(sa + 1) + lgamma(sb + 1) + lgamma(n - sa + 1) + lgamma(n - sb + 1) - lgn1
      let s = 0
      for (let nij = lo; nij <= hi; nij++) {
        const term = (nij / n) * Math.log((n * nij) / (sa * sb))
        const lp = base - lgamma(nij + 1) - lgamma(sa - nij + 1) - lgamma(sb - nij + 1) - lgamma(n - sa - sb + nij + 1)
        s += term * Math.exp(lp)
      }
      emi += s * ma * mb
    }
  }
  return emi
}

/**
 * Adjusted mutual information of two groupings of the same ids (arithmetic-mean normaliser, as
 * scikit-learn and ../shared/eval/score.py compute it): 1 for the same partition, about 0 for
 * unrelated ones.
 * @example ami(new Map([['a','x'],['b','x']]), new Map([['a','p'],['b','p']])) // 1
 */
export function ami(a: Map<string, string>, b: Map<string, string>): number {
  const n = a.size
  const sa = sizes(a)
  const sb = sizes(b)
  const cells = new Map<string, number>()
  for (const [id, g] of a) {
    const key = g + '\u0000' + b.get(id)
    cells.set(key, (cells.get(key) ?? 0) + 1)
  }
  const ha = entropy(sa.values(), n)
  const hb = entropy(sb.values(), n)
  if ((sa.size === 1 && sb.size === 1) || (ha === 0 && hb === 0)) return 1
  let mi = 0
  for (const [key, c] of cells) {
    const [ga, gb] = key.split('\u0000') as [string, string]
    mi += (c / n) * Math.log((c * n) / (sa.get(ga)! * sb.get(gb)!))
  }
  mi = Math.max(mi, 0)
  const emi = expectedMi([...sa.values()], [...sb.values()], n)
  const den = (ha + hb) / 2 - emi
  return Math.abs(den) > 1e-15 ? (mi - emi) / den : 0
}
