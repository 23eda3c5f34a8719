import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coverageLines, outletCount, outletNames, timelineRows } from './coverage'
import { linkUrl } from './text'
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
  it('says "first to report" only when strictly first: not on a tie, a date-only day, or for a copy', () => {
    const o = drones.outlets.find((x) => x.articleId === 'a_ft')!
    const at = (articleId: string, outlet: string, published: string, copyOf: string | null = null) => ({ ...o, articleId, outlet, published, copyOf })
    const sole = coverageLines({ outlets: [at('1', 'A', '2023-08-16T07:20:00.000Z'), at('2', 'B', '2023-08-16T09:00:00.000Z')] })
    expect(sole.map((l) => [l.first, l.soleFirst])).toEqual([[true, true], [false, false]])
    const tie = coverageLines({ outlets: [at('1', 'A', '2023-08-16T07:20:00.000Z'), at('2', 'B', '2023-08-16T07:20:00.000Z')] })
    expect(tie.map((l) => [l.first, l.soleFirst])).toEqual([[true, false], [true, false]])
    // A date-only time may be any time that day: a report at 07:20 that day is not known to be first.
    const day = coverageLines({ outlets: [at('1', 'A', '2023-08-16T00:00:00.000Z'), at('2', 'B', '2023-08-16T07:20:00.000Z')] })
    expect(day.map((l) => l.soleFirst)).toEqual([false, false])
    expect(day.map((l) => l.first)).toEqual([true, true])
    const copy = coverageLines({ outlets: [at('2', 'B', '2023-08-16T07:00:00.000Z', 'x'), at('1', 'A', '2023-08-16T07:20:00.000Z')] })
    expect(copy.map((l) => l.soleFirst)).toEqual([false, false])
  })
  it('never makes an undated report first, and lists it after the dated ones, however early it was seen', () => {
    const o = drones.outlets.find((x) => x.articleId === 'a_ft')!
    const undated = { ...o, articleId: 'u', outlet: 'Undated', published: null, seen: '2023-08-16T01:00:00.000Z', copyOf: null }
    const dated = { ...o, articleId: 'd', outlet: 'Dated', published: '2023-08-16T07:20:00.000Z', copyOf: null }
    const lines = coverageLines({ outlets: [undated, dated] })
    expect(lines.map((l) => [l.outlet, l.first, l.soleFirst])).toEqual([['Dated', true, true], ['Undated', false, false]])
    // Undated only: nobody is known to be first.
    expect(coverageLines({ outlets: [undated] }).map((l) => l.first)).toEqual([false])
  })
  it('shows a wire report carried by several outlets as one report, and counts distinct outlets', () => {
    const o = drones.outlets.find((x) => x.articleId === 'a_toi')!
    const copies = ['Carrier A', 'Carrier B', 'carrier a '].map((outlet, i) => ({ ...o, articleId: `c${i}`, outlet, copyOf: 'a_absent' }))
    const lines = coverageLines({ outlets: copies })
    expect(lines.filter((l) => !l.carried)).toHaveLength(1)
    expect(lines[0]!.carriedBy.map((l) => l.outlet)).toEqual(['Carrier B', 'carrier a'])
    expect(outletCount(lines)).toBe(2)
    expect(outletNames({ outlets: copies })).toEqual(['Carrier A', 'Carrier B'])
  })
  it('links without tracking parameters, other parameters kept', () => {
    expect(linkUrl('https://x.example/a?id=3&utm_source=rss&fbclid=Z&gclid=1')).toBe('https://x.example/a?id=3')
    expect(linkUrl('https://x.example/a?utm_medium=x')).toBe('https://x.example/a')
    expect(linkUrl('https://x.example/a?page=2&q=drones')).toBe('https://x.example/a?page=2&q=drones')
    expect(linkUrl('javascript:alert(1)')).toBeNull()
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

describe('timelineRows', () => {
  // Instants in the store's form and in others for the same or nearby moments.
  const instant = fc.constantFrom(
    '2023-08-16T07:20:00.000Z', '2023-08-16T07:20:00Z', '2023-08-16T09:20:00+02:00', '2023-08-16T07:20:00.500Z',
    '2023-08-16T07:21:00.000Z', '2023-08-15T23:59:59.999Z', '2023-08-17T00:00:00.000Z', '2024-01-01T00:00:00.000Z',
  )
  const refs = fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd_1', 'd_10'), title: fc.constant('t'), published: instant }), { maxLength: 7 })

  it('puts a story timeline in time order (first report, then id), whether it comes in order or not (property)', () => {
    fc.assert(
      fc.property(refs, fc.boolean(), (list, presorted) => {
        // Story windows come sorted as strings (src/store/developments.ts): exercise that shape too.
        const timeline = presorted ? [...list].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : list
        const expected = [...timeline].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        const rows = timelineRows({ id: 'c', timeline })
        expect(rows.map((r) => r.ref)).toEqual(expected)
        expect(rows.map((r) => r.current)).toEqual(expected.map((r) => r.id === 'c'))
      }),
      { seed: 7, numRuns: 500 },
    )
  })
})
