/**
 * Hostile input, property-based, through the real Worker and a real local D1: random and
 * adversarial article text goes parse → cluster → store → feeds and pages. Every feed stays
 * well-formed XML or valid JSON, no markup from an article reaches a page or an entry's HTML
 * unescaped, and nothing answers 5xx. Random malformed requests to every endpoint get 4xx.
 */
import { SELF } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LONE_SURROGATE, assertWellFormedXml, entryHtml, hostile, liveMarkup } from '../hostile-text'
import { BASE, TOKEN, article, counts, json, postArticles } from './helpers'
import { isPagePath } from '../../src/http/site-files'

const SEED = 20260723

/** A made-up word for a number: zqa, zqb, … */
function letters(n: number): string {
  let out = ''
  for (let k = n; k > 0; k = Math.floor(k / 26)) out = String.fromCharCode(97 + (k % 26)) + out
  return `zq${out}`
}

async function checkFeed(format: 'rss' | 'atom' | 'json', path: string, mustList: string[]): Promise<void> {
  const res = await SELF.fetch(`${BASE}${path}`)
  expect(res.status, path).toBe(200)
  const body = await res.text()
  if (format === 'json') expect(() => JSON.parse(body), path).not.toThrow()
  else assertWellFormedXml(body, path)
  for (const id of mustList) expect(body, `${path} lists ${id}`).toContain(id)
  for (const html of entryHtml(format, body)) expect(liveMarkup(html, 0), `${path} entry HTML`).toEqual([])
}

async function checkPage(path: string, mustList: string[]): Promise<void> {
  const res = await SELF.fetch(`${BASE}${path}`)
  expect(res.status, path).toBe(200)
  const page = await res.text()
  expect(liveMarkup(page, 1), path).toEqual([])
  for (const id of mustList) expect(page, `${path} lists ${id}`).toContain(id)
}

/** Every representation one hostile development shows up in, each kept small: its story's feeds and pages, and the API. */
async function checkDevelopment(developmentId: string, storyId: string, articleId: string): Promise<void> {
  await checkFeed('rss', `/stories/${storyId}/feed.xml`, [developmentId])
  await checkFeed('atom', `/stories/${storyId}/atom.xml`, [developmentId])
  await checkFeed('json', `/stories/${storyId}/feed.json`, [developmentId])
  await checkPage(`/developments/${developmentId}`, [developmentId])
  await checkPage(`/stories/${storyId}`, [developmentId])
  for (const path of [`/api/developments/${developmentId}`, `/api/articles/${articleId}`, `/api/stories/${storyId}`]) {
    const res = await SELF.fetch(`${BASE}${path}`)
    const text = await res.text()
    expect(res.status, path).toBe(200)
    expect(() => JSON.parse(text), path).not.toThrow()
  }
}

/** The main feeds and the home page, with every development so far on one page. */
async function checkMainFeeds(developmentIds: string[]): Promise<void> {
  await checkFeed('rss', '/feed.xml?limit=200', developmentIds)
  await checkFeed('atom', '/atom.xml?limit=200', developmentIds)
  await checkFeed('json', '/feed.json?limit=200', developmentIds)
  await checkPage('/?limit=200', developmentIds)
}

interface Ingested {
  results: { articleId: string; developmentId: string; storyId: string; status: string }[]
}

