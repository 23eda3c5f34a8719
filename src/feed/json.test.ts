import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { benchDevelopments, benchMeta } from '../../scripts/bench-render'
import { NASTY, hostile } from '../../test/hostile-text'
import type { DevelopmentView } from '../schema'
import { JsonFeed11, jsonFeed, renderJsonFeed } from './json'
import type { FeedMeta } from './meta'
import { developments, hostileTitle, meta } from './testdata/fixtures'

const jsonMeta = { ...meta, selfUrl: meta.links.json, nextUrl: 'https://storyfold.example/feed.json?before=x' }

describe('renderJsonFeed', () => {
  const body = renderJsonFeed(jsonMeta, developments)
  const feed = JsonFeed11.parse(JSON.parse(body))

  it('is JSON Feed 1.1 with authors, language, feed_url and next_url', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.authors).toEqual([{ name: 'storyfold', url: 'https://storyfold.example' }])
    expect(feed.language).toBe('en')
    expect(feed.feed_url).toBe(meta.links.json)
    expect(feed.next_url).toBe('https://storyfold.example/feed.json?before=x')
    expect(body).not.toContain('"author"')
  })
  it('leaves out next_url on the last page', () => {
    expect(JSON.parse(renderJsonFeed({ ...jsonMeta, nextUrl: null }, developments))).not.toHaveProperty('next_url')
  })
  it('uses the same permanent ids and dates as the XML feeds', () => {
    const [hostile, drones] = feed.items
    expect(hostile?.id).toBe('tag:storyfold.example,2024:development:d_hostile')
    expect(hostile?.title).toBe(hostileTitle)
    expect(drones?.date_published).toBe('2023-08-16T07:20:00.000Z')
    expect(drones?.date_modified).toBe('2023-08-16T11:45:00.000Z')
    expect(drones?.url).toBe('https://storyfold.example/developments/d_drones1')
  })
  it('carries the outlets and timeline in _storyfold', () => {
    const ext = feed.items[1]!._storyfold
    expect(ext.story_id).toBe('s_drones')
    expect(ext.article_count).toBe(3)
    expect(ext.outlets.map((o) => [o.outlet, o.copy_of])).toEqual([
      ['Financial Times', null],
      ['The Jerusalem Post', null],
      ['The Times of Israel', 'a_jpost'],
    ])
    expect(ext.outlets[0]?.adds).toEqual(['Talks are linked to a prisoner exchange deal.'])
    // The story so far: the first development has nothing before it; the later one lists it.
    expect(ext.timeline.map((t) => [t.id, t.current])).toEqual([['d_drones1', true]])
    expect(feed.items[0]!._storyfold.timeline.map((t) => [t.id, t.current])).toEqual([
      ['d_drones1', false],
      ['d_hostile', true],
    ])
  })
  it('drops unsafe outlet URLs and control characters', () => {
    const hostile = feed.items[0]!._storyfold.outlets.find((o) => o.title.includes('alert(1)'))
    expect(hostile?.url).toBeNull()
    expect(body).not.toMatch(/\\u000[0-8b]|\\u001/i)
  })
  it('is stable across renders', () => {
    expect(renderJsonFeed(jsonMeta, developments)).toBe(body)
  })
})

/**
 * `renderJsonFeed` writes the document itself (each `content_html` already escaped, never through
 * `JSON.stringify`); `JSON.stringify(jsonFeed(…))` is the judge, byte for byte.
 */
const reference = (m: FeedMeta, devs: readonly DevelopmentView[]) => `${JSON.stringify(jsonFeed(m, devs))}\n`

/** What a renderer gives: its document, or the kind of error it throws (both must agree on bad input). */
function outcome(render: () => string): string {
  try {
    return render()
  } catch (e) {
    return `threw ${(e as Error).constructor.name}`
  }
}

/** Every C0 control, DEL, C1 controls and lone surrogates: what JSON.stringify escapes or cleanText removes. */
const control = fc.string({
  unit: fc.oneof(fc.integer({ min: 0, max: 0x20 }), fc.integer({ min: 0x7f, max: 0xa0 }), fc.integer({ min: 0xd800, max: 0xdfff })).map((c) => String.fromCharCode(c)),
  maxLength: 6,
})
const text = fc.oneof(
  hostile,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.tuple(hostile, control, hostile).map((p) => p.join('')),
  fc.constantFrom(...NASTY, '', ' ', 'a\r\nb', 'AT&amp;T', '\\"\\', '\b\f\n\r\t\u000b\u001f', '</script>\u2028\u2029'),
)

