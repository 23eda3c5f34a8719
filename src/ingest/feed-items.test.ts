import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { articleFromInput } from './article'
import { FeedParseError, parseFeed } from './feed-items'

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')
const now = new Date('2023-09-01T00:00:00Z')

describe('parseFeed: RSS 2.0', () => {
  const items = parseFeed(fixture('rss2.xml'), { url: 'https://news.example.com/feed.xml', outlet: 'Example News' })
  it('reads link (resolved against the feed URL), title with entities, RFC 2822 date, CDATA content, creator, language', () => {
    expect(items[0]).toMatchObject({
      url: 'https://news.example.com/world/us-urges-iran?utm_source=rss&utm_medium=feed',
      outlet: 'Example News',
      title: 'US urges Iran to stop selling drones to Russia – FT',
      published: '2023-08-16T04:20:00.000Z',
      byline: 'Jane Doe',
      lang: 'en-gb',
    })
    const a = articleFromInput(items[0]!, { now })
    expect(a.text).toBe('The United States urges Iran to stop selling “strike drones” to Russia.\n\nTom & Jerry said so.')
    expect(a.canonicalUrl).toBe('https://news.example.com/world/us-urges-iran')
  })
  it('falls back to a permalink guid, decodes escaped HTML once, and leaves a missing date unknown', () => {
    const a = articleFromInput(items[1]!, { now })
    expect(a).toMatchObject({ url: 'https://news.example.com/world/blinken', published: null, text: 'Blinken said Iran & Russia must stop.' })
  })
  it('hands on an item without link or title so the caller can count it as skipped', () => {
    expect(items).toHaveLength(3)
    expect(() => articleFromInput(items[2]!, { now })).toThrow(/url must be an absolute http\(s\) URL/)
  })
})

describe('parseFeed: links', () => {
  it('unescapes a link escaped twice (&amp;amp; in the XML) once more, and leaves a plain one alone', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><link>https://example.org/</link>
      <item><title>Twice</title><link>https://example.org/a.cfm?c_id=3&amp;objectid=1&amp;amp;ref=rss</link><description>x</description></item>
      <item><title>Once</title><link>https://example.org/b?x=1&amp;y=2</link><description>x</description></item></channel></rss>`
    expect(parseFeed(xml, { url: 'https://example.org/rss', outlet: null }).map((i) => i.url)).toEqual([
      'https://example.org/a.cfm?c_id=3&objectid=1&ref=rss',
      'https://example.org/b?x=1&y=2',
    ])
  })
})

describe('parseFeed: Atom 1.0', () => {
  const items = parseFeed(fixture('atom.xml'), { url: 'https://atom.example.org/feed.atom', outlet: 'Atom Org' })
  it('takes the rel="alternate" link, not self or enclosure, and prefers published over updated', () => {
    expect(items[0]).toMatchObject({
      url: 'https://atom.example.org/articles/russia-drone-axis',
      title: 'Russia: drone axis & Iran will withstand pressure',
      published: '2023-08-26T13:26:00.000Z',
      byline: 'Reuters',
      lang: 'en',
    })
    expect(articleFromInput(items[0]!, { now }).text).toBe('Russia’s military cooperation with Iran will not succumb to pressure.')
  })
  it('uses updated when there is no published date, and plain-text summaries as text', () => {
    expect(items[1]).toMatchObject({ url: 'https://atom.example.org/articles/2', published: '2023-08-27T09:00:00.000Z', text: 'Plain text summary with 5 < 6.' })
  })
  it('falls back to an http id for the link and reads xhtml content', () => {
    const a = articleFromInput(items[2]!, { now })
    expect(a).toMatchObject({ url: 'https://atom.example.org/articles/3', published: null, text: 'An xhtml paragraph.' })
  })
})

describe('parseFeed: RSS 1.0 (RDF) and JSON Feed', () => {
  it('reads RDF items that sit beside the channel, with dc:date and dc:creator', () => {
    const [item] = parseFeed(fixture('rdf.xml'), { url: 'https://rdf.example.net/rss', outlet: 'RDF Net' })
    expect(item).toMatchObject({ url: 'https://rdf.example.net/a', title: 'Drone talks in Qatar and Oman', published: '2023-08-16T08:00:00.000Z', byline: 'John Roe' })
  })
  it('reads JSON Feed 1.1: relative url, content_html or content_text, authors, feed language', () => {
    const items = parseFeed(fixture('feed.json'), { url: 'https://json.example.com/feed.json', outlet: 'JSON Co', contentType: 'application/feed+json' })
    expect(items[0]).toMatchObject({ url: 'https://json.example.com/posts/kirby-drone-factory', published: '2023-06-09T19:00:00.000Z', byline: 'Alex Poe', lang: 'en' })
    expect(articleFromInput(items[1]!, { now })).toMatchObject({ url: 'https://json.example.com/posts/2', text: 'Plain text body.\n\nSecond paragraph.' })
  })
})

describe('parseFeed: errors', () => {
  const opts = { url: 'https://bad.example/feed', outlet: 'Bad' }
  it('reads a feed with an unclosed element as lenient readers do, instead of losing every item', () => {
    expect(parseFeed(fixture('malformed.xml'), opts).map((i) => i.title)).toEqual(['Unclosed'])
  })
  it('throws FeedParseError for HTML pages, bad JSON and empty bodies', () => {
    expect(() => parseFeed('<html><body>Not a feed</body></html>', opts)).toThrow(FeedParseError)
    expect(() => parseFeed('<html><body>Not a feed</body></html>', opts)).toThrow(/not RSS, Atom or JSON Feed: root element <html>/)
    expect(() => parseFeed('{"items": [', opts)).toThrow(/malformed JSON/)
    expect(() => parseFeed('{"items": []}', opts)).toThrow(/not a JSON Feed/)
    expect(() => parseFeed('  ', opts)).toThrow(/empty/)
  })
})