describe('hostile article text, end to end', () => {
  it('keeps every feed well-formed and every page free of live markup', async () => {
    await SELF.fetch(`${BASE}/health`)
    let n = 0
    let accepted = 0
    const developments = new Set<string>()
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, fc.option(hostile, { nil: undefined }), fc.boolean(), async (title, text, outlet, byline, asHtml) => {
        n += 1
        // Words of its own, so each hostile article opens its own small development instead of all
        // folding into one that grows with every run.
        const own = [0, 1, 2, 3].map((k) => letters(n * 4 + k + 1000)).join(' ')
        const body = `Officials of ${own} said on Tuesday that talks about ${own} would resume. ${text}\n\n${text} More about ${own} was to come.`
        const res = await postArticles(
          article({
            url: `https://hostile.example/${n}/${encodeURIComponent(title.slice(0, 40).replace(LONE_SURROGATE, ''))}`,
            title: `${title} ${letters(n * 4 + 1000)}`,
            outlet: outlet.trim() ? outlet.slice(0, 200) : 'Hostile Times',
            byline,
            text: asHtml ? undefined : body,
            html: asHtml ? `<p>${body}</p><script>alert(${n})</script>` : undefined,
            published: `2024-03-0${1 + (n % 9)}T10:00:00Z`,
          }),
        )
        expect(res.status, await res.clone().text()).toBeLessThan(500)
        if (res.status !== 201) {
          expect(res.status).toBeGreaterThanOrEqual(400)
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
          return
        }
        const r = (await json<Ingested>(res)).results[0]
        if (!r) throw new Error('no result')
        accepted += 1
        developments.add(r.developmentId)
        await checkDevelopment(r.developmentId, r.storyId, r.articleId)
        if (n % 10 === 0) await checkMainFeeds([])
      }),
      { numRuns: 30, seed: SEED, endOnFailure: true },
    )
    // The property proved something only if hostile articles were actually stored and served.
    expect(accepted).toBeGreaterThan(20)
    // A development may since have folded into another: it answers under the surviving id.
    const current = new Set<string>()
    for (const id of developments) current.add((await json<{ development: { id: string } }>(await SELF.fetch(`${BASE}/api/developments/${id}`))).development.id)
    await checkMainFeeds([...current])
  }, 120_000)

  it('folds and serves a 190 KB article of one word, and refuses 1 MB of it with a 4xx', async () => {
    const word = 'Buffalo'
    const big = await postArticles(article({ url: 'https://hostile.example/one-word', title: `${word} ${word}`, text: `${word} `.repeat(190_000 / 8) }))
    expect(big.status).toBe(201)
    const r = (await json<Ingested>(big)).results[0]
    if (!r) throw new Error('no result')
    await checkDevelopment(r.developmentId, r.storyId, r.articleId)
    await checkMainFeeds([r.developmentId])

    const before = await counts()
    for (const field of ['text', 'html', 'title']) {
      const res = await postArticles(article({ url: 'https://hostile.example/one-mb', [field]: word.repeat(1_000_000 / word.length) }))
      expect(res.status, field).toBeGreaterThanOrEqual(400)
      expect(res.status, field).toBeLessThan(500)
    }
    const raw = await postArticles(`${word}\n\n${`${word} `.repeat(1_000_000 / 8)}`, {
      raw: true,
      type: 'text/plain',
      query: '?outlet=X&url=https://hostile.example/raw-mb&published=2024-03-02T12:00:00Z',
    })
    expect(raw.status).toBeLessThan(500)
    if (raw.status === 201) {
      const stored = (await json<Ingested>(raw)).results[0]
      if (!stored) throw new Error('no result')
      await checkDevelopment(stored.developmentId, stored.storyId, stored.articleId)
    } else {
      expect(await counts()).toEqual(before)
    }
  })

  it('stores nothing from a text/plain body that is not UTF-8 and answers 400', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    const res = await SELF.fetch(`${BASE}/api/articles?outlet=X&url=https://hostile.example/latin1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      body: new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0x0a, 0x0a, 0xc3, 0x28, 0x61]),
    })
    expect(res.status).toBe(400)
    expect(await counts()).toEqual(before)
  })
})

const ENDPOINTS = [
  '/', '/feed.xml', '/atom.xml', '/feed.json', '/health',
  '/api/articles', '/api/developments', '/api/sources', '/api/sources/1', '/api/sources/0', '/api/sources/-1', '/api/sources/abc',
  '/api/developments/d_x', '/api/articles/a_x', '/api/stories/s_x',
  '/developments/d_x', '/stories/s_x', '/stories/s_x/feed.xml', '/stories/s_x/atom.xml', '/stories/s_x/feed.json',
]
const garbageSegment = fc.oneof(
  fc.constantFrom('%', '%00', '%ff', '%E2%80%AE', '..', '%2e%2e', '%2F', 'a%zz', '\u00e9', '😀', '<script>', "'", '"'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
)
const path = fc.oneof(
  fc.constantFrom(...ENDPOINTS),
  fc.tuple(fc.constantFrom(...ENDPOINTS), garbageSegment).map(([p, g]) => `${p.replace(/\/$/, '')}/${g}`),
  fc.tuple(fc.constantFrom('/api/developments/', '/api/articles/', '/api/stories/', '/developments/', '/stories/'), garbageSegment).map(([p, g]) => p + g),
)
const queryValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '1e309', 'NaN', '9999999999999999999', '1.5', 'abc', '2023-13-45', '%', '%00', 'x'.repeat(300), '[]', '{}'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
)
const query = fc
  .array(fc.tuple(fc.constantFrom('limit', 'min_outlets', 'outlet', 'q', 'since', 'story', 'cursor', 'bogus', ''), queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''))
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom('{"url":', '[', '[{}]', '{"articles":[null]}', '{"articles":{}}', 'null', '[' + '['.repeat(5000), '"' + 'a'.repeat(10) + '"'),
  fc.array(fc.record({ url: fc.string(), title: fc.anything(), text: fc.anything(), published: fc.string() }, { requiredKeys: [] }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
)
const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'text/html', '', 'multipart/form-data; boundary=x', ';;;'),
    authorization: fc.constantFrom(`Bearer ${TOKEN}`, 'Bearer', 'Bearer ', 'Bearer wrong', `bearer ${TOKEN}`, `Bearer ${TOKEN} extra`, 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(5000)}`),
    'if-none-match': fc.constantFrom('*', '"sf1-0"', 'W/"x"', ',,,', '"', 'garbage'),
    'if-modified-since': fc.constantFrom('yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', '', '99999999999999999999'),
    accept: fc.constantFrom('*/*', 'application/xml', '', ';q=', 'text/html;q=abc'),
    origin: fc.constantFrom('https://evil.example', 'null', ''),
    'access-control-request-method': fc.constantFrom('POST', 'DELETE', 'GET', 'BREW'),
  },
  { requiredKeys: [] },
)

