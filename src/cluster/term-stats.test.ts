import { describe, expect, it } from 'vitest'
import { Folder } from './folder'
import { countKeys, documentTerms, idfFrom, TermStats } from './term-stats'

describe('stream term weights', () => {
  it('a word the stream keeps repeating weighs less than a rare one, and the background decides early on', () => {
    const stats = new TermStats()
    const own = new Set(['coronavirus', 'waitros'])
    const before = idfFrom(stats, null, own)('coronavirus')
    expect(before).toBeCloseTo(idfFrom(stats, null, own)('waitros'), 9) // both unknown to the background
    for (let i = 0; i < 3000; i++) stats.add(countKeys(i % 4 === 0 ? ['coronavirus', `topic${i}`] : [`topic${i}`], null))
    const after = idfFrom(stats, null, own)
    expect(after('coronavirus')).toBeLessThan(before / 2)
    expect(after('waitros')).toBeGreaterThan(4)
  })

  it('a term an outlet repeats in most of its items weighs nothing for that outlet only', () => {
    const stats = new TermStats()
    for (let i = 0; i < 40; i++) stats.add(countKeys(['channel', `story${i}`], 'Channel X'))
    const own = new Set(['channel'])
    expect(idfFrom(stats, 'Channel X', own)('channel')).toBe(0)
    expect(idfFrom(stats, 'Other Paper', own)('channel')).toBeGreaterThan(0)
  })

  it('items of one channel that share only its footer are not one development', () => {
    const footer = ' Subscribe to our channel for daily bulletins from the region. Follow our correspondents on Twitter and Facebook. Watch more reports from our bureaus around the world.'
    const topics = ['Assam floods', 'Punjab grain protest', 'Lebanon IMF request', 'Tarhuna offensive', 'Aden virus deaths', 'Italian lockdown eased', 'Oil storage shortage', 'Burkina comedians',
      'Manila curfew', 'Kenyan locusts', 'Chilean pensions', 'Bolivian ballot', 'Nepal quake drill', 'Danish ferries', 'Sudan currency', 'Peru miners']
    const f = new Folder()
    const t0 = Date.parse('2020-05-01T00:00:00Z')
    topics.forEach((title, i) => f.add({ id: `v${i}`, title, text: `${title}.${footer}`, published: t0 + i * 3600_000, outlet: 'Channel X' }))
    const devs = new Set([...f.assignments().values()].map((g) => g.developmentId))
    expect(devs.size).toBeGreaterThanOrEqual(topics.length - 2) // the first few, before the footer is known as the channel's, may pair up
  })

  it('counts the distinct terms of headline and body, links left out', () => {
    expect(documentTerms({ title: 'Quake hits Chile', text: 'See https://example.org/quake-chile for details.' })).toEqual(['quak', 'hit', 'chil', 'detail'])
  })
})
