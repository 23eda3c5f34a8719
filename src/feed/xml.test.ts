import { describe, expect, it } from 'vitest'
import { amendXml, buildFeed, children, element, insertAfter, setText } from './xml'
import { developments, meta } from './testdata/fixtures'

const doc = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n${body}`

describe('amendXml', () => {
  it('turns CDATA into escaped text', () => {
    expect(amendXml(doc('<a><b><![CDATA[<p>x &amp; y</p>]]></b></a>'), () => {})).toBe(
      doc('<a>\n  <b>&lt;p&gt;x &amp;amp; y&lt;/p&gt;</b>\n</a>\n'),
    )
  })
  it('writes a literal "&amp;" in text as "&amp;amp;" (xml-js alone would write "&amp;")', () => {
    const out = amendXml(doc('<a/>'), (root) => setText(root, 'b', 'AT&amp;T & <co>'))
    expect(out).toContain('<b>AT&amp;amp;T &amp; &lt;co&gt;</b>')
  })
  it('escapes &, <, >, quotes, tabs, newlines and CRs in attributes', () => {
    const out = amendXml(doc('<a/>'), (root) => {
      root.elements = [element('l', { title: 'a&b <c> "d"\te\nf\rg' })]
    })
    expect(out).toContain('<l title="a&amp;b &lt;c&gt; &quot;d&quot;&#9;e&#10;f&#13;g"/>')
  })
  it('removes characters XML forbids and keeps CRs in text', () => {
    const out = amendXml(doc('<a/>'), (root) => setText(root, 'b', 'x\u0000y\uFFFEz\r\nw'))
    expect(out).toContain('<b>xyz&#13;\nw</b>')
  })
  it('inserts after a given child, or at the end', () => {
    const out = amendXml(doc('<a><x/><y/></a>'), (root) => {
      insertAfter(root, children(root, 'x')[0], [element('after-x', {})])
      insertAfter(root, undefined, [element('last', {})])
    })
    expect(out.replace(/\s+/g, '')).toContain('<a><x/><after-x/><y/><last/></a>')
  })
})

describe('buildFeed', () => {
  it('hands feed the data\'s times and no item authors', () => {
    const feed = buildFeed(meta, developments)
    expect(feed.options.updated?.toISOString()).toBe('2023-08-17T10:05:00.000Z')
    expect(feed.items.map((i) => [i.published?.toISOString(), i.date.toISOString()])).toEqual(
      developments.map((d) => [d.published, d.updated]),
    )
    expect(feed.items.every((i) => i.author === undefined)).toBe(true)
  })
})
