import { describe, expect, it } from 'vitest'
import { describeDevelopment, type DescribedArticle } from './describe'

const base: Omit<DescribedArticle, 'id' | 'seq' | 'outlet' | 'title' | 'text'> = {
  url: null,
  published: '2024-04-03T02:00:00.000Z',
  byline: null,
  copyOf: null,
  ingestedAt: '2024-04-03T03:00:00.000Z',
  revisedAt: null,
}

const wire: DescribedArticle = {
  ...base,
  id: 'a1',
  seq: 1,
  outlet: 'Wire',
  title: 'Strong earthquake hits Taiwan, killing nine',
  text: 'HUALIEN, Taiwan (Reuters) — A magnitude 7.4 earthquake struck eastern Taiwan on Wednesday, killing nine people. It was the strongest quake in 25 years.',
}
const paper: DescribedArticle = {
  ...base,
  id: 'a2',
  seq: 2,
  outlet: 'Paper',
  title: 'Taiwan earthquake kills nine, strongest in 25 years',
  published: '2024-04-03T04:00:00.000Z',
  text: 'A magnitude 7.4 earthquake struck eastern Taiwan on Wednesday, killing nine people. Chipmaker TSMC evacuated several fabrication plants and said most staff were safe and production lines were being inspected.',
}
const carrier: DescribedArticle = { ...wire, id: 'a3', seq: 3, outlet: 'Carrier', copyOf: 'a1', published: '2024-04-03T05:00:00.000Z' }

