/**
 * Sources people can manage (issue 15): a URL is checked when it is added (fetched once, on the
 * poll's own fetch path: a feed is taken, a web page has its feed discovered, anything else is
 * refused with the reason), and sources come and go as OPML, as in every feed reader.
 * Upstreams are the pool's fetchMock; no request leaves the test.
 */
import { SELF, env, fetchMock } from 'cloudflare:test'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, EMPTY_RSS, TOKEN, json } from './helpers'

const UP = 'https://upstream.example'
const auth = { authorization: `Bearer ${TOKEN}` }

beforeAll(() => {
  fetchMock.activate()
  fetchMock.disableNetConnect()
})
afterEach(() => fetchMock.assertNoPendingInterceptors())

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Site news</title><id>urn:site</id><updated>2024-04-03T05:00:00Z</updated>
<entry><title>Harbour reopens after storm</title><id>urn:1</id><link href="${UP}/news/harbour"/><updated>2024-04-03T05:00:00Z</updated><summary>The harbour reopened on Wednesday after the storm passed.</summary></entry>
</feed>`

async function add(url: string, outlet = 'Site'): Promise<Response> {
  return SELF.fetch(`${BASE}/api/sources`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ outlet, url }) })
}

async function storedUrls(): Promise<string[]> {
  return (await env.DB.prepare('SELECT url FROM sources ORDER BY id').all<{ url: string }>()).results.map((r) => r.url)
}

interface ProblemBody {
  title: string
  detail: string
  errors?: { field: string; reason: string }[]
}

describe('a source is checked when added', () => {
  it('takes a feed as it is', async () => {
    fetchMock.get(UP).intercept({ path: '/news/atom.xml' }).reply(200, ATOM, { headers: { 'content-type': 'application/atom+xml' } })
    const res = await add(`${UP}/news/atom.xml`)
    expect(res.status).toBe(201)
    const body = await json<{ source: { url: string }; items: number; discoveredFrom?: string }>(res)
    expect(body.source.url).toBe(`${UP}/news/atom.xml`)
    expect(body.items).toBe(1)
    expect(body.discoveredFrom).toBeUndefined()
  })

  it('discovers the feed a web page names, resolved against the page, and stores that feed', async () => {
    const page = `<!DOCTYPE html><html><head><title>Site</title>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/atom+xml" title="News" href="atom.xml">
      <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/rss">
      </head><body><p>Front page</p></body></html>`
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/news/' }).reply(200, page, { headers: { 'content-type': 'text/html; charset=utf-8' } })
    origin.intercept({ path: '/news/atom.xml' }).reply(200, ATOM, { headers: { 'content-type': 'application/atom+xml' } })
    const res = await add(`${UP}/news/`)
    expect(res.status, await res.clone().text()).toBe(201)
    const body = await json<{ source: { url: string; outlet: string }; discoveredFrom: string }>(res)
    expect(body.source.url).toBe(`${UP}/news/atom.xml`)
    expect(body.discoveredFrom).toBe(`${UP}/news/`)
    expect(await storedUrls()).toEqual([`${UP}/news/atom.xml`])
    // The page's feed is a source now: adding the page again finds the same feed, which exists.
    origin.intercept({ path: '/news/' }).reply(200, page, { headers: { 'content-type': 'text/html' } })
    origin.intercept({ path: '/news/atom.xml' }).reply(200, ATOM, { headers: { 'content-type': 'application/atom+xml' } })
    expect((await add(`${UP}/news/`)).status).toBe(409)
  })

  it('refuses a web page that names no feed, saying so, and stores nothing', async () => {
    fetchMock.get(UP).intercept({ path: '/about' }).reply(200, '<!doctype html><html><head><title>About us</title></head><body>Hello</body></html>', { headers: { 'content-type': 'text/html' } })
    const res = await add(`${UP}/about`)
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const p = await json<ProblemBody>(res)
    expect(p.detail).toMatch(/web page that names no feed/)
    expect(p.errors?.[0]?.field).toBe('url')
    expect(await storedUrls()).toEqual([])
  })

  it('refuses what is neither a feed nor a page, and what cannot be fetched, with the reason', async () => {
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/data.json' }).reply(200, '{"hello": "world"}', { headers: { 'content-type': 'application/json' } })
    origin.intercept({ path: '/notes.txt' }).reply(200, 'Just some notes, no markup at all.', { headers: { 'content-type': 'text/plain' } })
    origin.intercept({ path: '/gone' }).reply(404, 'Not here')
    const json404 = await add(`${UP}/data.json`)
    expect(json404.status).toBe(422)
    expect((await json<ProblemBody>(json404)).detail).toMatch(/not a feed .*JSON but not a JSON Feed/)
    const text = await add(`${UP}/notes.txt`)
    expect(text.status).toBe(422)
    const textBody = await json<ProblemBody & { title: string }>(text)
    expect(textBody.detail).toMatch(/is not a feed \(RSS, Atom or JSON Feed\) nor a web page/)
    expect(textBody.title).toBe('Not a feed')
    const gone = await add(`${UP}/gone`)
    expect(gone.status).toBe(422)
    const goneBody = await json<ProblemBody & { title: string }>(gone)
    expect(goneBody.detail).toMatch(/could not be fetched: HTTP 404/)
    // nothing was read, so the title does not say it is "not a feed"
    expect(goneBody.title).toBe('Source could not be fetched')
    expect(await storedUrls()).toEqual([])
  })

  it('checks the address of a discovered feed too: a page naming an internal address is refused without fetching it', async () => {
    // fetchMock refuses any request it was not given, so a fetch of the metadata address would fail the test differently.
    fetchMock.get(UP).intercept({ path: '/evil' }).reply(200, '<html><head><link rel="alternate" type="application/rss+xml" href="http://169.254.169.254/latest/meta-data"></head></html>', { headers: { 'content-type': 'text/html' } })
    const res = await add(`${UP}/evil`)
    expect(res.status).toBe(422)
    expect((await json<ProblemBody>(res)).detail).toMatch(/refused to fetch http:\/\/169\.254\.169\.254\/.*not a public address \(linkLocal\)/)
    expect(await storedUrls()).toEqual([])
  })
})

function opml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>My feeds</title></head><body>${body}</body></opml>`
}

