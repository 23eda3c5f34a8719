import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lastRealChange } from './meta'
import { cleanText, developmentUrl, entryId, escapeXml, humanTime, safeUrl, storyFeedUrl } from './text'

describe('cleanText', () => {
  it('strips characters XML forbids but keeps tab, newline, emoji', () => {
    expect(cleanText('a\u0000b\u0001c\u000Bd\u001Fe\uFFFEf\uFFFFg')).toBe('abcdefg')
    expect(cleanText('tab\there\nnew\r\nline')).toBe('tab\there\nnew\r\nline')
    expect(cleanText('rocket 🚀 ok')).toBe('rocket 🚀 ok')
  })
  it('drops lone surrogates but not pairs', () => {
    expect(cleanText('x\uD800y\uDC00z\uD83D\uDE80')).toBe('xyz🚀')
  })
})

describe('escapeXml', () => {
  it('escapes markup characters and leaves ]]> harmless', () => {
    expect(escapeXml('a & b < c > "d" ]]>')).toBe('a &amp; b &lt; c &gt; &quot;d&quot; ]]&gt;')
  })
})

describe('safeUrl', () => {
  it('keeps http(s) URLs and refuses everything else', () => {
    expect(safeUrl('https://www.ft.com/content/x?a=1&b=2')).toBe('https://www.ft.com/content/x?a=1&b=2')
    expect(safeUrl('javascript:alert(1)')).toBeNull()
    expect(safeUrl('/relative')).toBeNull()
    expect(safeUrl('data:text/html,hi')).toBeNull()
    expect(safeUrl(null)).toBeNull()
  })
  it('returns exactly what the URL parser returns, whether or not it takes the shortcut for normal URLs', () => {
    const viaParser = (u: string): string | null => {
      const t = cleanText(u).trim()
      if (!/^https?:\/\/[^\s]+$/i.test(t)) return null
      try {
        return new URL(t).href
      } catch {
        return null
      }
    }
    const edge = [
      'https://news.example/a/b?x=1&y=2', 'http://a.b.example/', 'https://x.example/./a', 'https://x.example/a/../b',
      'https://x.example/%2e%2E/a', 'https://xn--caf-dma.example/', 'https://X.example/a', 'https://x.example:443/a',
      'https://x.example:8080/a', 'http://127.0.0.1/a', 'http://0x7f.1/a', 'https://x.example', "https://x.example/a?b='c'",
      'https://x.example/a b', 'https://x.example/a%zz', 'https://x.example/a#frag', 'https://user@x.example/a',
      'https://x.example/a?b=%', 'https://x-.example/a', 'https://x.example/?', 'https://a..b.example/x',
    ]
    for (const u of edge) expect(safeUrl(u), u).toBe(viaParser(u))
    const chars = 'abcXYZ019-._~!$&()*+,;=:@%/?#\'" <>[]^`{|}\\'
    fc.assert(
      fc.property(
        fc.constantFrom('http://', 'https://'),
        fc.constantFrom('news.example', 'a-b.c.example', 'x.example', 'Example.COM', '127.0.0.1', 'xn--d.example', 'a.b1'),
        fc.constantFrom('', ':80', ':443', ':8080'),
        fc.array(fc.constantFrom(...chars.split(''), '.', '..', '%2e', '%41'), { maxLength: 30 }),
        (scheme, host, port, path) => {
          const u = `${scheme}${host}${port}/${path.join('')}`
          expect(safeUrl(u)).toBe(viaParser(u))
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('dates', () => {
  it('writes a locale-free time for people', () => {
    expect(humanTime('2023-08-16T07:05:00.000Z')).toBe('16 Aug 2023, 07:05 UTC')
  })
  it('takes the feed update time from the data, not the clock', () => {
    const devs = [{ updated: '2023-08-16T11:45:00.000Z' }, { updated: '2023-08-17T10:05:00.000Z' }]
    expect(lastRealChange(devs, '1970-01-01T00:00:00.000Z')).toBe('2023-08-17T10:05:00.000Z')
    expect(lastRealChange([], '2020-01-01T00:00:00.000Z')).toBe('2020-01-01T00:00:00.000Z')
  })
})

describe('ids and urls', () => {
  const meta = { id: 'tag:storyfold.example,2024:feed', siteUrl: 'https://storyfold.example' }
  it('mints the same tag: entry id for every feed sharing the tag prefix', () => {
    expect(entryId(meta, 'd_1')).toBe('tag:storyfold.example,2024:development:d_1')
    expect(entryId({ ...meta, id: 'tag:storyfold.example,2024:story:s_1' }, 'd_1')).toBe(entryId(meta, 'd_1'))
    expect(entryId({ id: 'https://storyfold.example/', siteUrl: 'https://storyfold.example/' }, 'd 1')).toBe(
      'tag:storyfold.example,2024:development:d%201',
    )
    expect(entryId(meta, 'urn:uuid:1234')).toBe('urn:uuid:1234')
  })
  it('builds development and story-feed URLs', () => {
    expect(developmentUrl('https://storyfold.example/', 'd_1')).toBe('https://storyfold.example/developments/d_1')
    expect(storyFeedUrl('https://storyfold.example', 's_1')).toBe('https://storyfold.example/stories/s_1/feed.xml')
  })
})
