/**
 * Polling within bounds (issue 19): outbound requests only to public addresses, checked on every
 * redirect hop; the public source list without secrets; a big feed ingested in API-sized batches
 * with a cap per poll; a 301 moves the stored source URL; a future date is not trusted (issue 15).
 */
import { SELF, env, fetchMock } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BATCH_ARTICLES } from '../../src/service/pipeline'
import { POLL_INTERVAL_MS, pollDueSources } from '../../src/service/poll'
import { BASE, TOKEN, feedOnAdd, json } from './helpers'

const UP = 'https://upstream.example'

beforeAll(() => {
  fetchMock.activate()
  fetchMock.disableNetConnect()
})
afterEach(() => fetchMock.assertNoPendingInterceptors())

async function addSource(outlet: string, url: string): Promise<Response> {
  // A public URL is fetched once when added (answered with a feed here); a refused one is not.
  if (new URL(url).origin === UP) feedOnAdd(url)
  return SELF.fetch(`${BASE}/api/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ outlet, url }),
  })
}

interface SourceView {
  id: number
  url: string
  lastError: string | null
  failures: number
  etag?: string | null
}

async function listSources(token: boolean): Promise<SourceView[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${TOKEN}` } : {}
  return (await json<{ sources: SourceView[] }>(await SELF.fetch(`${BASE}/api/sources`, { headers }))).sources
}

/** An RSS feed of `n` distinct items, each on its own topic so none fold together. */
function bigFeed(n: number, opts: { future?: boolean } = {}): string {
  const items = Array.from({ length: n }, (_, i) => {
    const date = opts.future ? new Date(Date.now() + 3 * 60 * 60 * 1000) : new Date(Date.UTC(2024, 0, 1, 0, i))
    return `<item><title>Report number ${i} on topic${i} alpha${i} beta${i}</title><link>${UP}/items/${i}</link><pubDate>${date.toUTCString()}</pubDate><description>Item ${i} says that topic${i} alpha${i} and beta${i} gamma${i} changed on the day, officials said.</description></item>`
  })
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>${UP}/</link>${items.join('')}</channel></rss>`
}

describe('only public addresses', () => {
  it('refuses to add a source on loopback, a private network or the metadata address, in any spelling', async () => {
    for (const url of ['http://127.0.0.1:8787/feed', 'http://2130706433/', 'http://0x7f000001/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/rss', 'http://0.0.0.0/', 'http://localhost/feed']) {
      const res = await addSource('Internal', url)
      expect(res.status, url).toBe(400)
      const p = await json<{ errors: { field: string; reason: string }[] }>(res)
      expect(p.errors[0]?.field, url).toBe('url')
      expect(p.errors[0]?.reason, url).toMatch(/public address|local machine/)
    }
    expect(await listSources(true)).toEqual([])
  })

  it('checks every redirect hop: a public feed that redirects inside is refused and backed off', async () => {
    expect((await addSource('Sneaky', `${UP}/sneaky`)).status).toBe(201)
    expect((await addSource('Sneaky 2', `${UP}/sneaky2`)).status).toBe(201)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/sneaky' }).reply(302, '', { headers: { location: 'http://169.254.169.254/latest/meta-data' } })
    origin.intercept({ path: '/sneaky2' }).reply(301, '', { headers: { location: `${UP}/hop` } })
    origin.intercept({ path: '/hop' }).reply(307, '', { headers: { location: 'http://2130706433:9229/json' } })
    const now = new Date(Date.now() + 60_000)
    const outcomes = await pollDueSources(env.DB, now)
    expect(outcomes.map((o) => o.status)).toEqual(['error', 'error'])
    for (const o of outcomes) expect(o.error).toMatch(/refused to fetch a redirect to http:\/\/(169\.254\.169\.254|127\.0\.0\.1:9229)\/ is not a public address/)
    const state = await listSources(true)
    expect(state.every((s) => s.failures === 1)).toBe(true)
    // The public list names the kind of failure only, never the internal address.
    const pub = await listSources(false)
    expect(pub.map((s) => s.lastError)).toEqual(['refused: not a public address', 'refused: not a public address'])
    expect(JSON.stringify(pub)).not.toMatch(/169\.254|127\.0\.0\.1|9229/)
  })
})

describe('the public source list', () => {
  it('shows URLs without credentials or query strings and errors without details; the token shows all', async () => {
    const secret = `https://user:hunter2@upstream.example/private/feed?api_key=s3cret#frag`
    expect((await addSource('Secret', secret)).status).toBe(201)
    fetchMock.get(UP).intercept({ path: '/private/feed?api_key=s3cret' }).reply(503, 'backend db-internal-7:5432 refused')
    await pollDueSources(env.DB, new Date(Date.now() + 60_000))
    const [pub] = await listSources(false)
    expect(pub).toMatchObject({ url: 'https://upstream.example/private/feed', lastError: 'HTTP 503' })
    expect(JSON.stringify(pub)).not.toMatch(/hunter2|s3cret|api_key|db-internal/)
    expect(pub).not.toHaveProperty('etag')
    const [full] = await listSources(true)
    expect(full?.url).toContain('api_key=s3cret')
    expect(full?.lastError).toBe('HTTP 503')
  })
})

