import { describe, expect, it } from 'vitest'
import type { DescribedArticle } from '../cluster/describe'
import { LISTED_MAX, listedReports } from './listed-reports'

/** Report `i`: outlet `i % outlets`, a minute after the one before, arriving in order unless told. */
function reports(n: number, outlets: number, seqOf: (i: number) => number = (i) => i + 1): DescribedArticle[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    seq: seqOf(i),
    outlet: `Outlet ${i % outlets}`,
    title: `Report ${i}`,
    url: `https://o${i % outlets}.example/${i}`,
    published: new Date(Date.parse('2024-07-14T06:00:00Z') + i * 60_000).toISOString(),
    byline: null,
    text: 'Floods in Limburg.',
    copyOf: null,
    ingestedAt: '2024-07-15T00:00:00.000Z',
    revisedAt: null,
  }))
}

describe('listedReports', () => {
  it('lists every report, earliest first, while the development has at most LISTED_MAX articles', () => {
    const all = reports(LISTED_MAX, 3)
    expect(listedReports([...all].reverse(), 'a5', LISTED_MAX).map((a) => a.id)).toEqual(all.map((a) => a.id))
  })

  it('lists the first report of each outlet past that, with the representative and the opening report', () => {
    // 300 reports of 40 outlets; the representative is a later report of outlet 7, the opener (lowest seq) report 250.
    const all = reports(300, 40, (i) => (i === 250 ? 0 : i + 1))
    const listed = listedReports(all, 'a47', 300).map((a) => a.id)
    const firsts = Array.from({ length: 40 }, (_, k) => `a${k}`)
    expect(listed).toEqual([...firsts, 'a47', 'a250'])
  })

  it('keeps at most LISTED_MAX, the earliest outlets first, and never drops the representative or the opener', () => {
    const all = reports(500, 250)
    const listed = listedReports(all, 'a499', 9_000)
    expect(listed).toHaveLength(LISTED_MAX)
    expect(listed.map((a) => a.id)).toEqual([...Array.from({ length: LISTED_MAX - 1 }, (_, i) => `a${i}`), 'a499'])
  })

  it('counts an outlet once however its name is spaced or cased', () => {
    const all = reports(150, 1).map((a, i) => ({ ...a, outlet: i % 2 ? ' outlet  0' : 'Outlet 0' }))
    expect(listedReports(all, 'a0', 150).map((a) => a.id)).toEqual(['a0'])
  })
})
