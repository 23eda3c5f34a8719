import { describe, expect, it } from 'vitest'
import { atomId, feedHead, itemFields, jsText, xmlElement, xmlRewriter } from './xml'
import { entryHtml } from './content'
import { escapeText, xmlAttr } from './text'
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

describe('feedHead', () => {
  it('hands feed the data\'s last change as the feed time (else feed stamps "now") and no items', () => {
    const feed = feedHead(meta, 'rss')
    expect(feed.options.updated?.toISOString()).toBe('2023-08-17T10:05:00.000Z')
    expect(feed.items).toEqual([])
  })
  it('writes the generator in the form each format needs (Atom escapes "&" itself, RSS does not)', () => {
    const m = { ...meta, generator: 'a&amp;b' }
    expect(feedHead(m, 'rss').rss2()).toContain('<generator>a&amp;amp;b</generator>')
    expect(feedHead(m, 'atom').atom1()).toContain('<generator>a&amp;amp;b</generator>')
  })
})

describe('item fields', () => {
  it('are final XML text (no markup characters from the data, CRs as references), and the body HTML for a CDATA section', () => {
    const fields = itemFields(meta)
    for (const dev of [...developments, { ...developments[0]!, title: 'a\r<b>]]>', summary: 'x]]>\r' }]) {
      const f = fields(dev)
      for (const v of [f.title, f.summary]) expect(v).not.toMatch(/[<>\r]/)
      expect(f.body).toBe(entryHtml(meta, dev))
      expect(f.body).not.toContain(']]>')
    }
    expect(fields({ ...developments[0]!, title: '' }).title).toBe(' ')
    expect(fields({ ...developments[0]!, summary: '' }).summary).toBe('')
  })
  it('write Atom ids as the URL parser does, skipping it for plain tag: ids', () => {
    expect(atomId('tag:storyfold.example,2024:development:d_1')).toBe('tag:storyfold.example,2024:development:d_1')
    expect(atomId('TAG:x\u0001y&z')).toBe('tag:x%01y&amp;z')
  })
})
