import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { MAX_BATCH, MAX_BODY_BYTES } from '../../src/http/api'
import { BASE, article, counts, json, postArticles } from './helpers'

interface Problem {
  title: string
  status: number
  detail: string
  errors?: { field: string; reason: string }[]
}

/** Asserts a problem+json refusal that names `field`, and that nothing was stored. */
async function refused(res: Response, status: number, field?: string | RegExp): Promise<Problem> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const p = await json<Problem>(res)
  expect(p.status).toBe(status)
  expect(p.detail.length).toBeGreaterThan(0)
  if (field !== undefined) expect(p.errors?.map((e) => e.field).join(' ')).toMatch(field)
  return p
}

describe('POST /api/articles: who may write', () => {
  it('refuses writes without a token, with a wrong token, or with another scheme, storing nothing', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    await refused(await postArticles(article(), { token: null }), 401)
    await refused(await postArticles(article(), { token: 'wrong-token' }), 401)
    const basic = await SELF.fetch(`${BASE}/api/articles`, {
      method: 'POST',
      headers: { authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' },
      body: JSON.stringify(article()),
    })
    await refused(basic, 401)
    expect(basic.headers.get('www-authenticate')).toMatch(/Bearer/)
    expect(await counts()).toEqual(before)
  })

  it('accepts a write with the right token and says what happened', async () => {
    const res = await postArticles(article())
    expect(res.status).toBe(201)
    const body = await json<{ results: { status: string; developmentId: string; articleId: string }[] }>(res)
    expect(body.results).toHaveLength(1)
    expect(body.results[0]?.status).toBe('new-development')
    const dev = await SELF.fetch(`${BASE}/api/developments/${body.results[0]?.developmentId}`)
    expect(dev.status).toBe(200)
  })
})

describe('POST /api/articles: bad input is refused clearly and stores nothing', () => {
  const cases: [string, () => Promise<Response>, number, RegExp | undefined][] = [
    ['malformed JSON', () => postArticles('{"title": ', { raw: true }), 400, /body/],
    ['a title of the wrong type', () => postArticles(article({ title: 42 })), 400, /title/],
    ['a missing title', () => postArticles(article({ title: undefined })), 400, /title/],
    ['an empty title', () => postArticles(article({ title: '   ' })), 400, /title/],
    ['neither text nor html', () => postArticles(article({ text: undefined })), 400, /text/],
    ['a URL that is not http(s)', () => postArticles(article({ url: 'ftp://example.org/a' })), 400, /url/],
    ['a javascript: URL', () => postArticles(article({ url: 'javascript:alert(1)' })), 400, /url/],
    ['a date that does not parse', () => postArticles(article({ published: 'next Tuesday-ish' })), 400, /published/],
    ['a date far in the future', () => postArticles(article({ published: '2999-01-01T00:00:00Z' })), 400, /published/],
    ['text that is empty after cleaning', () => postArticles(article({ text: 'Most Popular\n\n- Advertisement -' })), 400, /text/],
    ['a body over the size limit', () => postArticles(article({ text: 'word '.repeat(MAX_BODY_BYTES / 5 + 10) })), 413, undefined],
    ['a batch over the count limit', () => postArticles(Array.from({ length: MAX_BATCH + 1 }, (_, i) => article({ url: `https://example.org/n/${i}` }))), 413, undefined],
    ['an empty batch', () => postArticles([]), 400, /body/],
    ['an unsupported content type', () => postArticles(article(), { type: 'application/xml' }), 415, undefined],
  ]
  for (const [name, send, status, field] of cases) {
    it(`refuses ${name}`, async () => {
      await SELF.fetch(`${BASE}/health`)
      const before = await counts()
      await refused(await send(), status, field)
      expect(await counts()).toEqual(before)
    })
  }

  it('rejects a whole batch when one article is bad, naming it, and stores none of it', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    const batch = [
      article({ url: 'https://example.org/good-1' }),
      article({ url: 'https://example.org/good-2', title: 'Chile quake: no tsunami threat, officials say' }),
      article({ url: 'https://example.org/bad', published: 'not a date' }),
    ]
    const p = await refused(await postArticles(batch), 400, /^2\.published/)
    expect(p.detail).toMatch(/published/)
    expect(await counts()).toEqual(before)
  })
})

