import { describe, expect, it } from 'vitest'
import { entryHtml } from './content'
import { developments, meta } from './testdata/fixtures'
import { escapeXml } from './text'

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

  it('never holds "]]>", so RSS and Atom can carry it in a CDATA section, even when every text tries', () => {
    const trap = ']]><script>x</script>]]>'
    const outlets = dev.outlets.map((o) => ({ ...o, title: trap, byline: trap, adds: [trap] }))
    const hostile = { ...dev, title: trap, summary: trap, outlets, timeline: dev.timeline.map((r) => ({ ...r, title: trap })) }
    const html = entryHtml(meta, hostile, 'html')
    expect(html).not.toContain(']]>')
    expect(html).not.toContain('<script>')
    expect(html).toContain(']]&gt;&lt;script&gt;')
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
