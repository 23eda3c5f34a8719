// Arrival order matters little: the same articles in shuffled orders fold into nearly the same
// developments and stories. A single-pass fold cannot be exactly order-free; this bounds how much
// it is not. The bound is what the fold holds today with a margin (AMI 0.85–1.00 between orders,
// README "How the fold works"); the project's target is 0.98, not yet met.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Folder } from '../../src/cluster'
import type { ClusterArticle } from '../../src/cluster'
import { ami, rng, shuffled } from '../../src/cluster/partition'

/** The labelled dev sets beside the repository: ../shared/eval from the project root. */
const EVAL = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/eval')
const SETS = ['newscluster', 'ecbplus', 'uci-newsagg']
const MIN_AMI = 0.8

function load(name: string): ClusterArticle[] {
  const path = `${EVAL}/${name}.dev.jsonl`
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch {
    throw new Error(`missing ${path}: the order test needs ../shared/eval beside the project`)
  }
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string | null>)
    .map((r) => ({ id: r.id!, title: r.title ?? '', text: r.text ?? '', published: r.published ? Date.parse(r.published) : null, outlet: r.outlet ?? null }))
}

function grouping(articles: ClusterArticle[]) {
  const folder = new Folder()
  for (const a of articles) folder.add(a)
  const a = folder.assignments()
  return { dev: new Map([...a].map(([id, g]) => [id, g.developmentId])), story: new Map([...a].map(([id, g]) => [id, g.storyId])) }
}

describe('the fold depends little on arrival order', () => {
  it('AMI of identical partitions is 1 and of unrelated ones about 0', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `a${i}`)
    const a = new Map(ids.map((id, i) => [id, `g${i % 10}`]))
    expect(ami(a, new Map(ids.map((id, i) => [id, `x${i % 10}`])))).toBeCloseTo(1, 9)
    const random = rng(3)
    expect(Math.abs(ami(a, new Map(ids.map((id) => [id, `r${Math.floor(random() * 10)}`]))))).toBeLessThan(0.05)
  })

  for (const name of SETS) {
    it(`${name}: 5 shuffled orders give developments and stories with AMI ≥ 0.8 to file order`, () => {
      const articles = load(name)
      const base = grouping(articles)
      for (let seed = 1; seed <= 5; seed++) {
        const p = grouping(shuffled(articles, rng(seed)))
        expect(ami(base.dev, p.dev), `developments, order ${seed}`).toBeGreaterThanOrEqual(MIN_AMI)
        expect(ami(base.story, p.story), `stories, order ${seed}`).toBeGreaterThanOrEqual(MIN_AMI)
      }
    })
  }
})