/** Ids as the store mints them, and the ones URL encoding, escapes and JSON treat specially. */
const devId = fc.oneof(
  fc.constantFrom('d_1', 'd_drones1', '.', '%2e', 'a b', 'é/è', 'a?b#c', 'tag:x.example,2024:dev:1', 'urn:a:b', 'a&b<c>"d\'', '\\', '\r', '\u0000', '\ud800'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
)

const site = fc.constantFrom('https://storyfold.example', 'http://storyfold.example:8787', 'https://x.example/sub/dir', 'https://x.example/a\\b"c', 'https://ü.example')

const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())

const metaArb: fc.Arbitrary<FeedMeta> = fc
  .record({
    siteUrl: site,
    id: fc.constantFrom('tag:storyfold.example,2024:feed', 'https://storyfold.example/'),
    title: text.map((t) => `T${t}`),
    description: text,
    lang: fc.constantFrom('en', 'fr-CA', 'a\\b"<'),
    siteName: fc.option(text.map((t) => `S${t}`), { nil: undefined }),
    nextUrl: fc.option(fc.constantFrom('https://storyfold.example/feed.json?cursor=a&b=1', 'https://x.example/"q"\\'), { nil: null }),
  })
  .map((m) => ({
    ...meta,
    ...m,
    selfUrl: `${m.siteUrl}/feed.json`,
    links: { rss: `${m.siteUrl}/feed.xml`, atom: `${m.siteUrl}/atom.xml`, json: `${m.siteUrl}/feed.json`, html: `${m.siteUrl}/` },
  }))

const outletArb = fc.record({
  title: text,
  outlet: fc.option(text, { nil: null }),
  url: fc.option(fc.oneof(fc.webUrl(), text, fc.constantFrom('https://x.example/a?b=1&c="2"\\', 'javascript:alert(1)')), { nil: null }),
  published: fc.option(instant, { nil: null }),
  adds: fc.array(text, { maxLength: 2 }),
  byline: fc.option(text, { nil: null }),
})

const devArb: fc.Arbitrary<DevelopmentView> = fc
  .record({
    base: fc.constantFrom(...developments),
    id: devId,
    storyId: devId,
    title: text,
    summary: text,
    published: instant,
    updated: instant,
    outlets: fc.array(outletArb, { minLength: 3, maxLength: 3 }),
    earlier: text,
  })
  .map((d) => ({
    ...d.base,
    id: d.id,
    storyId: d.storyId,
    title: d.title,
    summary: d.summary,
    published: d.published,
    updated: d.updated,
    // The base's outlets (one of d_drones1's is a syndicated copy) with hostile texts.
    outlets: d.base.outlets.map((o, i) => ({ ...o, ...d.outlets[i]! })),
    timeline: d.base.timeline.map((t) => (t.id === d.base.id ? { ...t, id: d.id, title: d.title, published: d.published } : { ...t, title: d.earlier })),
  }))

describe('renderJsonFeed is JSON.stringify(jsonFeed(…)) byte for byte', () => {
  it('for the fixtures and the bench page, with and without entries or a next page', () => {
    const bench = { ...benchMeta, selfUrl: benchMeta.links.json }
    for (const [m, devs] of [
      [jsonMeta, developments],
      [{ ...jsonMeta, nextUrl: null, description: '' }, developments],
      [jsonMeta, []],
      [bench, benchDevelopments()],
    ] as const) {
      expect(renderJsonFeed(m, devs)).toBe(reference(m, devs))
    }
  })

  it('for any developments and feed metadata (property)', () => {
    fc.assert(
      fc.property(metaArb, fc.array(devArb, { maxLength: 4 }), (m, devs) => {
        expect(outcome(() => renderJsonFeed(m, devs))).toBe(outcome(() => reference(m, devs)))
      }),
      { seed: 20261124, numRuns: 300 },
    )
  })
})