describe('POST /api/articles: idempotent, with corrections in place', () => {
  it('recognises the same article again, also under tracking parameters or a fragment', async () => {
    const first = await json<{ results: { articleId: string; status: string }[] }>(await postArticles(article()))
    const after = await counts()
    for (const url of [
      'https://example.org/news/quake-chile-2024',
      'https://example.org/news/quake-chile-2024?utm_source=twitter&utm_medium=social',
      'https://example.org/news/quake-chile-2024?fbclid=IwAR0abc#comments',
    ]) {
      const again = await json<{ results: { articleId: string; status: string }[] }>(await postArticles(article({ url })))
      expect(again.results[0]).toMatchObject({ status: 'known', articleId: first.results[0]?.articleId })
    }
    expect(await counts()).toEqual(after)
  })

  it('recognises the same text from the same outlet under another URL', async () => {
    const first = await json<{ results: { articleId: string }[] }>(await postArticles(article()))
    const again = await json<{ results: { articleId: string; status: string }[] }>(
      await postArticles(article({ url: 'https://m.example.org/quake' })),
    )
    expect(again.results[0]).toMatchObject({ status: 'known', articleId: first.results[0]?.articleId })
  })

  it('updates a corrected article in place and marks its development updated', async () => {
    const first = await json<{ results: { articleId: string; developmentId: string }[] }>(await postArticles(article()))
    const devUrl = `${BASE}/api/developments/${first.results[0]?.developmentId}`
    const before = await json<{ development: { updated: string } }>(await SELF.fetch(devUrl))
    const n = await counts()
    const corrected = article({
      text: `${String(article().text)} Update: the USGS later revised the magnitude to 7.0.`,
    })
    const res = await json<{ results: { articleId: string; status: string; developmentId: string }[] }>(await postArticles(corrected))
    expect(res.results[0]).toMatchObject({ status: 'updated', articleId: first.results[0]?.articleId, developmentId: first.results[0]?.developmentId })
    expect(await counts()).toMatchObject({ articles: n.articles, developments: n.developments })
    const after = await json<{ development: { updated: string } }>(await SELF.fetch(devUrl))
    expect(Date.parse(after.development.updated)).toBeGreaterThan(Date.parse(before.development.updated))
    const stored = await json<{ article: { text: string } }>(await SELF.fetch(`${BASE}/api/articles/${first.results[0]?.articleId}`))
    expect(stored.article.text).toMatch(/revised the magnitude/)
  })

  it('accepts one raw article in the corpus format as text/plain', async () => {
    const raw = 'Chile lifts precautionary evacuation after quake\n\nBy REUTERS\n\nAuthorities in northern Chile lifted a precautionary evacuation order on Saturday after a magnitude 7.1 earthquake off the coast, saying there was no tsunami risk.\n\nMost Popular'
    const res = await postArticles(raw, { raw: true, type: 'text/plain', query: '?outlet=Wire%20Daily&url=https://wire.example/chile-evac&published=2024-03-02T12:00:00Z' })
    expect(res.status).toBe(201)
    const body = await json<{ results: { articleId: string }[] }>(res)
    const stored = await json<{ article: { title: string; outlet: string; byline: string; text: string } }>(
      await SELF.fetch(`${BASE}/api/articles/${body.results[0]?.articleId}`),
    )
    expect(stored.article).toMatchObject({ title: 'Chile lifts precautionary evacuation after quake', outlet: 'Wire Daily', byline: 'Reuters' })
    expect(stored.article.text).not.toMatch(/Most Popular/)
  })
})

describe('the JSON read side', () => {
  it('pages developments with a next link and filters them', async () => {
    await SELF.fetch(`${BASE}/health`)
    const first = await json<{ developments: { id: string }[]; next: string | null }>(await SELF.fetch(`${BASE}/api/developments?limit=1`))
    expect(first.developments).toHaveLength(1)
    expect(first.next).toBeTruthy()
    const second = await json<{ developments: { id: string }[]; next: string | null }>(await SELF.fetch(first.next as string))
    expect(second.developments).toHaveLength(1)
    expect(second.developments[0]?.id).not.toBe(first.developments[0]?.id)
    const many = await json<{ developments: { articleCount: number }[] }>(await SELF.fetch(`${BASE}/api/developments?min_outlets=2`))
    expect(many.developments.length).toBe(1)
    expect(many.developments[0]?.articleCount).toBe(4)
    const rudaw = await json<{ developments: unknown[] }>(await SELF.fetch(`${BASE}/api/developments?outlet=rudaw`))
    expect(rudaw.developments.length).toBe(1)
  })

  it('answers 400 on nonsense parameters and 404 on unknown ids', async () => {
    for (const q of ['limit=0', 'limit=abc', 'min_outlets=-1', 'since=yesterday', 'bogus=1', 'cursor=%%%']) {
      const res = await SELF.fetch(`${BASE}/api/developments?${q}`)
      expect(res.status, q).toBe(400)
    }
    for (const path of ['/api/developments/d_nope', '/api/stories/s_nope', '/api/articles/a_nope']) {
      expect((await SELF.fetch(`${BASE}${path}`)).status, path).toBe(404)
    }
  })
})
