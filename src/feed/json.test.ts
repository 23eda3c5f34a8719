import { describe, expect, it } from 'vitest'
import { JsonFeed11, renderJsonFeed } from './json'
import { developments, hostileTitle, meta } from './testdata/fixtures'

const jsonMeta = { ...meta, selfUrl: meta.links.json, nextUrl: 'https://storyfold.example/feed.json?before=x' }

describe('renderJsonFeed', () => {
  const body = renderJsonFeed(jsonMeta, developments)
  const feed = JsonFeed11.parse(JSON.parse(body))

  it('is JSON Feed 1.1 with authors, language, feed_url and next_url', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.authors).toEqual([{ name: 'storyfold', url: 'https://storyfold.example' }])
    expect(feed.language).toBe('en')
    expect(feed.feed_url).toBe(meta.links.json)
    expect(feed.next_url).toBe('https://storyfold.example/feed.json?before=x')
    expect(body).not.toContain('"author"')
  })
  it('leaves out next_url on the last page', () => {
    expect(JSON.parse(renderJsonFeed({ ...jsonMeta, nextUrl: null }, developments))).not.toHaveProperty('next_url')
  })
  it('uses the same permanent ids and dates as the XML feeds', () => {
    const [hostile, drones] = feed.items
    expect(hostile?.id).toBe('tag:storyfold.example,2024:development:d_hostile')
    expect(hostile?.title).toBe(hostileTitle)
    expect(drones?.date_published).toBe('2023-08-16T07:20:00.000Z')
    expect(drones?.date_modified).toBe('2023-08-16T11:45:00.000Z')
    expect(drones?.url).toBe('https://storyfold.example/developments/d_drones1')
  })
  it('carries the outlets and timeline in _storyfold', () => {
    const ext = feed.items[1]!._storyfold
    expect(ext.story_id).toBe('s_drones')
    expect(ext.article_count).toBe(3)
    expect(ext.outlets.map((o) => [o.outlet, o.copy_of])).toEqual([
      ['Financial Times', null],
      ['The Jerusalem Post', null],
      ['The Times of Israel', 'a_jpost'],
    ])
    expect(ext.outlets[0]?.adds).toEqual(['Talks are linked to a prisoner exchange deal.'])
    // The story so far: the first development has nothing before it; the later one lists it.
    expect(ext.timeline.map((t) => [t.id, t.current])).toEqual([['d_drones1', true]])
    expect(feed.items[0]!._storyfold.timeline.map((t) => [t.id, t.current])).toEqual([
      ['d_drones1', false],
      ['d_hostile', true],
    ])
  })
  it('drops unsafe outlet URLs and control characters', () => {
    const hostile = feed.items[0]!._storyfold.outlets.find((o) => o.title.includes('alert(1)'))
    expect(hostile?.url).toBeNull()
    expect(body).not.toMatch(/\\u000[0-8b]|\\u001/i)
  })
  it('is stable across renders', () => {
    expect(renderJsonFeed(jsonMeta, developments)).toBe(body)
  })
})
