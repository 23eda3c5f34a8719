/**
 * fast-check arbitraries for the feed renderers' property tests: feed metadata and developments
 * with hostile text (markup, entities, CDATA markers, controls, lone surrogates, JSON escapes),
 * ids that URL parsers and escapes treat specially, and odd site URLs.
 */
import fc from 'fast-check'
import type { FeedMeta } from '../src/feed/meta'
import { developments, meta } from '../src/feed/testdata/fixtures'
import type { DevelopmentView } from '../src/schema'
import { NASTY, hostile } from './hostile-text'

/** Every C0 control, DEL, C1 controls and lone surrogates: what JSON.stringify escapes or cleanText removes. */
const control = fc.string({
  unit: fc.oneof(fc.integer({ min: 0, max: 0x20 }), fc.integer({ min: 0x7f, max: 0xa0 }), fc.integer({ min: 0xd800, max: 0xdfff })).map((c) => String.fromCharCode(c)),
  maxLength: 6,
})

/** Any text a headline, summary or name might hold, and the worst of it. */
export const text = fc.oneof(
  hostile,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.tuple(hostile, control, hostile).map((p) => p.join('')),
  fc.constantFrom(...NASTY, '', ' ', 'a\r\nb', 'AT&amp;T', ']]>', '\\"\\', '\b\f\n\r\t\u000b\u001f', '</script>\u2028\u2029'),
)

/** Ids as the store mints them, and the ones URL parsers, escapes and JSON treat specially. */
const devId = fc.oneof(
  fc.constantFrom('d_1', 'd_drones1', '.', '..', '%2e', 'a b', 'é/è', 'a?b#c', 'tag:x.example,2024:dev:1', 'TAG:X', 'urn:a:b', 'a&b<c>"d\'', '\\', '\r', '\u0000', '\ud800'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
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
  'https://x.example/a\\b"c',
  'https://xn--nxasmq6b.example',
  'https://ü.example',
)

const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())

/** Feed metadata: site URLs, ids, titles, languages, generators and paging links. */
export const metaArb: fc.Arbitrary<FeedMeta> = fc
  .record({
    siteUrl: site,
    id: fc.constantFrom('tag:storyfold.example,2024:feed', 'https://storyfold.example/', 'tag:a&b,2023:x'),
    title: text.map((t) => `T${t}`),
    description: text,
    lang: fc.constantFrom('en', 'fr-CA', 'a&b"<', 'a\\b"<'),
    generator: fc.constantFrom('storyfold', 'a&amp;b', 'x <y> & "z"'),
    siteName: fc.option(text.map((t) => `S${t}`), { nil: undefined }),
    updated: instant,
    nextUrl: fc.option(fc.constantFrom('https://storyfold.example/feed.xml?cursor=a&b=1', 'https://x.example/"q"', 'https://x.example/"q"\\'), { nil: null }),
    prevUrl: fc.option(fc.constant('https://storyfold.example/feed.xml?after=x&id=y'), { nil: null }),
  })
  .map((m) => ({
    ...meta,
    ...m,
    selfUrl: `${m.siteUrl}/feed.xml`,
    links: { rss: `${m.siteUrl}/feed.xml`, atom: `${m.siteUrl}/atom.xml`, json: `${m.siteUrl}/feed.json`, html: `${m.siteUrl}/` },
  }))

/** One covering outlet's hostile fields. */
const outletArb = fc.record({
  title: text,
  outlet: fc.option(text, { nil: null }),
  url: fc.option(fc.oneof(fc.webUrl(), text, fc.constantFrom('https://x.example/a?b=1&c="2"\\', 'javascript:alert(1)')), { nil: null }),
  published: fc.option(instant, { nil: null }),
  adds: fc.array(text, { maxLength: 2 }),
  byline: fc.option(text, { nil: null }),
})

/**
 * A development: a fixture (one of them has a syndicated copy) with hostile id, story, title,
 * summary, instants, outlets and earlier developments' titles.
 */
export const devArb: fc.Arbitrary<DevelopmentView> = fc
  .record({
    base: fc.constantFrom(...developments),
    id: devId,
    storyId: devId,
    title: text,
    summary: text,
    published: instant,
    updated: instant,
    outlets: fc.array(outletArb, { minLength: 3, maxLength: 3 }),
    // The second outlet links the same article URL as the first (Atom lists each URL once).
    sameUrl: fc.boolean(),
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
    outlets: d.base.outlets.map((o, i) => ({ ...o, ...d.outlets[i]!, ...(i === 1 && d.sameUrl ? { url: d.outlets[0]!.url } : {}) })),
    timeline: d.base.timeline.map((t) => (t.id === d.base.id ? { ...t, id: d.id, title: d.title, published: d.published } : { ...t, title: d.earlier })),
  }))

/** What a renderer gives: its document, or the kind of error it throws (two renderers must agree on bad input too). */
export function outcome(render: () => string): string {
  try {
    return render()
  } catch (e) {
    return `threw ${(e as Error).constructor.name}`
  }
}