describe('malformed requests to every endpoint', () => {
  it('get a 4xx (or a success), never a 5xx', async () => {
    await SELF.fetch(`${BASE}/health`)
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), path, query, headers, body, async (method, p, q, h, b) => {
        const init: RequestInit = { method, headers: h }
        if (b !== undefined && method !== 'GET' && method !== 'HEAD') init.body = b
        const res = await SELF.fetch(`${BASE}${p}${q}`, init)
        const text = await res.text()
        expect(res.status, `${method} ${p}${q} → ${text.slice(0, 300)}`).toBeLessThan(500)
        if (res.status >= 400) {
          refused += 1
          // A reader's GET of a page gets an HTML page; programs (API, feeds, other methods) problem+json.
          if (method === 'GET' && isPagePath(new URL(`${BASE}${p}`).pathname)) {
            expect(res.headers.get('content-type'), `${method} ${p}${q}`).toMatch(/^text\/html/)
            expect(text, `${method} ${p}${q}: an HTML error page`).toMatch(/^<!DOCTYPE html>[\s\S]*<h1>/)
          } else if (method !== 'HEAD') expect(() => JSON.parse(text), `${method} ${p}${q}: problem+json`).not.toThrow()
        }
      }),
      { numRuns: 50, seed: SEED, endOnFailure: true },
    )
    expect(refused).toBeGreaterThan(25)
  }, 120_000)
})
