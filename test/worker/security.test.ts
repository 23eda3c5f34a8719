/**
 * Nobody in: the token is compared in constant time, every response carries the security headers,
 * no failing request echoes a secret, and CORS lets any origin read but no origin write.
 */
import { SELF, env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tokensMatch } from '../../src/http/auth'
import { BASE, TOKEN, article, counts, postArticles } from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('tokensMatch', () => {
  it('accepts only the exact token, whatever the lengths', async () => {
    expect(await tokensMatch(TOKEN, TOKEN)).toBe(true)
    expect(await tokensMatch('', '')).toBe(true)
    // Same length, differing in the first, a middle, or the last character.
    for (const given of ['X' + TOKEN.slice(1), TOKEN.slice(0, 10) + 'X' + TOKEN.slice(11), TOKEN.slice(0, -1) + 'X']) {
      expect(given).toHaveLength(TOKEN.length)
      expect(await tokensMatch(given, TOKEN)).toBe(false)
    }
    // A prefix, an extension, empty, and a much longer token.
    for (const given of [TOKEN.slice(0, -1), `${TOKEN}0`, '', TOKEN.repeat(100), `${TOKEN}\u0000`]) {
      expect(await tokensMatch(given, TOKEN)).toBe(false)
      expect(await tokensMatch(TOKEN, given)).toBe(false)
    }
  })

  it('compares fixed-length digests with timingSafeEqual, so the length of the guess does not matter', async () => {
    // Constant time by construction: whatever the two inputs, timingSafeEqual sees two 32-byte
    // digests, never the raw strings (whose lengths or first difference would leak).
    const spy = vi.spyOn(crypto.subtle, 'timingSafeEqual')
    for (const given of ['', 'x', TOKEN, TOKEN.repeat(50)]) await tokensMatch(given, TOKEN)
    expect(spy).toHaveBeenCalledTimes(4)
    for (const [a, b] of spy.mock.calls) {
      expect((a as ArrayBuffer).byteLength).toBe(32)
      expect((b as ArrayBuffer).byteLength).toBe(32)
    }
  })
})

describe('security headers on every response', () => {
  const requests: [string, () => Promise<Response>][] = [
    ['the home page', () => SELF.fetch(`${BASE}/`)],
    ['an RSS feed', () => SELF.fetch(`${BASE}/feed.xml`)],
    ['a JSON Feed', () => SELF.fetch(`${BASE}/feed.json`)],
    ['the JSON API', () => SELF.fetch(`${BASE}/api/developments`)],
    ['a 404', () => SELF.fetch(`${BASE}/no/such/page`)],
    ['a 400', () => SELF.fetch(`${BASE}/feed.xml?limit=abc`)],
    ['a 401', () => postArticles(article(), { token: 'wrong' })],
    ['a 201', () => postArticles(article())],
  ]
  for (const [name, send] of requests) {
    it(`on ${name}`, async () => {
      const res = await send()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/)
      expect(res.headers.get('referrer-policy')).toBeTruthy()
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toMatch(/frame-ancestors 'none'/)
      expect(csp).toMatch(/default-src 'none'/)
      expect(csp).not.toMatch(/script-src/) // no script may run on our pages at all
    })
  }

  it('on a 304', async () => {
    const first = await SELF.fetch(`${BASE}/`)
    const res = await SELF.fetch(`${BASE}/`, { headers: { 'if-none-match': first.headers.get('etag') as string } })
    expect(res.status).toBe(304)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
  })
})

describe('no secret leaks', () => {
  it('never puts the token, or the guess, in a refusal or in the log', async () => {
    const logged: string[] = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '))
      })
    }
    const guess = `${TOKEN.slice(0, -2)}zz`
    const bodies: string[] = []
    for (const res of [
      await postArticles(article(), { token: guess }),
      await postArticles(article(), { token: null }),
      await postArticles({ title: 42 }),
      await postArticles('{"broken', { raw: true }),
      await postArticles(article(), { type: 'application/xml' }),
      await SELF.fetch(`${BASE}/api/sources`, { method: 'POST', headers: { authorization: `Bearer ${guess}` }, body: '{}' }),
      await SELF.fetch(`${BASE}/api/sources`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{bad' }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      bodies.push(`${[...res.headers].join('\n')}\n${await res.text()}`)
    }
    for (const text of [...bodies, ...logged]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(guess)
      expect(text).not.toContain(env.INGEST_TOKEN)
    }
  })

  it('answers an internal error with a generic 500 that carries no secret and no stack', async () => {
    const logged: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
    await SELF.fetch(`${BASE}/health`)
    // Break the database under the request: a feed read then fails inside D1.
    await env.DB.exec('ALTER TABLE developments RENAME TO developments_gone')
    try {
      const res = await SELF.fetch(`${BASE}/api/developments`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.status).toBe(500)
      const body = await res.text()
      expect(body).not.toContain(TOKEN)
      expect(body).not.toMatch(/developments_gone|at .*\.ts|SQLITE/i)
      for (const line of logged) expect(line).not.toContain(TOKEN)
    } finally {
      await env.DB.exec('ALTER TABLE developments_gone RENAME TO developments')
    }
  })
})

describe('CORS: open for reads, closed for writes', () => {
  it('lets any origin read feeds and the API', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/api/developments']) {
      const res = await SELF.fetch(`${BASE}${path}`, { headers: { origin: 'https://elsewhere.example' } })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*')
    }
  })

  it('does not allow a cross-origin POST of articles in a preflight, nor on the response', async () => {
    await SELF.fetch(`${BASE}/health`)
    const preflight = await SELF.fetch(`${BASE}/api/articles`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(preflight.status).toBeLessThan(500)
    // A browser sends the POST only if the preflight grants the origin and the headers it asked for.
    const granted =
      preflight.headers.get('access-control-allow-origin') !== null &&
      /authorization/i.test(preflight.headers.get('access-control-allow-headers') ?? '')
    expect(granted).toBe(false)
    expect(preflight.headers.get('access-control-allow-methods') ?? '').not.toMatch(/POST/)

    const before = await counts()
    const post = await SELF.fetch(`${BASE}/api/articles`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(article({ url: 'https://example.org/cors-probe' })),
    })
    expect(post.headers.get('access-control-allow-origin')).toBeNull()
    expect((await counts()).articles).toBe(before.articles + (post.status === 201 ? 1 : 0))
  })

  it('still answers a preflight for a read', async () => {
    const res = await SELF.fetch(`${BASE}/feed.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toMatch(/GET/)
  })
})
