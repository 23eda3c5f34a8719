import { SELF, env, fetchMock } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { POLL_INTERVAL_MS, pollDueSources } from '../../src/service/poll'
import { BASE, TOKEN, addSource, json, sources } from './helpers'

const UP = 'https://upstream.example'

const RSS = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Up</title><link>${UP}/</link>
<item><title>Powerful earthquake hits Taiwan's east coast, killing at least nine</title>
<link>${UP}/taiwan-quake?utm_source=rss</link><pubDate>Wed, 03 Apr 2024 02:30:00 GMT</pubDate>
<content:encoded><![CDATA[<p>A magnitude 7.4 earthquake struck Taiwan's eastern county of Hualien on Wednesday morning, killing at least nine people and injuring more than 800, officials said.</p><p>It was the strongest quake to hit the island in 25 years.</p>]]></content:encoded></item>
<item><title>Item without a link</title><description>No link here, so it cannot be an article.</description></item>
</channel></rss>`

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom up</title><id>urn:x</id><updated>2024-04-03T05:00:00Z</updated>
<entry><title>Taiwan quake: rescuers search for trapped workers near Hualien</title><id>urn:1</id>
<link rel="alternate" href="/atom/taiwan-rescue"/><published>2024-04-03T05:00:00Z</published><updated>2024-04-03T05:00:00Z</updated>
<content type="html">&lt;p&gt;Rescuers in Taiwan searched on Wednesday for dozens of quarry workers trapped after a magnitude 7.4 earthquake hit Hualien county, the strongest in 25 years.&lt;/p&gt;</content></entry>
</feed>`

const JSONFEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON up',
  items: [
    {
      id: '1',
      url: `${UP}/json/eclipse`,
      title: 'Total solar eclipse crosses North America',
      date_published: '2024-04-08T18:00:00Z',
      content_text: 'Millions of people across Mexico, the United States and Canada watched a total solar eclipse on Monday as the moon blocked the sun.',
    },
  ],
})

beforeAll(() => {
  fetchMock.activate()
  fetchMock.disableNetConnect()
})
afterEach(() => fetchMock.assertNoPendingInterceptors())