describe('a big feed', () => {
  it(`is ingested in batches of at most ${MAX_BATCH_ARTICLES}, with a cap per poll; the next poll takes the rest and skips what is stored`, async () => {
    expect((await addSource('Big', `${UP}/big`)).status).toBe(201)
    const feed = bigFeed(130)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/big' }).reply(200, feed, { headers: { 'content-type': 'application/rss+xml', etag: '"big1"' } })
    const now = new Date(Date.now() + 60_000)
    const [first] = await pollDueSources(env.DB, now, { maxItems: 110 })
    expect(first).toMatchObject({ status: 'ok', itemsSeen: 130, itemsNew: 110, deferred: 20 })
    // Each stored batch is one data version: none held more than the API's batch size.
    const { results } = await env.DB.prepare('SELECT articles FROM changes WHERE at = ?').bind(now.toISOString()).all<{ articles: number }>()
    expect(results.map((r) => r.articles)).toEqual([100, 10])

    // Items were left over, so the next poll fetches the whole feed again (no If-None-Match): the
    // 110 stored are skipped, the 20 left are taken.
    origin.intercept({ path: '/big', headers: (h) => !('if-none-match' in h) }).reply(200, feed, { headers: { 'content-type': 'application/rss+xml', etag: '"big1"' } })
    const [second] = await pollDueSources(env.DB, new Date(now.getTime() + POLL_INTERVAL_MS + 1000), { maxItems: 110 })
    expect(second).toMatchObject({ status: 'ok', itemsSeen: 130, itemsNew: 20 })
    expect(second).not.toHaveProperty('deferred')
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM articles WHERE url LIKE ?').bind(`${UP}/items/%`).first<{ n: number }>()
    expect(n?.n).toBe(130)
  })
})

describe('redirects and dates', () => {
  it('a 301 moves the stored source URL; a 302 does not', async () => {
    expect((await addSource('Moved', `${UP}/old-feed`)).status).toBe(201)
    expect((await addSource('Temp', `${UP}/temp-feed`)).status).toBe(201)
    const origin = fetchMock.get(UP)
    const feed = bigFeed(1)
    origin.intercept({ path: '/old-feed' }).reply(301, '', { headers: { location: '/new-feed' } })
    origin.intercept({ path: '/new-feed' }).reply(200, feed, { headers: { 'content-type': 'application/rss+xml' } })
    origin.intercept({ path: '/temp-feed' }).reply(302, '', { headers: { location: '/elsewhere' } })
    origin.intercept({ path: '/elsewhere' }).reply(200, feed, { headers: { 'content-type': 'application/rss+xml' } })
    const outcomes = await pollDueSources(env.DB, new Date(Date.now() + 60_000))
    expect(outcomes.find((o) => o.url.endsWith('/old-feed'))).toMatchObject({ status: 'ok', movedTo: `${UP}/new-feed` })
    expect((await listSources(true)).map((s) => s.url).sort()).toEqual([`${UP}/new-feed`, `${UP}/temp-feed`])
  })

  it('does not trust an item dated hours ahead: it is stored as first seen, not at its future date', async () => {
    expect((await addSource('Ahead', `${UP}/ahead`)).status).toBe(201)
    fetchMock.get(UP).intercept({ path: '/ahead' }).reply(200, bigFeed(1, { future: true }), { headers: { 'content-type': 'application/rss+xml' } })
    const now = new Date(Date.now() + 60_000)
    const [o] = await pollDueSources(env.DB, now)
    expect(o).toMatchObject({ status: 'ok', itemsNew: 1 })
    const row = await env.DB.prepare('SELECT published FROM articles WHERE url = ?').bind(`${UP}/items/0`).first<{ published: string | null }>()
    expect(row).not.toBeNull()
    expect(row?.published ?? null).toBeNull()
  })
})

describe('poll one source now', () => {
  it('needs the token, polls the source at once and answers the outcome; 404 for no such source', async () => {
    const res = await addSource('Now', `${UP}/now`)
    const { source } = await json<{ source: { id: number } }>(res)
    expect((await SELF.fetch(`${BASE}/api/sources/${source.id}/poll`, { method: 'POST' })).status).toBe(401)
    fetchMock.get(UP).intercept({ path: '/now' }).reply(200, bigFeed(2), { headers: { 'content-type': 'application/rss+xml' } })
    const polled = await SELF.fetch(`${BASE}/api/sources/${source.id}/poll`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(polled.status).toBe(200)
    const body = await json<{ outcome: { status: string; itemsNew: number }; source: { itemsNew: number; lastSuccessAt: string | null } }>(polled)
    expect(body.outcome).toMatchObject({ status: 'ok', itemsNew: 2 })
    expect(body.source.itemsNew).toBe(2)
    expect(body.source.lastSuccessAt).not.toBeNull()
    expect((await SELF.fetch(`${BASE}/api/sources/999/poll`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
  })
})
