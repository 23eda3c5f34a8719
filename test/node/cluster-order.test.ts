// Order-independence of the fold on the labelled dev sets: the same articles in shuffled
// orders must give the same developments and stories (same partition, so AMI between orders = 1).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Folder } from '../../src/cluster'
import type { ClusterArticle } from '../../src/cluster'
import { canonical, rng, shuffled } from '../../src/cluster/partition'

/** The labelled dev sets beside the repository: ../shared/eval from the project root. */
const EVAL = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/eval')
const SETS = ['newscluster', 'ecbplus', 'uci-newsagg']

function load(name: string): ClusterArticle[] {
  let raw: string
  try {
    raw = readFileSync(`${EVAL}/${name}.dev.jsonl`, 'utf8')
  } catch (err) {
    throw new Error(`missing ../shared/eval/${name}.dev.jsonl (looked in ${EVAL}): ${(err as Error).message}`)
  }
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string | null>)
    .map((r) => ({ id: r.id!, title: r.title ?? '', text: r.text ?? '', published: r.published ? Date.parse(r.published) : null, outlet: r.outlet ?? null }))
}

function partitions(articles: ClusterArticle[]) {
  const folder = new Folder()
  for (const a of articles) folder.add(a)
  const a = folder.assignments()
  return {
    dev: canonical(new Map([...a].map(([id, g]) => [id, g.developmentId]))),
    story: canonical(new Map([...a].map(([id, g]) => [id, g.storyId]))),
  }
}

describe('fold is order-independent on the dev sets', () => {
  for (const name of SETS) {
    it(`${name}: 5 shuffled orders give one partition`, () => {
      const articles = load(name)
      const base = partitions(articles)
      for (let seed = 1; seed <= 5; seed++) {
        const p = partitions(shuffled(articles, rng(seed)))
        expect(p.dev).toEqual(base.dev)
        expect(p.story).toEqual(base.story)
      }
    })
  }
})
