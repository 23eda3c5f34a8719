/**
 * RSS and Atom items are written by src/feed/rss.ts and atom.ts, not by `feed`'s serialiser (it
 * was a third of a feed render). `feed` stays the judge: for any developments and any feed
 * metadata, the documents must be byte for byte what `feed` writes when it writes every item itself
 * (test/feed-reference.ts, the renderers as they were before), so every element, attribute,
 * escape, namespace and indentation of an item is `feed`'s.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderAtom } from '../../src/feed/atom'
import { renderRss } from '../../src/feed/rss'
import { developments, meta } from '../../src/feed/testdata/fixtures'
import { benchDevelopments, benchMeta } from '../bench-page'
import { devArb, metaArb, outcome } from '../feed-arbitraries'
import { referenceAtom, referenceRss } from '../feed-reference'


describe('RSS and Atom items are the bytes feed writes', () => {
  it('for the fixtures and the bench page, with and without entries', () => {
    for (const [m, devs] of [
      [meta, developments],
      [meta, []],
      [benchMeta, benchDevelopments()],
    ] as const) {
      expect(renderRss(m, devs)).toBe(referenceRss(m, devs))
      const atomMeta = { ...m, selfUrl: m.links.atom }
      expect(renderAtom(atomMeta, devs)).toBe(referenceAtom(atomMeta, devs))
    }
  })

  it('for any developments and feed metadata (property)', () => {
    fc.assert(
      fc.property(metaArb, fc.array(devArb, { maxLength: 4 }), (m, devs) => {
        expect(outcome(() => renderRss(m, devs))).toBe(outcome(() => referenceRss(m, devs)))
        const atomMeta = { ...m, selfUrl: m.links.atom }
        expect(outcome(() => renderAtom(atomMeta, devs))).toBe(outcome(() => referenceAtom(atomMeta, devs)))
      }),
      { seed: 20261123, numRuns: 400 },
    )
  })
})
