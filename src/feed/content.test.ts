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
    const html = entryHtml(meta, hostile)
    expect(html).not.toContain(']]>')
    expect(html).not.toContain('<script>')
    expect(html).toContain(']]&gt;&lt;script&gt;')
  })
})
