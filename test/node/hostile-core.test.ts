/**
 * Hostile input against the pure core, property-based: the ingest functions never crash on any
 * string (they return, or refuse with their own error naming the problem), and the feed renderers
 * turn any text into well-formed XML, valid JSON Feed and pages without live markup.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderAtom } from '../../src/feed/atom'
import { JsonFeed11, renderJsonFeed } from '../../src/feed/json'
import { renderDevelopmentPage, renderHomePage, renderStoryPage } from '../../src/feed/pages'
import { renderRss } from '../../src/feed/rss'
import { developments, meta, story } from '../../src/feed/testdata/fixtures'
import { ArticleInputError, articleFromInput, canonicalUrl } from '../../src/ingest/article'
import { cleanText } from '../../src/ingest/clean'
import { parseCorpusText } from '../../src/ingest/corpus'
import { parseDate } from '../../src/ingest/dates'
import { FeedParseError, parseFeed } from '../../src/ingest/feed-items'
import { htmlToText } from '../../src/ingest/html'
import { Article, type DevelopmentView } from '../../src/schema'
import { NASTY, assertWellFormedXml, entryHtml, hostile, liveMarkup } from '../hostile-text'

const SEED = 20260723
const runs = { seed: SEED, numRuns: 200 }

/** Any string, weighted towards the ones that break parsers. */
const text = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...NASTY))
const NOW = new Date('2024-06-01T00:00:00Z')

/** A crash is a TypeError, RangeError, SyntaxError…: a bug, not a refusal. */
function isCrash(e: unknown): boolean {
  return e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError || e instanceof ReferenceError || !(e instanceof Error)
}

