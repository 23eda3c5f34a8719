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
import { benchDevelopments, benchMeta } from '../../scripts/bench-render'
import type { FeedMeta } from '../../src/feed/meta'
import type { DevelopmentView } from '../../src/schema'
import { referenceAtom, referenceRss } from '../feed-reference'
import { NASTY, hostile } from '../hostile-text'

const text = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(...NASTY, '', ' ', 'a\r\nb', 'AT&amp;T'))

/** Ids as the store mints them, and the ones URL parsers and escapes treat specially. */
const devId = fc.oneof(
  fc.constantFrom('d_1', 'd_drones1', '.', '..', '%2e', 'a b', 'é/è', 'a?b#c', 'tag:x.example,2024:dev:1', 'TAG:X', 'urn:a:b', 'a&b<c>"d\'', '\r'),
  fc.string({ maxLength: 12 }),
)

const site = fc.constantFrom(
  'https://storyfold.example',
  'https://Storyfold.EXAMPLE',
  'http://storyfold.example:8787',
  'https://storyfold.example:443',
  'https://x.example/sub/dir',
  'https://x.example/a b',
  'https://x.example/?q=1',
  'https://x.example/#frag',
  'https://xn--nxasmq6b.example',
  'https://ü.example',
)

const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())

const metaArb: fc.Arbitrary<FeedMeta> = fc
  .record({
    siteUrl: site,
    id: fc.constantFrom('tag:storyfold.example,2024:feed', 'https://storyfold.example/', 'tag:a&b,2023:x'),
    title: text.map((t) => `T${t}`),
    description: text,
    lang: fc.constantFrom('en', 'fr-CA', 'a&b"<'),
    generator: fc.constantFrom('storyfold', 'a&amp;b', 'x <y> & "z"'),
    siteName: fc.option(text.map((t) => `S${t}`), { nil: undefined }),
    updated: instant,
    nextUrl: fc.option(fc.constantFrom('https://storyfold.example/feed.xml?cursor=a&b=1', 'https://x.example/"q"'), { nil: null }),
    prevUrl: fc.option(fc.constant('https://storyfold.example/feed.xml?after=x&id=y'), { nil: null }),
  })
  .map((m) => ({
    ...meta,
    ...m,
    selfUrl: `${m.siteUrl}/feed.xml`,
    links: { rss: `${m.siteUrl}/feed.xml`, atom: `${m.siteUrl}/atom.xml`, json: `${m.siteUrl}/feed.json`, html: `${m.siteUrl}/` },
  }))

const devArb: fc.Arbitrary<DevelopmentView> = fc
  .record({
    base: fc.constantFrom(...developments),
    id: devId,
    storyId: devId,
    title: text,
    summary: text,
    published: instant,
    updated: instant,
    headline: text,
    outlet: fc.option(text, { nil: null }),
    url: fc.option(fc.oneof(fc.webUrl(), text, fc.constantFrom('https://x.example/a?b=1&c="2"', 'javascript:alert(1)')), { nil: null }),
    adds: fc.array(text, { maxLength: 2 }),
  })
  .map((d) => ({
    ...d.base,
    id: d.id,
    storyId: d.storyId,
    title: d.title,
    summary: d.summary,
    published: d.published,
    updated: d.updated,
    outlets: d.base.outlets.map((o, i) => (i === 0 ? { ...o, title: d.headline, outlet: d.outlet, url: d.url, adds: d.adds } : o)),
    timeline: d.base.timeline.map((t) => (t.id === d.base.id ? { ...t, id: d.id, title: d.title, published: d.published } : t)),
  }))

/** What a renderer gives: its document, or the kind of error it throws (both must agree on bad input). */
function outcome(render: () => string): string {
  try {
    return render()
  } catch (e) {
    return `threw ${(e as Error).constructor.name}`
  }
}

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
