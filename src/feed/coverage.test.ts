import { describe, expect, it } from 'vitest'
import { coverageLines, outletNames, timelineRows } from './coverage'
import { developments } from './testdata/fixtures'

const drones = developments[1]!

describe('coverageLines', () => {
  it('orders outlets by first report and marks the first', () => {
    const lines = coverageLines(drones)
    expect(lines.map((l) => l.outlet)).toEqual(['Financial Times', 'The Jerusalem Post', 'The Times of Israel'])
    expect(lines.map((l) => l.first)).toEqual([true, false, false])
  })
  it('does not depend on the order the outlets arrive in', () => {
    const reversed = { ...drones, outlets: [...drones.outlets].reverse() }
    expect(coverageLines(reversed)).toEqual(coverageLines(drones))
  })
  it('names the wire and the outlet a syndicated copy repeats', () => {
    const copy = coverageLines(drones).find((l) => l.coverage.articleId === 'a_toi')
    expect(copy?.copyNote).toBe('Syndicated copy: the same Reuters text as The Jerusalem Post.')
  })
  it('never links an unsafe URL', () => {
    const hostile = coverageLines(developments[0]!)
    expect(hostile.find((l) => l.coverage.articleId === 'a_h2')?.url).toBeNull()
  })
  it('lists each outlet once', () => {
    expect(outletNames(drones)).toEqual(['Financial Times', 'The Jerusalem Post', 'The Times of Israel'])
  })
})

describe('timelineRows', () => {
  it('sorts the story in time order and marks this development', () => {
    const rows = timelineRows(drones)
    expect(rows.map((r) => [r.ref.id, r.current])).toEqual([
      ['d_drones1', true],
      ['d_hostile', false],
    ])
  })
})