describe('managing sources', () => {
  it('needs the token to add or remove a source, and refuses bad ones clearly', async () => {
    const noAuth = await SELF.fetch(`${BASE}/api/sources`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(noAuth.status).toBe(401)
    const bad = await SELF.fetch(`${BASE}/api/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outlet: '', url: 'file:///etc/passwd' }),
    })
    expect(bad.status).toBe(400)
    const p = await json<{ errors: { field: string }[] }>(bad)
    expect(p.errors.map((e) => e.field).sort()).toEqual(['outlet', 'url'])
    const id = await addSource('Up', `${UP}/rss`)
    const dup = await SELF.fetch(`${BASE}/api/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outlet: 'Up again', url: `${UP}/rss` }),
    })
    expect(dup.status).toBe(409)
    expect((await SELF.fetch(`${BASE}/api/sources/${id}`, { method: 'DELETE' })).status).toBe(401)
    const del = await SELF.fetch(`${BASE}/api/sources/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(del.status).toBe(204)
    expect(await sources()).toEqual([])
  })
})

describe('polling sources', () => {
  it('folds items of RSS, Atom and JSON Feed sources in, and then polls with conditional GET', async () => {
    await SELF.fetch(`${BASE}/health`)
    await addSource('RSS Up', `${UP}/rss`)
    await addSource('Atom Up', `${UP}/atom`)
    await addSource('JSON Up', `${UP}/json`)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/rss' }).reply(200, RSS, { headers: { 'content-type': 'application/rss+xml', etag: '"r1"' } })
    origin.intercept({ path: '/atom' }).reply(200, ATOM, { headers: { 'content-type': 'application/atom+xml', 'last-modified': 'Wed, 03 Apr 2024 05:00:00 GMT' } })
    origin.intercept({ path: '/json' }).reply(200, JSONFEED, { headers: { 'content-type': 'application/feed+json' } })

    const now = new Date(Date.now() + 60_000)
    const outcomes = await pollDueSources(env.DB, now)
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok'])
    const rss = outcomes.find((o) => o.url.endsWith('/rss'))
    // The item without a link is stored too (without one): nothing is dropped silently.
    expect(rss).toMatchObject({ itemsSeen: 2, itemsNew: 2, skipped: 0 })

    // The two Taiwan reports fold into one development; the eclipse stands alone.
    const { developments } = await json<{ developments: { title: string; outlets: { outlet: string }[] }[] }>(
      await SELF.fetch(`${BASE}/api/developments?since=2024-01-01`),
    )
    const taiwan = developments.filter((d) => /Taiwan|Hualien/.test(d.title))
    expect(taiwan).toHaveLength(1)
    expect(taiwan[0]?.outlets.map((o) => o.outlet).sort()).toEqual(['Atom Up', 'RSS Up'])
    expect(developments.filter((d) => /eclipse/i.test(d.title))).toHaveLength(1)
    const feed = await (await SELF.fetch(`${BASE}/feed.xml`)).text()
    expect(feed).toContain('Total solar eclipse crosses North America')

    const state = await sources()
    expect(state.every((s) => s.lastSuccessAt === now.toISOString() && s.failures === 0)).toBe(true)
    expect(state.find((s) => s.url.endsWith('/rss'))?.etag).toBe('"r1"')

    // Next poll: the stored validators go upstream; 304 changes nothing.
    const later = new Date(now.getTime() + POLL_INTERVAL_MS + 1000)
    origin.intercept({ path: '/rss', headers: { 'if-none-match': '"r1"' } }).reply(304, '')
    origin.intercept({ path: '/atom', headers: { 'if-modified-since': 'Wed, 03 Apr 2024 05:00:00 GMT' } }).reply(304, '')
    origin.intercept({ path: '/json' }).reply(200, JSONFEED, { headers: { 'content-type': 'application/feed+json' } })
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM articles').first<{ n: number }>()
    const again = await pollDueSources(env.DB, later)
    expect(again.map((o) => o.status).sort()).toEqual(['not-modified', 'not-modified', 'ok'])
    expect(again.find((o) => o.url.endsWith('/json'))).toMatchObject({ itemsSeen: 1, itemsNew: 0 })
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM articles').first<{ n: number }>()
    expect(after?.n).toBe(before?.n)
  })

  it('logs and backs off a failing source while the others go on', async () => {
    await SELF.fetch(`${BASE}/health`)
    await addSource('Good', `${UP}/json`)
    await addSource('Broken', `${UP}/500`)
    await addSource('Malformed', `${UP}/malformed`)
    await addSource('Loop', `${UP}/loop`)
    await addSource('Slow', `${UP}/slow`)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/json' }).reply(200, JSONFEED, { headers: { 'content-type': 'application/feed+json' } })
    origin.intercept({ path: '/500' }).reply(500, 'oops')
    origin.intercept({ path: '/malformed' }).reply(200, '<html><body>Not a feed</body></html>', { headers: { 'content-type': 'application/rss+xml' } })
    origin.intercept({ path: '/loop' }).reply(302, '', { headers: { location: `${UP}/loop` } }).times(6)
    origin.intercept({ path: '/slow' }).reply(200, RSS).delay(1500)

    const now = new Date(Date.now() + 60_000)
    const outcomes = await pollDueSources(env.DB, now, { timeoutMs: 300 })
    const by = (p: string) => outcomes.find((o) => o.url.endsWith(p))
    expect(by('/json')?.status).toBe('ok')
    expect(by('/500')).toMatchObject({ status: 'error', error: 'HTTP 500' })
    expect(by('/malformed')?.status).toBe('error')
    expect(by('/loop')?.error).toMatch(/redirects/)
    expect(by('/slow')?.error).toMatch(/timed out/)

    const state = await sources()
    for (const s of state.filter((x) => !x.url.endsWith('/json'))) {
      expect(s.failures, s.url).toBe(1)
      expect(s.lastError, s.url).toBeTruthy()
      // Backed off: not due again at the normal interval.
      expect(Date.parse(s.nextPollAt) - now.getTime(), s.url).toBeGreaterThan(POLL_INTERVAL_MS)
    }
    const good = state.find((x) => x.url.endsWith('/json'))
    expect(good).toMatchObject({ failures: 0, lastError: null, itemsSeen: 1, itemsNew: 1 })

    // Only due sources are polled: right after, nothing is due.
    expect(await pollDueSources(env.DB, new Date(now.getTime() + 1000))).toEqual([])
  })
})
