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
})
