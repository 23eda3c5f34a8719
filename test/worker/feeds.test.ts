import { SELF } from 'cloudflare:test'
import { XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { BASE, article, json, postArticles } from './helpers'

const FEEDS = [
  ['/feed.xml', 'application/rss+xml; charset=utf-8'],
  ['/atom.xml', 'application/atom+xml; charset=utf-8'],
  ['/feed.json', 'application/feed+json; charset=utf-8'],
] as const

describe('the feeds', () => {
  it('serve each format with its own type, well-formed, with validators and a feed-friendly Cache-Control', async () => {
    for (const [path, type] of FEEDS) {
      const res = await SELF.fetch(`${BASE}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe(type)
      expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/)
      expect(Date.parse(res.headers.get('last-modified') ?? '')).not.toBeNaN()
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/)
      expect(res.headers.get('content-encoding')).toBeNull()
      const body = await res.text()
      if (path.endsWith('.json')) {
        const feed = JSON.parse(body) as { version: string; items: { id: string }[] }
        expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
        expect(feed.items).toHaveLength(2)
      } else {
        expect(XMLValidator.validate(body)).toBe(true)
      }
    }
  })

  it('answer a conditional request with 304 and no body, by ETag or by date, and HEAD with headers only', async () => {
    for (const [path] of FEEDS) {
      const first = await SELF.fetch(`${BASE}${path}`)
      await first.arrayBuffer()
      const etag = first.headers.get('etag') as string
      const lastModified = first.headers.get('last-modified') as string
      const byTag = await SELF.fetch(`${BASE}${path}`, { headers: { 'if-none-match': etag } })
      expect(byTag.status, path).toBe(304)
      expect(await byTag.text()).toBe('')
      expect(byTag.headers.get('etag')).toBe(etag)
      const byWeakTag = await SELF.fetch(`${BASE}${path}`, { headers: { 'if-none-match': `"other", W/${etag}` } })
      expect(byWeakTag.status).toBe(304)
      const byDate = await SELF.fetch(`${BASE}${path}`, { headers: { 'if-modified-since': lastModified } })
      expect(byDate.status).toBe(304)
      const stale = await SELF.fetch(`${BASE}${path}`, { headers: { 'if-none-match': '"not-it"' } })
      expect(stale.status).toBe(200)
      await stale.arrayBuffer()
      const head = await SELF.fetch(`${BASE}${path}`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('etag')).toBe(etag)
      expect(await head.text()).toBe('')
    }
  })

  it('render the same bytes until the data changes, then a new ETag and the new entry', async () => {
    const a = await SELF.fetch(`${BASE}/atom.xml`)
    const bodyA = await a.text()
    const b = await SELF.fetch(`${BASE}/atom.xml`)
    expect(await b.text()).toBe(bodyA)
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'))

    expect((await postArticles(article())).status).toBe(201)
    const c = await SELF.fetch(`${BASE}/atom.xml`, { headers: { 'if-none-match': a.headers.get('etag') as string } })
    expect(c.status).toBe(200)
    expect(c.headers.get('etag')).not.toBe(a.headers.get('etag'))
    expect(await c.text()).toContain('Magnitude 7.1 earthquake strikes off the coast of northern Chile')

    // A known article again changes nothing: the old validators still hold.
    const etag = c.headers.get('etag') as string
    expect((await json<{ changed: boolean }>(await postArticles(article()))).changed).toBe(false)
    expect((await SELF.fetch(`${BASE}/atom.xml`, { headers: { 'if-none-match': etag } })).status).toBe(304)
  })

  it('keep each rendered body in the Cache API under its data version and serve it from there byte for byte', async () => {
    for (const [path] of FEEDS) {
      const first = await SELF.fetch(`${BASE}${path}?limit=1`)
      const body = await first.text()
      expect(body.length, path).toBeGreaterThan(200)
      const version = /^"sf(\d+)-(\d+)"$/.exec(first.headers.get('etag') ?? '')
      expect(version, path).not.toBeNull()
      // The key the Worker stores under (src/http/conditional.ts): the URL plus the render and data versions.
      let cached: Response | undefined
      for (let i = 0; i < 50 && !cached; i++) {
        cached = await caches.default.match(`${BASE}${path}?limit=1&__v=${version![1]}.${version![2]}`)
        if (!cached) await new Promise((r) => setTimeout(r, 10)) // the put finishes after the response
      }
      expect(cached, path).toBeDefined()
      expect(await cached!.text(), path).toBe(body)
      const again = await SELF.fetch(`${BASE}${path}?limit=1`)
      expect(await again.text(), path).toBe(body)
      const head = await SELF.fetch(`${BASE}${path}?limit=1`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(await head.text()).toBe('')
    }
  })

  it('keep every rendered body intact while later renders run (no shared encoding buffer)', async () => {
    // Three renders (cache misses: limits used nowhere else) before any body is read.
    const paths = ['/feed.xml?limit=11', '/atom.xml?limit=12', '/feed.json?limit=13']
    const responses: Response[] = []
    for (const path of paths) responses.push(await SELF.fetch(`${BASE}${path}`))
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(bodies[0]).toMatch(/^<\?xml[^]*<rss[^]*<\/rss>\n$/)
    expect(bodies[1]).toMatch(/^<\?xml[^]*<feed[^]*<\/feed>\n$/)
    expect(JSON.parse(bodies[2]!).version).toBe('https://jsonfeed.org/version/1.1')
    // And each equals what a later request gets (its copy in the Cache API).
    for (const [i, path] of paths.entries()) {
      expect(await (await SELF.fetch(`${BASE}${path}`)).text(), path).toBe(bodies[i])
    }
  })

  it('never stamp the feed with the render time: updated is the last real change of the data', async () => {
    const feed = await json<{ items: { date_modified: string }[] }>(await SELF.fetch(`${BASE}/feed.json`))
    const atom = await (await SELF.fetch(`${BASE}/atom.xml`)).text()
    const feedUpdated = /<updated>([^<]+)<\/updated>/.exec(atom)?.[1]
    const newest = feed.items.map((i) => i.date_modified).sort().at(-1)
    expect(feedUpdated && new Date(feedUpdated).toISOString()).toBe(newest && new Date(newest).toISOString())
  })

  it('filter and page: min_outlets, outlet, q, limit with a next link; 400 on nonsense', async () => {
    const only4 = await json<{ items: { title: string }[] }>(await SELF.fetch(`${BASE}/feed.json?min_outlets=2`))
    expect(only4.items).toHaveLength(1)
    const rudaw = await json<{ items: unknown[] }>(await SELF.fetch(`${BASE}/feed.json?outlet=Rudaw`))
    expect(rudaw.items).toHaveLength(1)
    const q = await json<{ items: { title: string }[] }>(await SELF.fetch(`${BASE}/feed.json?q=withstand`))
    expect(q.items.map((i) => i.title)).toEqual(['Russia: Drone axis with Iran will withstand pressure from US'])

    const page1 = await json<{ items: { id: string }[]; next_url?: string }>(await SELF.fetch(`${BASE}/feed.json?limit=1`))
    expect(page1.items).toHaveLength(1)
    expect(page1.next_url).toBeTruthy()
    const page2 = await json<{ items: { id: string }[]; next_url?: string }>(await SELF.fetch(page1.next_url as string))
    expect(page2.items).toHaveLength(1)
    expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id)
    expect(page2.next_url).toBeUndefined()
    const atom = await (await SELF.fetch(`${BASE}/atom.xml?limit=1`)).text()
    expect(atom).toMatch(/<link[^>]+rel="next"/)
    const rss = await (await SELF.fetch(`${BASE}/feed.xml?limit=1`)).text()
    expect(rss).toMatch(/<atom:link[^>]+rel="next"/)

    for (const bad of ['limit=500', 'min_outlets=two', 'since=soon', 'story=' + 'x'.repeat(65), 'format=rss']) {
      const res = await SELF.fetch(`${BASE}/feed.xml?${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    }
    // The reason names the range, whatever is wrong with the number (0 is a whole number, just out of range).
    for (const [bad, reason] of [
      ['limit=0', 'must be a whole number from 1 to 200'],
      ['limit=201', 'must be a whole number from 1 to 200'],
      ['limit=1.5', 'must be a whole number from 1 to 200'],
      ['min_outlets=0', 'must be a whole number from 1 to 1000'],
    ]) {
      const res = await SELF.fetch(`${BASE}/feed.json?${bad}`)
      expect(res.status, bad).toBe(400)
      expect((await json<{ errors: { field: string; reason: string }[] }>(res)).errors, bad).toEqual([{ field: bad!.split('=')[0], reason }])
    }
  })

  it('serve one feed per story, linked from each entry', async () => {
    const feed = await json<{ items: { _storyfold: { story_id: string } ; content_html: string }[] }>(await SELF.fetch(`${BASE}/feed.json`))
    const storyId = feed.items[0]?._storyfold.story_id as string
    expect(feed.items[0]?.content_html).toContain(`/stories/${storyId}/feed.xml`)
    for (const [file, type] of [['feed.xml', 'application/rss+xml'], ['atom.xml', 'application/atom+xml'], ['feed.json', 'application/feed+json']]) {
      const res = await SELF.fetch(`${BASE}/stories/${storyId}/${file}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(type as string)
      expect(await res.text()).toContain('Russia: Drone axis with Iran')
      const again = await SELF.fetch(`${BASE}/stories/${storyId}/${file}`, { headers: { 'if-none-match': res.headers.get('etag') as string } })
      expect(again.status).toBe(304)
    }
    expect((await SELF.fetch(`${BASE}/stories/s_unknown/feed.xml`)).status).toBe(404)
    const unknown = await SELF.fetch(`${BASE}/stories/s_unknown/feed.json`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })
})
