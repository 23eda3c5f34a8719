import fc from 'fast-check'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderAtom } from './atom'
import { entryHtml } from './content'
import { renderFeed } from './render'
import { renderRss } from './rss'
import { cleanText } from './text'
import { developments, hostileTitle, meta } from './testdata/fixtures'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, jpath) =>
    ['rss.channel.item', 'rss.channel.atom:link', 'feed.entry', 'feed.link', 'feed.entry.link'].includes(String(jpath)),
})

/** Parses with validation on: a malformed document fails the test. */
function parse(doc: string): any {
  const valid = XMLValidator.validate(doc)
  expect(valid, JSON.stringify(valid)).toBe(true)
  return parser.parse(doc)
}

const text = (node: any): string => (typeof node === 'string' ? node : node['#text'])
const rssMeta = { ...meta, selfUrl: meta.links.rss }
const atomMeta = { ...meta, selfUrl: meta.links.atom }

describe('renderRss', () => {
  const doc = renderRss(rssMeta, developments)
  const channel = parse(doc).rss.channel

  it('is well-formed with no forbidden characters, and CDATA only around each entry body, which reads back as its HTML', () => {
    expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/)
    expect(doc.match(/<!\[CDATA\[/g)).toHaveLength(developments.length)
    expect(doc.match(/<content:encoded><!\[CDATA\[/g)).toHaveLength(developments.length)
    channel.item.forEach((item: any, i: number) => expect(item['content:encoded']).toBe(entryHtml(rssMeta, developments[i]!)))
  })
  it('has the channel elements the W3C validator wants', () => {
    expect(channel.language).toBe('en')
    expect(channel.lastBuildDate).toBe('Thu, 17 Aug 2023 10:05:00 GMT')
    const links = channel['atom:link'].map((l: any) => [l['@_rel'], l['@_href']])
    expect(links).toContainEqual(['self', meta.links.rss])
    expect(links).toContainEqual(['next', meta.nextUrl])
  })
  it('keeps a title with <, &, ]]> and emoji intact', () => {
    expect(text(channel.item[0].title)).toBe(hostileTitle)
  })
  it('uses the permanent id as a non-permalink guid and the first report as pubDate', () => {
    const [hostile, drones] = channel.item
    expect(hostile.guid['@_isPermaLink']).toBe('false')
    expect(text(hostile.guid)).toBe('tag:storyfold.example,2024:development:d_hostile')
    expect(text(drones.guid)).toBe('tag:storyfold.example,2024:development:d_drones1')
    expect(drones.pubDate).toBe('Wed, 16 Aug 2023 07:20:00 GMT')
    expect(drones.link).toBe('https://storyfold.example/developments/d_drones1')
  })
  it('never writes a non-email <author>', () => {
    expect(doc).not.toMatch(/<author>/)
  })
  it('puts the outlets and the story feed in the content', () => {
    const html = channel.item[1]['content:encoded'] as string
    expect(html).toContain('<a href="https://www.ft.com/content/3b3c-iran-drones">US urges Iran')
    expect(html).toContain('first to report')
    // Distinct outlets, and the Reuters copy shown as the same report carried by another outlet.
    expect(html).toContain('<h3>Covered by 3 outlets</h3>')
    expect(html).toContain('Also carried by <a href="https://www.timesofisrael.com/liveblog_entry/us-said-pressing-iran/"><strong>The Times of Israel</strong></a>')
    expect(html.match(/<li><a href=/g)).toHaveLength(2)
    expect(html).toContain('Talks are linked to a prisoner exchange deal.')
    expect(html).toContain('https://storyfold.example/stories/s_drones/feed.xml')
  })
  it('shows the earlier developments of the story in an entry, never the later ones', () => {
    // d_hostile (17 Aug) comes after d_drones1 (16 Aug) in the same story.
    const later = channel.item[0]['content:encoded'] as string
    const first = channel.item[1]['content:encoded'] as string
    expect(later).toContain('<h3>Earlier in this story</h3><ol><li><time datetime="2023-08-16T07:20:00.000Z">16 Aug 2023, 07:20 UTC</time>: <a href="https://storyfold.example/developments/d_drones1">US urges Iran to stop selling drones to Russia</a></li></ol>')
    expect(first).not.toContain('Earlier in this story')
    expect(first).not.toContain('/developments/d_hostile')
  })
  it('keeps article markup as text inside the content HTML', () => {
    const html = channel.item[0]['content:encoded'] as string
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('javascript:')
  })
  it('leaves out the next link on the last page', () => {
    expect(renderRss({ ...rssMeta, nextUrl: null }, developments)).not.toContain('rel="next"')
  })
  it('is byte-identical across renders', () => {
    expect(renderRss(rssMeta, [...developments])).toBe(doc)
  })
})

describe('renderAtom', () => {
  const doc = renderAtom(atomMeta, developments)
  const feed = parse(doc).feed

  it('has id, updated, author, xml:lang, self, alternate and next links', () => {
    expect(feed.id).toBe(meta.id)
    expect(feed.updated).toBe('2023-08-17T10:05:00.000Z')
    expect(feed['@_xml:lang']).toBe('en')
    expect(feed.author.name).toBe('storyfold')
    const links = feed.link.map((l: any) => [l['@_rel'], l['@_href']])
    expect(links).toContainEqual(['self', meta.links.atom])
    expect(links).toContainEqual(['alternate', meta.links.html])
    expect(links).toContainEqual(['next', meta.nextUrl])
  })
  it('writes titles as plain text that survive the round trip', () => {
    expect(feed.entry[0].title['@_type']).toBe('text')
    expect(text(feed.entry[0].title)).toBe(hostileTitle)
  })
  it('dates entries by first report and last real change', () => {
    const drones = feed.entry[1]
    expect(drones.id).toBe('tag:storyfold.example,2024:development:d_drones1')
    expect(drones.published).toBe('2023-08-16T07:20:00.000Z')
    expect(drones.updated).toBe('2023-08-16T11:45:00.000Z')
  })
  it('links the development page and each outlet as related, with titles', () => {
    const links = feed.entry[1].link
    expect(links[0]).toMatchObject({ '@_rel': 'alternate', '@_href': 'https://storyfold.example/developments/d_drones1' })
    const related = links.filter((l: any) => l['@_rel'] === 'related')
    expect(related.map((l: any) => l['@_title'])).toEqual([
      'Financial Times: US urges Iran to stop selling drones to Russia',
      'The Jerusalem Post: US tells Iran: stop selling drones to Russia - FT',
      'The Times of Israel: US said pressing Iran to halt drone sales to Russia',
    ])
  })
  it('links no unsafe outlet URL, and links without tracking parameters', () => {
    const related = feed.entry[0].link.filter((l: any) => l['@_rel'] === 'related')
    expect(related.map((l: any) => l['@_href'])).toEqual([
      'https://www.al-monitor.com/originals/2023/08/iran-drones',
    ])
  })
  it('writes no <category> without a term', () => {
    expect(doc).not.toMatch(/<category(?![^>]*term=)/)
  })
  it('is byte-identical across renders and does not read the clock', () => {
    expect(renderAtom(atomMeta, developments)).toBe(doc)
  })
})

describe('hostile text in titles, summaries and names', () => {
  // Two `]]>`, a literal "&amp;", markup, a tab and a newline; the same in the feed title (a
  // story feed's title is a headline). Each once broke a feed written by npm `feed`.
  const nasty = 'A ]]> B ]]> C &amp; D <b>bold</b> & "q"\tend\nline'
  const devs = [{ ...developments[1]!, title: nasty, summary: `${nasty} summary` }]
  const nastyMeta = { ...meta, title: `Story ${nasty}`, description: `About ${nasty}`, siteName: 'AT&amp;T <news>' }

  afterEach(() => vi.useRealTimers())

  it('keeps every title character in RSS', () => {
    const doc = renderRss({ ...nastyMeta, selfUrl: meta.links.rss }, devs)
    const channel = parse(doc).rss.channel
    // The one CDATA section is the entry body's, which escapes every text in it.
    expect(doc.match(/<!\[CDATA\[/g)).toHaveLength(1)
    expect(channel.item[0]['content:encoded']).toContain('<p>A ]]&gt; B ]]&gt; C &amp;amp; D &lt;b&gt;bold')
    expect(text(channel.title)).toBe(`Story ${nasty}`)
    expect(text(channel.description)).toBe(`About ${nasty}`)
    expect(text(channel.item[0].title)).toBe(nasty)
    // description is HTML: one level of HTML escaping inside the XML escaping
    expect(text(channel.item[0].description)).toContain('C &amp;amp; D &lt;b&gt;')
  })
  it('keeps every title character in Atom, as type="text"', () => {
    const doc = renderAtom({ ...nastyMeta, selfUrl: meta.links.atom }, devs)
    const feed = parse(doc).feed
    expect(doc.match(/<!\[CDATA\[/g)).toHaveLength(1)
    expect(text(feed.entry[0].content)).toBe(entryHtml(meta, devs[0]!))
    expect(text(feed.title)).toBe(`Story ${nasty}`)
    expect(text(feed.subtitle)).toBe(`About ${nasty}`)
    expect(feed.author.name).toBe('AT&amp;T <news>')
    expect(feed.entry[0].title['@_type']).toBe('text')
    expect(text(feed.entry[0].title)).toBe(nasty)
  })
  it('writes the data\'s times, never the clock', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'))
    const rss = renderRss(rssMeta, developments)
    const atom = renderAtom(atomMeta, developments)
    vi.setSystemTime(new Date('2031-06-15T12:34:56Z'))
    expect(renderRss(rssMeta, developments)).toBe(rss)
    expect(renderAtom(atomMeta, developments)).toBe(atom)
    expect(`${rss}${atom}`).not.toMatch(/2030|2031/)
  })
  it('keeps any headline well-formed and intact in both formats (property)', () => {
    const pieces = fc.constantFrom(']]>', '<![CDATA[', ']]]]><![CDATA[>', '&amp;', '&lt;b&gt;', '&e;', '<!--', '<b>', '&', '"', "'", '\t', '\n', '\u0000', '\ud800', '\ufffe', '🚀')
    const headline = fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 8 }).map((p) => p.join(''))
    fc.assert(
      fc.property(headline, headline, (title, feedTitle) => {
        const plain = title.replace(/\r/g, '')
        const devs = [{ ...developments[1]!, title: plain, summary: plain }]
        const m = { ...meta, title: `T${feedTitle.replace(/\r/g, '')}` }
        const rss = parse(renderRss({ ...m, selfUrl: meta.links.rss }, devs)).rss.channel
        const atom = parse(renderAtom({ ...m, selfUrl: meta.links.atom }, devs)).feed
        const want = cleanText(plain).trim()
        expect(String(text(rss.item[0].title) ?? '')).toBe(want)
        expect(String(text(atom.entry[0].title) ?? '')).toBe(want)
        expect(text(rss.title)).toBe(cleanText(m.title).trim())
        expect(text(atom.title)).toBe(cleanText(m.title).trim())
      }),
      { seed: 20260723, numRuns: 100 },
    )
  })
  it('writes the previous page link when there is one', () => {
    const prevUrl = 'https://storyfold.example/feed.xml?after=x&id=y'
    const rssLinks = parse(renderRss({ ...rssMeta, prevUrl }, developments)).rss.channel['atom:link']
    const atomLinks = parse(renderAtom({ ...atomMeta, prevUrl }, developments)).feed.link
    for (const links of [rssLinks, atomLinks]) {
      expect(links.map((l: any) => [l['@_rel'], l['@_href']])).toContainEqual(['previous', prevUrl])
    }
  })
})

describe('renderFeed', () => {
  it('hands off to the renderer of the format with its content type', () => {
    expect(renderFeed('atom', atomMeta, developments)).toEqual({ body: renderAtom(atomMeta, developments), contentType: 'application/atom+xml; charset=utf-8' })
    expect(renderFeed('json', meta, []).contentType).toBe('application/feed+json; charset=utf-8')
  })
})
