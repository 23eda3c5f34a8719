/**
 * The real-world feed faults of ../shared/cases/feeds (issue 15), read through the same steps as
 * a poll (bytes → text by charset, feed → items, item → article), without the network. The
 * whole poll path over loopback is test/node/source-faults.test.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { articleFromInput } from './article'
import { parseFeed } from './feed-items'
import { decodeFeedText } from './fetch-feed'

const CASES = join(import.meta.dirname, '..', '..', '..', 'shared', 'cases', 'feeds')
const REAL = join(import.meta.dirname, '..', '..', '..', 'shared', 'realstream', 'may-2020', 'feeds')
const now = new Date('2026-11-29T12:00:00Z')

/** The case's bytes decoded with the Content-Type its meta file gives, then parsed and turned into articles. */
function read(dir: string, name: string, contentType?: string) {
  const bytes = new Uint8Array(readFileSync(join(dir, name)))
  let type = contentType ?? null
  if (type === undefined || type === null) {
    try {
      type = (JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8')) as { headers: Record<string, string> }).headers['Content-Type'] ?? null
    } catch {
      type = null
    }
  }
  const url = `https://feeds.example/${name}`
  const items = parseFeed(decodeFeedText(bytes, type), { url, outlet: 'Case', contentType: type })
  return { items, articles: items.map((i) => articleFromInput(i, { now, linkOptional: true })) }
}

describe('charsets other than UTF-8', () => {
  it('decodes ISO-8859-1 named only in Content-Type', () => {
    const { articles } = read(CASES, '01-latin1-header-only.xml')
    expect(`${articles[0]?.title} ${articles[0]?.text}`).toMatch(/très sévères.*Montréal/s)
    expect(JSON.stringify(articles)).not.toContain('\ufffd')
  })
  it('decodes ISO-8859-1 named only in the XML declaration', () => {
    expect(read(CASES, '02-latin1-xml-decl.xml').articles[0]?.title).toContain('Überschwemmungen')
  })
  it('decodes windows-1252 curly quotes, euro sign and em dash', () => {
    const { articles } = read(CASES, '04-win1252-decl.xml')
    expect(articles[0]?.title).toBe('Central bank’s “surprise” cut lowers rates to 2% — €40bn stimulus follows')
  })
})

describe('lenient parsing', () => {
  it('keeps words that look like tags in plain-text titles (Atom and JSON Feed)', () => {
    expect(read(CASES, '07-atom-text-title-angle.xml').articles[0]?.title).toBe('Browser vendors agree to deprecate the <marquee> element by 2028')
    expect(read(CASES, '07-jsonfeed-title-angle.json').articles[0]?.title).toContain('<template>')
  })
  it('keeps every word of Atom xhtml titles and content', () => {
    const [a] = read(CASES, '09-atom-xhtml.xml').articles
    expect(a?.title).toBe('Storm Imogen floods Porto riverside')
    expect(a?.text).toContain('riverside district of Porto on Monday, the civil protection agency said.')
  })
  it('resolves relative links against xml:base', () => {
    expect(read(CASES, '10-xml-base.xml').articles[0]?.url).toBe('https://case10.example/ongoing/When/2026/11/28/Tram-Airport-Opens')
  })
  it('never invents a link from a guid that is not a URL, and still stores the item (without a link)', () => {
    const { articles } = read(CASES, '11-guid-not-url.xml')
    expect(articles.map((a) => [a.title, a.url])).toEqual([
      ['Adding a natural touch to skincare products', null],
      ['Skincare start-up opens first factory outside Pune', 'https://case11.example/skincare-factory'],
    ])
  })
  it('reads a feed with a bare & in a title, both items', () => {
    const { articles } = read(CASES, '30-bare-ampersand.xml')
    expect(articles.map((a) => a.title)).toEqual([`No More Robots: "I'm just doing D&D, but in a Discord server"`, 'City library lends telescopes to families over the winter'])
  })
  it('decodes entities once: escaped markup in a description stays text', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Line breaks &amp;amp; tags</title><link>https://x.example/a</link><description>Write &amp;lt;br&amp;gt; to break a line, the style guide says.</description></item></channel></rss>`
    const [item] = parseFeed(xml, { url: 'https://x.example/feed', outlet: 'X' })
    expect(item?.title).toBe('Line breaks & tags')
    expect(articleFromInput(item!, { now }).text).toBe('Write <br> to break a line, the style guide says.')
  })
})

describe('dates', () => {
  it('reads named zones other than US ones', () => {
    const { articles } = read(CASES, '13-named-zones.xml')
    expect(articles).toHaveLength(5)
    for (const a of articles) expect(a.published, a.title).toBe('2026-11-29T01:00:00.000Z')
  })
  it('reads an RFC 822 variant with the month first, and dc:date', () => {
    expect(read(CASES, '14-unparseable-old-date.xml').articles.map((a) => a.published)).toEqual(['2018-01-23T09:54:55.000Z', '2018-09-10T00:00:00.000Z'])
  })
})

describe('items never dropped silently', () => {
  it('gives title-less items a title from their first words (RSS and JSON Feed)', () => {
    expect(read(CASES, '24-title-less.xml').articles.map((a) => a.title)).toEqual([
      'Just landed in Reykjavik for the climate summit',
      'Volcano alert level in southwest Iceland raised to orange this evening, says the met…',
    ])
    expect(read(CASES, '24-title-less.json').articles[0]?.title).toBe('Cats are neat')
  })
  it('stores a description-less item as a headline-only report', () => {
    const [a] = read(CASES, '24-body-less.xml').articles
    expect(a).toMatchObject({ title: 'In pictures: first snow of the season covers the capital', url: 'https://case24b.example/pictures-first-snow' })
  })
  it('stores every CNN item that has a title (most have no description)', () => {
    const { items, articles } = read(REAL, 'cnn.xml', 'application/rss+xml')
    expect(articles).toHaveLength(items.length)
    expect(items.length).toBeGreaterThan(400)
  })
  it('reads YouTube channel feeds from media:group/media:description, without the channel footer', () => {
    const { items, articles } = read(REAL, 'aljazeeraenglish.xml', 'application/atom+xml')
    expect(articles).toHaveLength(items.length)
    expect(items.length).toBeGreaterThan(100)
    const a = articles[0]!
    expect(a.text).toContain('The Italian prime minister has apologised for the economic hardships')
    expect(a.text).not.toMatch(/Subscribe to our channel|twitter\.com|facebook\.com/)
  })
})