async function importOpml(doc: string, type = 'text/x-opml'): Promise<Response> {
  return SELF.fetch(`${BASE}/api/sources`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: doc })
}

interface ImportReport {
  added: number
  exists: number
  refused: number
  results: { xmlUrl: string; outlet: string; status: string; reason?: string }[]
}

describe('OPML', () => {
  it('imports every outline with an xmlUrl, nested ones too, and says what became of each', async () => {
    const doc = opml(`
      <outline text="World">
        <outline text="BBC World" title="BBC World" type="rss" xmlUrl="https://feeds.example.org/bbc/world.xml" htmlUrl="https://www.example.org/"/>
        <outline text="Deeper"><outline text="Al &amp; Co" xmlUrl="https://alco.example.net/rss?lang=en"/></outline>
      </outline>
      <outline text="Again" xmlUrl="https://feeds.example.org/bbc/world.xml"/>
      <outline text="Internal" xmlUrl="http://10.0.0.7/feed"/>
      <outline text="Not web" xmlUrl="ftp://example.org/feed"/>
      <outline text="Category only"/>`)
    // application/xml with an <opml> root is OPML too.
    const res = await importOpml(doc, 'application/xml')
    expect(res.status, await res.clone().text()).toBe(200)
    const report = await json<ImportReport>(res)
    expect(report.results.map((r) => [r.outlet, r.status])).toEqual([
      ['BBC World', 'added'],
      ['Al & Co', 'added'],
      ['Again', 'exists'],
      ['Internal', 'refused'],
      ['Not web', 'refused'],
    ])
    expect(report.results[3]?.reason).toMatch(/public address/)
    expect(report.results[4]?.reason).toMatch(/http\(s\) URL/)
    expect([report.added, report.exists, report.refused]).toEqual([2, 1, 2])
    expect(await storedUrls()).toEqual(['https://feeds.example.org/bbc/world.xml', 'https://alco.example.net/rss?lang=en'])
  })

  it('refuses XML that is not OPML, and a list over the limit, adding nothing', async () => {
    const rss = await importOpml(EMPTY_RSS, 'application/xml')
    expect(rss.status).toBe(415)
    expect((await json<ProblemBody>(rss)).detail).toMatch(/root <opml>.*not <rss>/)
    const many = opml(Array.from({ length: 201 }, (_, i) => `<outline text="f${i}" xmlUrl="https://f${i}.example.org/rss"/>`).join(''))
    const big = await importOpml(many)
    expect(big.status).toBe(413)
    expect(await storedUrls()).toEqual([])
    expect((await importOpml('', 'text/x-opml')).status).toBe(400)
  })

  it('exports every source as OPML 2.0 a reader can import, without credentials, query or fragment', async () => {
    await importOpml(
      opml(`<outline text="Plain &lt;News&gt;" xmlUrl="https://news.example.org/feed.xml"/>
        <outline text="Keyed" xmlUrl="https://user:pass@keyed.example.com/rss?api_key=s3cret#top"/>`),
    )
    for (const headers of [{}, auth]) {
      const res = await SELF.fetch(`${BASE}/api/sources.opml`, { headers })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/x-opml/)
      const text = await res.text()
      expect(text).not.toMatch(/s3cret|pass@|#top/)
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text, true) as {
        opml: { version: string; body: { outline: { text: string; title: string; xmlUrl: string; htmlUrl: string }[] } }
      }
      expect(doc.opml.version).toBe('2.0')
      expect(doc.opml.body.outline).toEqual([
        { type: 'rss', text: 'Plain <News>', title: 'Plain <News>', xmlUrl: 'https://news.example.org/feed.xml', htmlUrl: 'https://news.example.org/' },
        { type: 'rss', text: 'Keyed', title: 'Keyed', xmlUrl: 'https://keyed.example.com/rss', htmlUrl: 'https://keyed.example.com/' },
      ])
    }
    // What it exports imports again: the same feed is known, nothing doubles (the keyed feed's
    // public URL is another URL: it would be a new source, without its key).
    const again = await json<ImportReport>(await importOpml(await (await SELF.fetch(`${BASE}/api/sources.opml`)).text()))
    expect(again.results.map((r) => r.status)).toEqual(['exists', 'added'])
  })

  it('needs the token to import', async () => {
    const res = await SELF.fetch(`${BASE}/api/sources`, { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body: opml('<outline text="x" xmlUrl="https://x.example.org/rss"/>') })
    expect(res.status).toBe(401)
    expect(await storedUrls()).toEqual([])
  })
})
