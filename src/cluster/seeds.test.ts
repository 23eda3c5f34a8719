import { describe, expect, it } from 'vitest'
import { Folder } from './folder'
import { canonical } from './partition'
import { loadSeeds } from './seeds.fixture'
import type { ClusterArticle } from './features'

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
}

function group(order: ClusterArticle[]) {
  const folder = new Folder()
  for (const a of order) folder.add(a)
  const a = folder.assignments()
  const dev = new Map([...a].map(([id, g]) => [id, g.developmentId]))
  const story = new Map([...a].map(([id, g]) => [id, g.storyId]))
  return { dev: canonical(dev), story: canonical(story), ids: a }
}

// The five seed articles of corpus/; a missing one fails this file, naming it.
const seeds = loadSeeds()

describe('seed articles (one story, two developments)', () => {
  it('fold 000–003 into one development and 004 into a second of the same story, in all 120 orders', () => {
    const ids = seeds.map((s) => s.id).sort()
    const expectedDev = [ids.slice(0, 4), [ids[4]!]]
    let orders = 0
    for (const order of permutations(seeds)) {
      const g = group(order)
      expect(g.dev).toEqual(expectedDev)
      expect(g.story).toEqual([ids])
      orders++
    }
    expect(orders).toBe(120)
  })

  it('keeps the id of the development that opened first', () => {
    const order = [seeds[4]!, seeds[2]!, seeds[0]!, seeds[1]!, seeds[3]!]
    const folder = new Folder()
    const first = folder.add(order[0]!)
    const second = folder.add(order[1]!)
    expect(second.isNewDevelopment).toBe(true)
    expect(second.isNewStory).toBe(false)
    expect(second.storyId).toBe(first.storyId)
    for (const a of order.slice(2)) folder.add(a)
    const a = folder.assignments()
    expect(a.get(seeds[0]!.id)!.developmentId).toBe(second.developmentId)
    expect(a.get(seeds[4]!.id)!.storyId).toBe(first.storyId)
  })
})
