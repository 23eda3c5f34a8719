// Readers poll unchanged feeds all day: once the app has answered a feed's poll with 304 at the
// current data version, the same poll is answered before routing (src/http/not-modified.ts),
// with exactly the headers the app gave, and only while nothing changed.
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { serve } from '../../src/app'
import { answerPoll } from '../../src/http/not-modified'
import { readVersion } from '../../src/store/changes'
import { BASE, article, postArticles } from './helpers'

const poll = (path: string, etag: string, method = 'GET') => new Request(`${BASE}${path}`, { method, headers: { 'if-none-match': etag } })
const quick = async (req: Request) => answerPoll(req, new URL(req.url), await readVersion(env.DB, 0))
const headersOf = (res: Response) => [...res.headers].filter(([k]) => k !== 'date')

describe('a poll of an unchanged feed', () => {
  it('is answered before routing once the app has answered it 304, with exactly the headers the app gave', async () => {
    const first = await SELF.fetch(`${BASE}/atom.xml`)
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    const story = (await env.DB.prepare('SELECT story_id FROM developments LIMIT 1').first<{ story_id: string }>())!.story_id

    const viaApp = await SELF.fetch(poll('/atom.xml', etag))
    expect(viaApp.status).toBe(304)
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', `/stories/${story}/feed.xml`]) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await quick(poll(path, etag, method))
        expect(answer?.status, `${method} ${path}`).toBe(304)
        expect(headersOf(answer!)).toEqual(headersOf(viaApp))
        expect(await answer!.text()).toBe('')
      }
    }
    // Through the Worker too: the same 304.
    const again = await SELF.fetch(poll('/feed.xml', etag))
    expect(again.status).toBe(304)
    expect(headersOf(again)).toEqual(headersOf(viaApp))
  })

  it('goes to the app for anything else: a query, another path, other validators, a changed feed', async () => {
    const first = await SELF.fetch(`${BASE}/feed.xml`)
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    expect((await SELF.fetch(poll('/feed.xml', etag))).status).toBe(304)

    expect(await quick(poll('/feed.xml?limit=5', etag))).toBeNull() // a query is the app's to validate
    expect(await quick(poll('/feed.xml?limit=nonsense', etag))).toBeNull()
    expect((await SELF.fetch(poll('/feed.xml?limit=nonsense', etag))).status).toBe(400)
    expect(await quick(poll('/', etag))).toBeNull()
    expect(await quick(poll('/api/developments', etag))).toBeNull()
    expect(await quick(poll('/feed.xml', '"sf0-1"'))).toBeNull()
    expect(await quick(new Request(`${BASE}/feed.xml`))).toBeNull()
    expect(await quick(new Request(`${BASE}/feed.xml`, { method: 'POST', headers: { 'if-none-match': etag } }))).toBeNull()

    // New data: the old ETag no longer matches, and the reader gets the new feed.
    expect((await postArticles(article())).status).toBe(201)
    expect(await quick(poll('/feed.xml', etag))).toBeNull()
    const fresh = await SELF.fetch(poll('/feed.xml', etag))
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('etag')).not.toBe(etag)
    expect(await fresh.text()).toContain('earthquake')
  })

  it('when D1 fails, gets the problem answer of the app, not a bare runtime error', async () => {
    const first = await SELF.fetch(`${BASE}/feed.xml`)
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    expect((await SELF.fetch(poll('/feed.xml', etag))).status).toBe(304)
    const broken = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'prepare') return () => { throw new Error('D1_ERROR: Network connection lost.') }
        const v = Reflect.get(target, prop) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    const ctx = createExecutionContext()
    const res = await serve(poll('/feed.xml', etag), { ...env, DB: broken, VERSION_CACHE_MS: '0' }, ctx)
    await waitOnExecutionContext(ctx)
    // A lost connection is worth retrying (issue #19): 503 with Retry-After.
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await res.json<{ title: string }>()).title).toBe('Temporarily unavailable')
  })
})
