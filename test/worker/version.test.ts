// The data version (ETag, Last-Modified) is read from D1 on every request: nothing is remembered
// in the isolate, so a write from anywhere is seen by the next poll, and a D1 failure is answered.
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { serve } from '../../src/app'
import { BASE } from './helpers'

const poll = (path: string, etag: string) => new Request(`${BASE}${path}`, { headers: { 'if-none-match': etag } })

describe('the data version', () => {
  it('is read on every request: a write from another isolate (straight SQL) changes the next answer to a poll', async () => {
    const first = await SELF.fetch(`${BASE}/feed.xml`)
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    expect((await SELF.fetch(poll('/feed.xml', etag))).status).toBe(304)
    const { version } = (await env.DB.prepare('SELECT MAX(version) AS version FROM changes').first<{ version: number }>())!
    await env.DB.prepare('INSERT INTO changes (version, at, articles) VALUES (?, ?, 0)').bind(version + 1, new Date().toISOString()).run()
    const next = await SELF.fetch(poll('/feed.xml', etag))
    expect(next.status).toBe(200)
    expect(next.headers.get('etag')).not.toBe(etag)
    await next.arrayBuffer()
  })

  it('when D1 fails, a poll gets the problem answer of the app, not a bare runtime error', async () => {
    const first = await SELF.fetch(`${BASE}/feed.xml`)
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    const broken = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'prepare') return () => { throw new Error('D1_ERROR: Network connection lost.') }
        const v = Reflect.get(target, prop) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    const ctx = createExecutionContext()
    const res = await serve(poll('/feed.xml', etag), { ...env, DB: broken }, ctx)
    await waitOnExecutionContext(ctx)
    // A lost connection is worth retrying (issue #19): 503 with Retry-After.
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await res.json<{ title: string }>()).title).toBe('Temporarily unavailable')
  })
})