describe('describing a development from its articles', () => {
  it('gives the first report as published, lists outlets in time order, and names what each adds', () => {
    const d = describeDevelopment([paper, carrier, wire])
    expect(d.published).toBe('2024-04-03T02:00:00.000Z')
    expect(d.outlets.map((o) => o.outlet)).toEqual(['Wire', 'Paper', 'Carrier'])
    expect(d.outletCount).toBe(3)
    expect(d.articleCount).toBe(3)
    const paperAdds = d.outlets.find((o) => o.outlet === 'Paper')?.adds ?? []
    expect(paperAdds.join(' ')).toMatch(/TSMC evacuated/)
    // A syndicated copy adds nothing of its own.
    expect(d.outlets.find((o) => o.outlet === 'Carrier')).toMatchObject({ adds: [], copyOf: 'a1' })
  })

  it('opens the summary with the news, not the dateline', () => {
    const d = describeDevelopment([wire])
    expect(d.summary.startsWith('A magnitude 7.4 earthquake struck eastern Taiwan')).toBe(true)
  })

  it('is the same whatever order the articles come in', () => {
    expect(describeDevelopment([wire, paper, carrier])).toEqual(describeDevelopment([carrier, paper, wire]))
  })

  it('moves updated when an outlet joins later or an article is corrected, not otherwise', () => {
    const sameBatch = describeDevelopment([wire, paper])
    expect(sameBatch.updated).toBe('2024-04-03T04:00:00.000Z')
    const late = { ...paper, ingestedAt: '2024-04-05T09:00:00.000Z' }
    expect(describeDevelopment([wire, late]).updated).toBe('2024-04-05T09:00:00.000Z')
    const corrected = { ...wire, revisedAt: '2024-04-06T10:00:00.000Z' }
    expect(describeDevelopment([corrected, paper]).updated).toBe('2024-04-06T10:00:00.000Z')
  })

  it('finds matching text with the q filter in headlines and outlet names', () => {
    const d = describeDevelopment([wire, paper])
    expect(d.searchText).toContain('strongest in 25 years')
    expect(d.searchText).toContain('paper')
  })

  it('takes headline, summary and first report from one report: the earliest original with a body', () => {
    const headlineOnly: DescribedArticle = { ...base, id: 'h', seq: 4, outlet: 'Ticker', title: 'Elections: turnout high', text: '', published: '2024-04-03T01:00:00.000Z' }
    const d = describeDevelopment([paper, headlineOnly, wire, carrier])
    expect(d.representative).toBe('a1')
    expect(d.title).toBe(wire.title)
    expect(d.summary.startsWith('A magnitude 7.4 earthquake struck eastern Taiwan')).toBe(true)
    // A syndicated copy published first is not the representative: its outlet did not write it.
    const earlyCopy = { ...carrier, published: '2024-04-03T01:30:00.000Z' }
    expect(describeDevelopment([earlyCopy, paper, wire]).representative).toBe('a1')
  })

  it('keeps the headline it was published with when outlets join, and moves on only when that report is gone', () => {
    const first = describeDevelopment([paper])
    expect(first.title).toBe(paper.title)
    // The wire's earlier report arrives later: the entry keeps the headline readers saw.
    const joined = describeDevelopment([paper, wire], first.title)
    expect(joined.title).toBe(paper.title)
    expect(joined.summary).toContain('TSMC')
    // Without the published headline's report, the representative is chosen afresh.
    expect(describeDevelopment([wire], paper.title).title).toBe(wire.title)
  })

  it('counts distinct outlets, however their names are spaced or cased', () => {
    const again = { ...paper, id: 'a4', seq: 4, outlet: ' paper ', title: 'Taiwan quake: TSMC plants inspected' }
    expect(describeDevelopment([wire, paper, again]).outletCount).toBe(2)
    const unknownA = { ...paper, id: 'u1', seq: 5, outlet: null }
    const unknownB = { ...paper, id: 'u2', seq: 6, outlet: null, title: 'Other' }
    expect(describeDevelopment([unknownA, unknownB]).outletCount).toBe(2)
  })

  it('measures what an outlet adds against other outlets, never against a copy of its own text', () => {
    const wire2 = { ...wire, text: `${wire.text} Rescuers reached hikers trapped inside tunnels of Taroko Gorge national park.` }
    const copy2 = { ...carrier, text: wire2.text }
    const d = describeDevelopment([wire2, paper, copy2])
    // The copy carries every word of the wire; the wire still adds what the paper lacks.
    expect(d.outlets.find((o) => o.outlet === 'Wire')?.adds.join(' ')).toMatch(/Taroko Gorge/)
    // A second item of the same outlet does not erase what that outlet adds.
    const paper2 = { ...paper, id: 'a5', seq: 5, title: 'TSMC inspects lines after quake' }
    expect(describeDevelopment([wire, paper, paper2]).outlets.find((o) => o.articleId === 'a2')?.adds.join(' ')).toMatch(/TSMC evacuated/)
  })

  it('when times cannot order the earliest reports (one date for all), takes the one closest to the others', () => {
    const day = '2024-04-03T00:00:00.000Z'
    const odd = { ...paper, id: 'o', seq: 1, outlet: 'Odd', published: day, title: 'Chipmaker shares slip in Asian trading' }
    const central = { ...paper, id: 'c', seq: 2, outlet: 'Central', published: day, title: 'Taiwan earthquake kills nine' }
    const later = { ...wire, id: 'l', seq: 3, outlet: 'Later', published: '2024-04-03T09:00:00.000Z', title: 'Earthquake in Taiwan kills nine people' }
    expect(describeDevelopment([odd, central, later]).title).toBe('Taiwan earthquake kills nine')
  })

  it('never takes an undated report (its time only when first seen) as the first report while a dated one exists', () => {
    // Seen two hours before the wire's dated report: still not trusted to have been first.
    const undated = { ...paper, id: 'a9', seq: 9, outlet: 'Undated', published: null, seenAt: '2024-04-03T00:00:00.000Z' }
    const d = describeDevelopment([undated, wire])
    expect(d.published).toBe('2024-04-03T02:00:00.000Z')
    expect(d.representative).toBe('a1')
    expect(d.outlets.map((o) => [o.outlet, o.published, o.seen])).toEqual([
      ['Wire', '2024-04-03T02:00:00.000Z', undefined],
      ['Undated', null, '2024-04-03T00:00:00.000Z'],
    ])
    // With no dated report, the time first seen is the development's.
    expect(describeDevelopment([undated]).published).toBe('2024-04-03T00:00:00.000Z')
  })
})