describe('ingest on arbitrary strings', () => {
  it('cleanText, htmlToText and parseDate never throw; parseDate gives null or an ISO instant', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(typeof cleanText(s).text).toBe('string')
        expect(typeof htmlToText(s)).toBe('string')
        expect(typeof htmlToText(`<p>${s}</p><script>${s}</script>`)).toBe('string')
        const d = parseDate(s)
        if (d !== null) expect(new Date(d).toISOString()).toBe(d)
      }),
      runs,
    )
  })

  it('canonicalUrl never throws, gives null or an http(s) URL, and is stable when applied again (dedup depends on it)', () => {
    const urlish = fc.oneof(
      text,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.webUrl(), text).map(([u, t]) => `${u}?utm_source=${t}&id=${t}#${t}`),
      fc.tuple(fc.constantFrom('javascript:', 'data:', 'file://', 'ftp://', 'HTTP://', ' https://', '//'), text).map(([p, t]) => p + t),
    )
    fc.assert(
      fc.property(urlish, (u) => {
        const c = canonicalUrl(u)
        if (c === null) return
        expect(c).toMatch(/^https?:\/\//)
        expect(canonicalUrl(c)).toBe(c)
      }),
      runs,
    )
  })

  it('parseFeed refuses anything that is not a feed with FeedParseError, and reads hostile items from one that is', () => {
    const item = fc.record({ title: text, link: text, description: text })
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const rss = fc.array(item, { maxLength: 4 }).map(
      (items) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items
          .map((i) => `<item><title>${escape(i.title)}</title><link>https://x.example/${encodeURIComponent(i.link.replace(/[\ud800-\udfff]/g, ''))}</link><description><![CDATA[${i.description.replace(/]]>/g, '')}]]></description></item>`)
          .join('')}</channel></rss>`,
    )
    const jsonFeed = fc.array(fc.record({ id: text, url: text, title: text, content_html: text, date_published: text }, { requiredKeys: [] }), { maxLength: 4 })
      .map((items) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items }))
    fc.assert(
      fc.property(fc.oneof(text, rss, jsonFeed, fc.json()), fc.constantFrom(null, 'application/json', 'application/rss+xml', 'text/html'), (body, contentType) => {
        let items: ReturnType<typeof parseFeed>
        try {
          items = parseFeed(body, { url: 'https://feeds.example/x', outlet: 'X', contentType })
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(FeedParseError)
          return
        }
        for (const i of items) {
          expect(typeof i.title).toBe('string')
          // Every item either becomes an article or is refused with a reason; none crashes.
          try {
            Article.parse(articleFromInput(i, { now: NOW }))
          } catch (e) {
            expect(isCrash(e), String(e)).toBe(false)
          }
        }
      }),
      runs,
    )
  })

  it('articleFromInput returns a valid Article or refuses with a ZodError or ArticleInputError, for any input', () => {
    const input = fc.oneof(
      fc.anything(),
      fc.record(
        {
          url: fc.oneof(text, fc.webUrl()),
          outlet: fc.oneof(text, fc.constant(null)),
          title: text,
          published: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constant(null)),
          text,
          html: text,
          lang: fc.oneof(text, fc.constantFrom('en', 'pt-BR')),
          byline: text,
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(input, (i) => {
        try {
          const a = articleFromInput(i as never, { now: NOW })
          expect(Article.safeParse(a).success).toBe(true)
        } catch (e) {
          expect(isCrash(e), String(e)).toBe(false)
          expect((e as Error).name === 'ZodError' || e instanceof ArticleInputError, String(e)).toBe(true)
        }
      }),
      runs,
    )
  })

  it('parseCorpusText returns a valid Article or refuses with a reason, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.tuple(text, text, text).map(([h, b, c]) => `${h}\n\nBy ${b}\n\n${c}\n\n${c}`)), (raw) => {
        try {
          expect(Article.safeParse(parseCorpusText(raw, { url: 'https://x.example/a', outlet: 'X', note: 'property test' })).success).toBe(true)
        } catch (e) {
          expect(isCrash(e), String(e)).toBe(false)
        }
      }),
      runs,
    )
  })
})

/** A fixture development with every piece of article-derived text replaced by hostile text. */
const hostileDevelopment: fc.Arbitrary<DevelopmentView> = fc
  .record({
    title: text,
    summary: text,
    outlet: fc.option(text, { nil: null }),
    headline: text,
    url: fc.option(fc.oneof(text, fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', ' https://x.example/"onmouseover="alert(1)')), { nil: null }),
    adds: fc.array(text, { maxLength: 3 }),
    byline: fc.option(text, { nil: null }),
  })
  .map((h) => {
    const base = developments[0] as DevelopmentView
    return {
      ...base,
      title: h.title,
      summary: h.summary,
      outlets: base.outlets.map((o, i) => ({ ...o, outlet: i === 0 ? h.outlet : o.outlet, title: h.headline, url: h.url, adds: h.adds, byline: h.byline })),
      timeline: base.timeline.map((t) => (t.id === base.id ? { ...t, title: h.title } : t)),
    }
  })

describe('feed renderers on hostile development text', () => {
  it('always give well-formed RSS and Atom, a valid JSON Feed, and entry HTML without live markup', () => {
    fc.assert(
      fc.property(hostileDevelopment, (dev) => {
        const devs = [dev, ...developments.slice(1)]
        for (const [format, body] of [
          ['rss', renderRss(meta, devs)],
          ['atom', renderAtom(meta, devs)],
          ['json', renderJsonFeed(meta, devs)],
        ] as const) {
          if (format === 'json') expect(JsonFeed11.safeParse(JSON.parse(body)).success).toBe(true)
          else assertWellFormedXml(body, format)
          for (const html of entryHtml(format, body)) expect(liveMarkup(html, 0), format).toEqual([])
        }
      }),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('always give pages without live markup', () => {
    fc.assert(
      fc.property(hostileDevelopment, text, (dev, storyTitle) => {
        const pages = [
          renderDevelopmentPage({ meta, development: dev }),
          renderHomePage({ meta, developments: [dev], filters: { q: storyTitle, outlet: storyTitle, minOutlets: 2 }, nextUrl: null }),
          renderStoryPage({ meta, story: { ...story, title: storyTitle, developments: [dev] } }),
        ]
        for (const page of pages) expect(liveMarkup(page, 1)).toEqual([])
      }),
      { seed: SEED, numRuns: 100 },
    )
  })
})
