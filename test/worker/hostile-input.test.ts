/**
 * Issue #19 through the real Worker and a real local D1: hostile input costs little and changes
 * nobody else's data. Each test here failed on the code before the fix (noted per test).
 */
import { SELF, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { serve } from '../../src/app'
import { BASE, TOKEN, article, counts, json, postArticles } from './helpers'

const PROBLEM = 'application/problem+json'
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext

/** Milliseconds a request takes (workerd's clock moves across the I/O of the fetch). */
async function timed(run: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const start = Date.now()
  const res = await run()
  await res.clone().arrayBuffer()
  return { res, ms: Date.now() - start }
}

describe('bounded work per article (issue #19, 1)', () => {
  it('answers an article whose html is 199,000 "<" quickly (was 54 s)', { timeout: 60_000 }, async () => {
    const { res, ms } = await timed(() => postArticles(article({ text: undefined, html: '<'.repeat(199_000) })))
    expect(res.status).toBeLessThan(500)
    expect(ms).toBeLessThan(10_000)
    // Reads are served as before.
    expect((await SELF.fetch(`${BASE}/feed.json`)).status).toBe(200)
  })

  it('answers 200 KB of unclosed nested tags and of "&" quickly', { timeout: 60_000 }, async () => {
    for (const html of ['<div><b>'.repeat(24_000) + '</i>'.repeat(1_000), '&'.repeat(199_000), '<!--'.repeat(49_000)]) {
      const { res, ms } = await timed(() => postArticles(article({ text: undefined, html })))
      expect(res.status).toBeLessThan(500)
      expect(ms).toBeLessThan(10_000)
    }
  })

  it('refuses a text/plain article over 200 KB with 413 problem+json, storing nothing (was stored after 30 s)', { timeout: 60_000 }, async () => {
    await SELF.fetch(`${BASE}/health`) // the seed corpus is folded in on the first request
    const before = await counts()
    const body = 'Headline of a hostile article\n' + 'word\n'.repeat(70_000)
    const { res, ms } = await timed(() => postArticles(body, { type: 'text/plain', raw: true, query: '?outlet=X&url=https://example.org/big' }))
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain(PROBLEM)
    expect(ms).toBeLessThan(10_000)
    expect(await counts()).toEqual(before)
  })

  it('cleans a text/plain article of many short lines just under the limit quickly', { timeout: 60_000 }, async () => {
    const body = 'Headline of a long article\n' + 'and more words\n'.repeat(13_000)
    const { res, ms } = await timed(() => postArticles(body, { type: 'text/plain', raw: true, query: '?outlet=X&url=https://example.org/lines' }))
    expect(res.status).toBe(201)
    expect(ms).toBeLessThan(10_000)
  })
})

describe('ownership (issue #19, 3)', () => {
  it('never lets another outlet rewrite an article through its URL: the item is that outlet\'s own new report', async () => {
    const a = article({ url: 'https://outlet-a.example/news/quake', outlet: 'Outlet A' })
    const first = await json(await postArticles(a))
    const [mine] = first.results
    const forged = {
      url: 'https://outlet-a.example/news/quake?utm_source=x',
      outlet: 'Forger B',
      title: 'Outlet A retracts its earthquake report',
      published: '2024-03-02T12:00:00Z',
      text: 'This report was fabricated and has been withdrawn by the editors of Outlet A, who apologise for the error in every detail.',
    }
    const res = await postArticles(forged)
    expect(res.status).toBe(201)
    const [theirs] = (await json(res)).results
    expect(theirs.status).not.toBe('updated')
    expect(theirs.articleId).not.toBe(mine.articleId)

    const stored = (await json(await SELF.fetch(`${BASE}/api/articles/${mine.articleId}`))).article
    expect(stored.title).toBe(a.title)
    expect(stored.outlet).toBe('Outlet A')
    expect(stored.text).toContain('Antofagasta')
    expect(stored.revisedAt).toBeNull()

    const dev = (await json(await SELF.fetch(`${BASE}/api/developments/${mine.developmentId}`))).development
    expect(dev.title).toBe(a.title)
    for (const o of dev.outlets) expect(o.outlet, 'the forger is never shown as covering A\'s development through A\'s article').not.toBe('Forger B')
    expect(dev.outlets.find((o: { articleId: string }) => o.articleId === mine.articleId)?.outlet).toBe('Outlet A')

    // The same forged item again is known (stored once), and A's own correction still applies.
    expect((await json(await postArticles(forged))).results[0]).toMatchObject({ status: 'known', articleId: theirs.articleId })
    const corrected = await json(await postArticles({ ...a, text: `${a.text} Officials later raised the magnitude to 7.3.` }))
    expect(corrected.results[0]).toMatchObject({ status: 'updated', articleId: mine.articleId })
  })
})

/** Three outlets' reports of one development, and three of another, unrelated. */
const QUAKE = [
  ['Wire One', 'Magnitude 7.1 earthquake strikes off northern Chile near Antofagasta', 'A magnitude 7.1 earthquake struck off the coast of northern Chile near Antofagasta on Saturday, the US Geological Survey said. The quake hit at a depth of 35 kilometres. Chile\'s disaster agency Senapred said there were no immediate reports of damage and no tsunami warning was issued.'],
  ['Daily Two', 'Strong 7.1 quake shakes northern Chile, no tsunami warning', 'A strong magnitude 7.1 earthquake shook northern Chile on Saturday off the coast near Antofagasta, according to the US Geological Survey. Senapred, Chile\'s disaster agency, reported no immediate damage and said no tsunami warning was issued. The quake struck at a depth of 35 kilometres.'],
  ['Herald Three', 'Chile: 7.1 earthquake off Antofagasta, Senapred reports no damage', 'An earthquake of magnitude 7.1 struck off Antofagasta in northern Chile on Saturday, the US Geological Survey said, at a depth of 35 kilometres. The disaster agency Senapred said there were no immediate reports of damage or casualties, and no tsunami warning was issued for the coast.'],
] as const
const RATES = [
  ['Wire One', 'Bank of Norway raises interest rate to 4.5 percent', 'Norges Bank raised its policy interest rate by a quarter point to 4.5 percent on Thursday, the central bank in Oslo said, citing persistent inflation and a weak krone. Governor Ida Wolden Bache said the rate would likely be raised again in December.'],
  ['Daily Two', 'Norges Bank lifts policy rate to 4.5%, signals December hike', 'Norway\'s central bank Norges Bank lifted its policy interest rate by 25 basis points to 4.5 percent on Thursday in Oslo, pointing to persistent inflation and a weak krone. Governor Ida Wolden Bache signalled another rate rise in December.'],
  ['Herald Three', 'Norway central bank hikes rate to 4.5 percent on inflation', 'Norges Bank, Norway\'s central bank, hiked its policy interest rate to 4.5 percent on Thursday, a quarter point rise, as inflation stayed persistent and the krone weak. Governor Ida Wolden Bache said in Oslo the rate would likely rise again in December.'],
] as const

describe('one crafted article never merges two developments (issue #19, 5)', () => {
  it('keeps both developments, their ids, no alias and both entries in the feed', async () => {
    const ingestGroup = async (group: typeof QUAKE | typeof RATES, slug: string, day: string) => {
      const res = await postArticles(
        group.map(([outlet, title, text], i) => ({ url: `https://news-${i}.example/${slug}`, outlet, title, text, published: `${day}T1${i}:00:00Z` })),
      )
      expect(res.status).toBe(201)
      const ids = new Set((await json(res)).results.map((r: { developmentId: string }) => r.developmentId))
      expect(ids.size, `${slug}: its three reports fold into one development`).toBe(1)
      return [...ids][0] as string
    }
    const quake = await ingestGroup(QUAKE, 'quake', '2024-03-02')
    const rates = await ingestGroup(RATES, 'rates', '2024-03-02')
    expect(quake).not.toBe(rates)

    const crafted = {
      url: 'https://crafted.example/both',
      outlet: 'Crafted',
      title: `${QUAKE[0][1]}; ${RATES[0][1]}`,
      published: '2024-03-02T15:00:00Z',
      text: `${QUAKE[0][2]}\n\n${RATES[0][2]}\n\n${QUAKE[1][2]}\n\n${RATES[1][2]}`,
    }
    expect((await postArticles(crafted)).status).toBe(201)

    for (const id of [quake, rates]) {
      const res = await SELF.fetch(`${BASE}/api/developments/${id}`)
      expect(res.status).toBe(200)
      expect((await json(res)).development.id, 'the development keeps its id').toBe(id)
      const page = await SELF.fetch(`${BASE}/developments/${id}`, { redirect: 'manual' })
      expect(page.status, 'no redirect to another development').toBe(200)
    }
    const aliases = await env.DB.prepare('SELECT COUNT(*) AS n FROM aliases').first<{ n: number }>()
    expect(aliases?.n).toBe(0)
    const feed = await json(await SELF.fetch(`${BASE}/feed.json?limit=200`))
    const ids = feed.items.map((i: { id: string }) => i.id).join('\n')
    expect(ids).toContain(quake)
    expect(ids).toContain(rates)
  })
})

describe('smaller failures (issue #19, 7)', () => {
  it('limits a streamed upload without Content-Length while reading: 413 problem+json, the rest never read', { timeout: 60_000 }, async () => {
    let pulled = 0
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless unless the reader stops; a hard stop at 64 MB keeps a broken build from hanging.
        if (pulled >= 64 * 1024 * 1024) return controller.close()
        pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    // Straight into the Worker's fetch handler: through SELF the abandoned upload's pipe rejects
    // unobserved ("Network connection lost") after the answer, as a cut connection would.
    const req = new Request(`${BASE}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    })
    expect(req.headers.get('content-length')).toBeNull()
    const res = await serve(req, env, ctx)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain(PROBLEM)
    expect(pulled).toBeLessThan(8 * 1024 * 1024)
  })

  it('answers 503 problem+json with Retry-After when the database is busy, not a bare 500', async () => {
    const busy = new Error('D1_ERROR: database is locked: SQLITE_BUSY')
    const db = new Proxy(env.DB, {
      get: (target, key) => (key === 'prepare' || key === 'batch' || key === 'exec' ? () => { throw busy } : Reflect.get(target, key)),
    })
    for (const req of [
      new Request(`${BASE}/api/developments`),
      new Request(`${BASE}/feed.xml`, { headers: { 'if-none-match': '"x"' } }),
      new Request(`${BASE}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(article()) }),
    ]) {
      const res = await serve(req, { ...env, DB: db }, ctx)
      expect(res.status, req.url).toBe(503)
      expect(res.headers.get('content-type')).toContain(PROBLEM)
      expect(res.headers.get('retry-after')).toBe('1')
    }
  })

  it('refuses a text/plain article whose url is javascript: (or any non-http(s) URL) with 400, storing nothing', async () => {
    await SELF.fetch(`${BASE}/health`) // the seed corpus is folded in on the first request
    const before = await counts()
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org/a', 'file:///etc/passwd']) {
      const res = await postArticles('A headline\n\nSome body text of the article.', { type: 'text/plain', raw: true, query: `?outlet=X&url=${encodeURIComponent(url)}` })
      expect(res.status, url).toBe(400)
      expect(res.headers.get('content-type')).toContain(PROBLEM)
      expect((await json(res)).errors[0].field).toBe('url')
    }
    expect(await counts()).toEqual(before)
  })

  it('never turns years 0000–0099 into 1900–1999: an implausible year is refused with 400 naming published', async () => {
    for (const published of ['0023-08-16T07:20:00Z', '0099-12-31', 'Wed, 16 Aug 0023 07:20:00 GMT']) {
      const res = await postArticles(article({ published }))
      expect(res.status, published).toBe(400)
      const body = await json(res)
      expect(body.errors[0].field).toBe('published')
      expect(body.detail).toMatch(/before 1900/)
    }
    const res = await postArticles('A headline\n\nPublished: 0023-08-16 07:20\n\nSome body text of the article.', {
      type: 'text/plain',
      raw: true,
      query: '?outlet=X&url=https://example.org/old',
    })
    expect(res.status).toBe(400)
    expect((await json(res)).errors[0].field).toBe('published')
  })

  it('limits lang to a BCP 47 tag of at most 35 characters', async () => {
    const res = await postArticles(article({ lang: 'en-' + 'abcdefgh-'.repeat(20) + 'x1' }))
    expect(res.status).toBe(400)
    expect((await json(res)).errors[0].field).toBe('lang')
    expect((await postArticles(article({ lang: 'pt-BR' }))).status).toBe(201)
  })

  it('answers a wrong method with 405 and Allow, not 404', async () => {
    const cases: [string, string, string[]][] = [
      ['DELETE', '/feed.xml', ['GET', 'HEAD']],
      ['PUT', '/api/articles', ['POST']],
      ['POST', '/api/developments/d_x', ['GET']],
      ['PATCH', '/stories/s_1/atom.xml', ['GET']],
    ]
    for (const [method, path, allowed] of cases) {
      const res = await SELF.fetch(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(res.headers.get('content-type')).toContain(PROBLEM)
      const allow = (res.headers.get('allow') ?? '').split(/,\s*/)
      for (const m of allowed) expect(allow, `${method} ${path}`).toContain(m)
      expect(allow).not.toContain(method)
    }
    expect((await SELF.fetch(`${BASE}/no-such-thing`, { method: 'DELETE' })).status).toBe(404)
  })

  it('strips a password in an article URL before storing or publishing it', async () => {
    const res = await postArticles(article({ url: 'https://bob:hunter2@example.org/news/quake-chile-2024?id=7' }))
    expect(res.status).toBe(201)
    const [r] = (await json(res)).results
    const stored = (await json(await SELF.fetch(`${BASE}/api/articles/${r.articleId}`))).article
    expect(stored.url).toBe('https://example.org/news/quake-chile-2024?id=7')
    for (const path of ['/feed.json', '/feed.xml', '/atom.xml', `/developments/${r.developmentId}`, `/api/developments/${r.developmentId}`]) {
      const body = await (await SELF.fetch(`${BASE}${path}`)).text()
      expect(body, path).not.toContain('hunter2')
    }
    const plain = await postArticles('Another headline entirely\n\nSome body text of a different article.', {
      type: 'text/plain',
      raw: true,
      query: `?outlet=X&url=${encodeURIComponent('https://alice:s3cret@example.org/b')}`,
    })
    expect(plain.status).toBe(201)
    const id = (await json(plain)).results[0].articleId
    expect((await json(await SELF.fetch(`${BASE}/api/articles/${id}`))).article.url).toBe('https://example.org/b')
  })
})
