import { describe, expect, it } from 'vitest'
import { buildFeed, CONTENT_MARK, jsText, xmlAttr, xmlElement, xmlRewriter } from './xml'
import { escapeText } from './text'
import { developments, meta } from './testdata/fixtures'

describe('xmlRewriter', () => {
  const finish = xmlRewriter(['<a>', '</e>'])
  it('unwraps CDATA sections (content is already escaped) and adds a final newline', () => {
    expect(finish('<x><b><![CDATA[&lt;p&gt;x &amp;amp; y]]></b><c><![CDATA[z]]></c></x>', {})).toBe('<x><b>&lt;p&gt;x &amp;amp; y</b><c>z</c></x>\n')
  })
  it('writes a CR as &#13;, inside and outside CDATA', () => {
    expect(finish('<x>a\r\nb<![CDATA[c\rd]]></x>', {})).toBe('<x>a&#13;\nbc&#13;d</x>\n')
  })
  it('replaces each anchor outside CDATA with its edit, once per occurrence in order', () => {
    let i = 0
    const out = finish('<a><e>1</e><e><![CDATA[</e>]]></e></a>', { '<a>': () => '<a lang="en">', '</e>': () => `<n${i++}/></e>` })
    expect(out).toBe('<a lang="en"><e>1<n0/></e><e></e><n1/></e></a>\n')
  })
  it('throws on an unterminated CDATA section and on an anchor without an edit', () => {
    expect(() => finish('<x><![CDATA[oops</x>', {})).toThrow(/unterminated/)
    expect(() => finish('<a/><a>', {})).toThrow(/no edit for <a>/)
  })
})

describe('escaping helpers', () => {
  it('jsText doubles each "&amp;" (xml-js turns it into "&" before escaping) and removes forbidden characters', () => {
    expect(jsText('AT&amp;T & <co>\u0000\uFFFE')).toBe('AT&amp;amp;T & <co>')
  })
  it('escapeText escapes &, < and >', () => {
    expect(escapeText('<p>a & b "c"</p>')).toBe('&lt;p&gt;a &amp; b "c"&lt;/p&gt;')
  })
  it('xmlAttr escapes &, <, >, quotes, tabs, newlines and CRs', () => {
    expect(xmlAttr('a&b <c> "d"\te\nf\rg\u0001')).toBe('a&amp;b &lt;c&gt; &quot;d&quot;&#9;e&#10;f&#13;g')
    expect(xmlElement('link', { rel: 'next', href: 'https://x/?a=1&b=2' }, 4)).toBe('\n    <link rel="next" href="https://x/?a=1&amp;b=2"/>')
  })
})

describe('buildFeed', () => {
  it('hands feed the data\'s times and no item authors', () => {
    const { feed } = buildFeed(meta, developments, 'rss')
    expect(feed.options.updated?.toISOString()).toBe('2023-08-17T10:05:00.000Z')
    expect(feed.items.map((i) => [i.published?.toISOString(), i.date.toISOString()])).toEqual(
      developments.map((d) => [d.published, d.updated]),
    )
    expect(feed.items.every((i) => i.author === undefined)).toBe(true)
  })
  it('hands feed XML-escaped text for the fields it wraps in CDATA, never a "]]>"', () => {
    for (const format of ['rss', 'atom'] as const) {
      const { feed, contents } = buildFeed(meta, developments, format)
      for (const item of feed.items) {
        for (const field of [item.title, item.description, item.content]) {
          expect(field).not.toMatch(/[<>]/)
        }
      }
      // The entry bodies the content markers stand for: HTML escaped as XML text.
      for (const body of contents) expect(body).not.toMatch(/[<>]/)
    }
  })
  it('keeps the entry bodies out of feed: each content is a marker the finisher fills in', () => {
    const { feed, contents } = buildFeed(meta, developments, 'rss')
    expect(feed.items.map((i) => i.content)).toEqual(developments.map((_, i) => `${CONTENT_MARK}${i}`))
    const doc = xmlRewriter([])(feed.rss2(), {}, contents)
    for (const body of contents) expect(doc).toContain(`<content:encoded>${body}</content:encoded>`)
    expect(doc).not.toContain(CONTENT_MARK)
    expect(() => xmlRewriter([])(feed.rss2(), {}, contents.slice(1))).toThrow(/no entry body/)
  })
  it('writes the generator in the form each format needs (Atom escapes "&" itself, RSS does not)', () => {
    const m = { ...meta, generator: 'a&amp;b' }
    expect(buildFeed(m, [], 'rss').feed.rss2()).toContain('<generator>a&amp;amp;b</generator>')
    expect(buildFeed(m, [], 'atom').feed.atom1()).toContain('<generator>a&amp;amp;b</generator>')
  })
})
