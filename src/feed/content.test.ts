import { describe, expect, it } from 'vitest'
import { entryHtml } from './content'
import { developments, meta } from './testdata/fixtures'
import { escapeText, escapeXml } from './text'

const dev = developments[0]!

describe('the HTML of a feed entry', () => {
  it('shows a time known only to the day as a date, and a real time with hour and zone', () => {
    const html = entryHtml(meta, {
      ...dev,
      outlets: [
        { ...dev.outlets[0]!, articleId: 'a1', outlet: 'Day Only', published: '2023-08-16T00:00:00.000Z' },
        { ...dev.outlets[0]!, articleId: 'a2', outlet: 'Exact', published: '2023-08-16T07:20:00.000Z' },
      ],
    })
    expect(html).toContain('<time datetime="2023-08-16">16 Aug 2023</time>')
    expect(html).not.toContain('00:00 UTC')
    expect(html).toContain('<time datetime="2023-08-16T07:20:00.000Z">16 Aug 2023, 07:20 UTC</time>')
  })

  it('names every covering outlet, escaped, and links the story feed', () => {
    const html = entryHtml(meta, dev)
    for (const o of dev.outlets) expect(html).toContain(escapeXml(o.outlet ?? ''))
    expect(html).toContain(`/stories/${dev.storyId}/feed.xml`)
  })

  it('writes the XML form as the HTML form escaped once more, with CRs as references, so the finisher adds nothing', () => {
    const hostile = { ...dev, summary: 'Line one\r\nline <two> & "three" AT&amp;T\u0000' }
    const html = entryHtml(meta, hostile, 'html')
    const xml = entryHtml(meta, hostile, 'xml')
    expect(xml).not.toMatch(/[<>\r]/)
    expect(xml).toBe(escapeText(html).replaceAll('\r', '&#13;'))
  })

  it('writes the JSON form as the HTML form escaped as JSON.stringify escapes a string, quotes left off', () => {
    const hostile = { ...dev, summary: 'Tab\there\r\nline <two> & "three" \\ back\bslash\f\u0000\u001f\ud800 🚀 \u2028' }
    const html = entryHtml(meta, hostile, 'html')
    const json = entryHtml(meta, hostile, 'json')
    expect(json).toBe(JSON.stringify(html).slice(1, -1))
    expect(json).toContain('<a href=\\"https://')
    expect(json).toContain('Tab\\there\\r\\nline &lt;two&gt; &amp; &quot;three&quot; \\\\ back')
  })
})
