/**
 * Feeds render each entry's outlet sections from what the store kept when the development was
 * written (src/feed/sections.ts), or from its outlets when the stored ones are of another
 * version. A reader must not be able to tell: the documents are the same bytes either way, for
 * any developments, any mix of the two, and any feed metadata.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { benchDevelopments } from '../bench-page'
import { FEED_SECTIONS, renderFeed, type FeedFormat } from '../../src/feed/render'
import { OUTLET_SECTIONS_VERSION, outletSections, type FeedEntry } from '../../src/feed/sections'
import { developments, meta } from '../../src/feed/testdata/fixtures'
import type { DevelopmentView } from '../../src/schema'
import { SECTIONS_MAX_BYTES, sectionsToStore } from '../../src/outlet-sections'
import { devArb, metaArb, outcome } from '../feed-arbitraries'

const FORMATS = Object.keys(FEED_SECTIONS) as FeedFormat[]

/** A development as a feed read returns it when its sections are current: those sections, no outlets. */
function stored(dev: DevelopmentView, format: FeedFormat): FeedEntry {
  const { outlets, ...rest } = dev
  const all = outletSections(outlets)
  // As the store reads it: the sections, and the outlet names from its outlet index (each distinct name once, unordered).
  const outletNames = [...new Set(outlets.map((o) => o.outlet).filter((o) => o !== null))].reverse()
  return { ...rest, outletNames, sections: Object.fromEntries(FEED_SECTIONS[format].map((p) => [p, all[p]])) }
}

const selfFor = (m: typeof meta, format: FeedFormat) => ({ ...m, selfUrl: m.links[format] })

describe('outlet sections stored with a development', () => {
  it('give the same feed bytes as rendering from its outlets: fixtures and the bench page, every format', () => {
    for (const devs of [developments, benchDevelopments()]) {
      for (const format of FORMATS) {
        const m = selfFor(meta, format)
        const fromOutlets = renderFeed(format, m, devs).body
        expect(renderFeed(format, m, devs.map((d) => stored(d, format))).body, format).toBe(fromOutlets)
      }
    }
  })

  it('give the same bytes for any developments and metadata, stored and stale entries mixed (property)', () => {
    fc.assert(
      fc.property(metaArb, fc.array(fc.tuple(devArb, fc.boolean()), { maxLength: 4 }), (m, list) => {
        const devs = list.map(([d]) => d)
        for (const format of FORMATS) {
          const mm = selfFor(m, format)
          const mixed = list.map(([d, current]) => (current ? stored(d, format) : d))
          expect(outcome(() => renderFeed(format, mm, mixed).body)).toBe(outcome(() => renderFeed(format, mm, devs).body))
        }
      }),
      { seed: 20261124, numRuns: 300 },
    )
  })

  it('are what a feed entry shows: the outlet list, the related links and the JSON outlets', () => {
    const dev = developments[1]!
    const s = outletSections(dev.outlets)
    expect(s.html).toMatch(/^<h3>Covered by 3 outlets<\/h3><ul><li><a href="https:\/\/www\.ft\.com\//)
    expect(s.jsonContent).toBe(JSON.stringify(s.html).slice(1, -1))
    expect(s.atom.match(/<link rel="related"/g)).toHaveLength(3)
    expect(JSON.parse(s.jsonOutlets).map((o: { outlet: string }) => o.outlet)).toEqual(['Financial Times', 'The Jerusalem Post', 'The Times of Israel'])
  })

  it('refuse to render an entry that has neither its outlets nor the section the format needs', () => {
    const { outlets: _, ...bare } = developments[0]!
    for (const format of FORMATS) {
      expect(() => renderFeed(format, selfFor(meta, format), [{ ...bare, sections: {} }])).toThrow(/neither its outlets nor/)
    }
    // RSS needs only the list: an entry read for RSS renders as RSS, not as Atom.
    const rssOnly = stored(developments[0]!, 'rss')
    expect(() => renderFeed('rss', selfFor(meta, 'rss'), [rssOnly])).not.toThrow()
    expect(() => renderFeed('atom', selfFor(meta, 'atom'), [rssOnly])).toThrow(/atom outlet section/)
  })

  it('are not stored for a development so widely covered that they would crowd its row out of D1', () => {
    const dev = developments[1]!
    expect(sectionsToStore(dev.outlets)).toEqual(outletSections(dev.outlets))
    // 300 outlets with long headlines and what each adds: megabytes of sections, past the budget.
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...dev.outlets[0]!,
      articleId: `a_${i}`,
      outlet: `Outlet ${i}`,
      copyOf: null,
      title: `${'A long headline about the same development, as outlet after outlet writes it '.repeat(3)}${i}`,
      url: `https://news${i}.example/${'path/'.repeat(20)}${i}`,
      adds: ['One more sentence that this outlet alone reports, in the words of its own reporter.'],
    }))
    const all = outletSections(many)
    expect(Object.values(all).reduce((n, v) => n + v.length, 0)).toBeGreaterThan(SECTIONS_MAX_BYTES)
    expect(sectionsToStore(many)).toBeNull()
  })

  it('are pinned to their version: a change to their bytes must bump OUTLET_SECTIONS_VERSION (and RENDER_VERSION)', () => {
    // Stored sections of the current version are served as they are: if what outletSections writes
    // changed without a bump, every development written before the deploy would keep the old bytes.
    // When this fails because you changed the sections on purpose, bump OUTLET_SECTIONS_VERSION in
    // src/feed/sections.ts and RENDER_VERSION in src/http/conditional.ts, then update both lines here.
    const hash = createHash('sha256')
    for (const d of developments) hash.update(JSON.stringify(outletSections(d.outlets)))
    expect({ version: OUTLET_SECTIONS_VERSION, sections: hash.digest('hex').slice(0, 16) }).toEqual({ version: 2, sections: '3818a0995c918404' })
  })
})
