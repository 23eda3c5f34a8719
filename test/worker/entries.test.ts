/**
 * Entries a reader can trust, end to end through the Worker: distinct outlet counts everywhere,
 * a headline that stays once published, authors per entry, untracked links, the top
 * developments (page and feeds), the outlet filter by prefix, HTML error pages, favicon, robots.
 */
import { SELF } from 'cloudflare:test'
import { XMLValidator } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { BASE, article, json, postArticles } from './helpers'

const QUAKE = 'A magnitude 7.1 earthquake struck off the coast of northern Chile on Saturday, the US Geological Survey said. The quake hit at a depth of 35 kilometres near the port city of Antofagasta.'
const FLOOD = 'Floods swept through the Dutch province of Limburg on Tuesday after the Meuse burst its banks, forcing thousands of residents to leave their homes as water levels kept rising.'

interface Ingested {
  results: { developmentId: string; status: string; title: string }[]
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { headers })
}

let quakeId = ''
let floodId = ''

beforeAll(async () => {
  // One development: three outlets (Daily Paper twice, under two names differing in case), the
  // paper first; then the big story of the day, the flood, from four outlets a day later.
  const first = await postArticles(
    article({
      url: 'https://paper.example/quake?utm_source=rss&fbclid=abc&id=7',
      outlet: 'Daily Paper',
      title: 'Chile quake: magnitude 7.1 off Antofagasta',
      published: '2024-03-02T10:00:00Z',
      text: `${QUAKE} Copper mines in the region halted work while engineers inspected shafts for damage.`,
    }),
  )
  expect(first.status).toBe(201)
  quakeId = (await json<Ingested>(first)).results[0]!.developmentId
  const more = await postArticles([
    article({ url: 'https://wire.example/chile', outlet: 'Wire Service', title: 'Strong earthquake hits northern Chile', published: '2024-03-02T09:00:00Z', text: `${QUAKE} No tsunami warning was issued.` }),
    article({ url: 'https://paper.example/quake-live', outlet: 'daily paper', title: 'Live: magnitude 7.1 earthquake off northern Chile', published: '2024-03-02T11:00:00Z', text: `${QUAKE} Residents of Antofagasta spent the night outdoors.` }),
  ])
  expect(more.status).toBe(201)
  const flood = await postArticles(
    ['Rhine Post', 'Maas Courier', 'Limburg Daily', 'The Jerusalem Post'].map((outlet, i) =>
      article({
        url: `https://flood${i}.example/limburg`,
        outlet,
        title: `Floods force thousands from homes in Limburg ${['as Meuse bursts banks', 'after Meuse overflows', 'evacuated', 'as river rises'][i]}`,
        published: `2024-03-03T0${i}:30:00Z`,
        text: FLOOD,
      }),
    ),
  )
  expect(flood.status).toBe(201)
  const ids = new Set((await json<Ingested>(flood)).results.map((r) => r.developmentId))
  expect(ids.size).toBe(1)
  floodId = [...ids][0]!
})

describe('an entry a reader can trust', () => {
  it('keeps the headline it was first published with when an earlier report joins, and counts distinct outlets', async () => {
    const { development: dev } = await json<{ development: { title: string; outletCount: number; articleCount: number } }>(await get(`/api/developments/${quakeId}`))
    expect(dev.title).toBe('Chile quake: magnitude 7.1 off Antofagasta')
    expect(dev.articleCount).toBe(3)
    expect(dev.outletCount).toBe(2)
    const feed = await json<{ items: { id: string; title: string; content_html: string; _storyfold: { outlet_count: number } }[] }>(await get('/feed.json'))
    const item = feed.items.find((i) => i.id.endsWith(quakeId))!
    expect(item.title).toBe('Chile quake: magnitude 7.1 off Antofagasta')
    expect(item._storyfold.outlet_count).toBe(2)
    expect(item.content_html).toContain('Covered by 2 outlets')
    // The wire's report was strictly first; the paper's links carry no tracking parameters.
    expect(item.content_html.match(/first to report/g)).toHaveLength(1)
    expect(item.content_html).toContain('href="https://paper.example/quake?id=7"')
    expect(item.content_html).not.toMatch(/utm_|fbclid/)
    const page = await (await get(`/developments/${quakeId}`)).text()
    expect(page).toContain('Covered by 2 outlets')
  })

  it('names its outlets as authors: RSS dc:creator, Atom author', async () => {
    const rss = await (await get('/feed.xml')).text()
    expect(rss).toContain('<dc:creator>Limburg Daily, Maas Courier, Rhine Post, The Jerusalem Post</dc:creator>')
    expect(rss).toContain('<dc:creator>Daily Paper, Wire Service</dc:creator>')
    const atom = await (await get('/atom.xml')).text()
    expect(XMLValidator.validate(atom)).toBe(true)
    expect(atom).toContain('<author>\n            <name>Wire Service</name>\n        </author>')
  })

  it('finds an outlet by any word of its name, in any case', async () => {
    for (const q of ['jerusalem', 'The Jerusalem', 'JERUSALEM POST', 'limb']) {
      const list = await json<{ developments: { id: string }[] }>(await get(`/api/developments?outlet=${encodeURIComponent(q)}`))
      expect(list.developments.map((d) => d.id), q).toContain(floodId)
      expect(list.developments.map((d) => d.id), q).not.toContain(quakeId)
    }
    const none = await json<{ developments: unknown[] }>(await get('/api/developments?outlet=erusalem'))
    expect(none.developments).toHaveLength(0)
  })
})

describe('top developments', () => {
  it('lead the home page: the flood (four outlets now) before the quake and the seed stories, each saying how many outlets and since when', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Top developments</h1>')
    const titles = [...html.matchAll(/<h2><a href="[^"]*\/developments\/([^"]+)">/g)].map((m) => m[1])
    expect(titles.slice(0, 2)).toEqual([floodId, quakeId])
    expect(html).toMatch(/<strong>4 outlets<\/strong> since <time datetime="2024-03-03T00:30:00.000Z">/)
    expect(html).toContain('href="http://storyfold.test/latest"')
    // The chronological list is a click away, with its filters.
    const latest = await (await get('/latest')).text()
    expect(latest).toContain('<h1>Latest developments</h1>')
    expect(latest).toContain('name="min_outlets"')
  })

  it('keep "now" at the newest dated report: an undated article posted today does not age every other development', async () => {
    const { published: _none, ...undated } = article({ url: 'https://town.example/hall', outlet: 'Town Crier', title: 'Town hall reopens after roof repairs', text: 'The town hall reopened on Monday after a year of repairs to its roof, the mayor said, with the library back on the ground floor.' })
    expect((await postArticles(undated)).status).toBe(201)
    const top = await json<{ items: { id: string; title: string }[] }>(await get('/top.json'))
    expect(top.items[0]!.id).toMatch(new RegExp(`${floodId}$`))
    const ids = top.items.map((i) => i.id)
    expect(ids.findIndex((id) => id.endsWith(floodId))).toBeLessThan(ids.findIndex((id) => id.endsWith(quakeId)))
  })

  it('are served as RSS, Atom and JSON Feed, best first, with validators', async () => {
    for (const [path, type] of [
      ['/top.xml', 'application/rss+xml; charset=utf-8'],
      ['/top.atom', 'application/atom+xml; charset=utf-8'],
      ['/top.json', 'application/feed+json; charset=utf-8'],
    ] as const) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toBe(type)
      const body = await res.text()
      if (path.endsWith('.json')) {
        const feed = JSON.parse(body) as { feed_url: string; items: { id: string }[] }
        expect(feed.feed_url).toBe(`${BASE}/top.json`)
        expect(feed.items[0]!.id).toMatch(new RegExp(`${floodId}$`))
      } else {
        expect(XMLValidator.validate(body), path).toBe(true)
        expect(body.indexOf(floodId), path).toBeLessThan(body.indexOf(quakeId))
      }
      const again = await get(path, { 'if-none-match': res.headers.get('etag')! })
      expect(again.status, path).toBe(304)
    }
    const two = await json<{ items: unknown[] }>(await get('/top.json?limit=1'))
    expect(two.items).toHaveLength(1)
    const paged = await get('/top.json?cursor=abc')
    expect(paged.status).toBe(400)
    expect(paged.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })
})

describe('what browsers and crawlers ask for', () => {
  it('answers a bad page link with an HTML page, and keeps problem+json for the API and the feeds', async () => {
    const missing = await get('/developments/d_nope')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await missing.text()).toMatch(/<h1>No such development<\/h1>/)
    const nowhere = await get('/no/such/page')
    expect(nowhere.status).toBe(404)
    expect(await nowhere.text()).toContain('<!DOCTYPE html>')
    const bad = await get('/latest?limit=abc')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await bad.text()).toContain('limit')
    for (const path of ['/api/developments/d_nope', '/feed.xml?limit=abc', '/stories/s_nope/feed.json']) {
      const res = await get(path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/)
    }
  })

  it('serves a favicon and robots.txt', async () => {
    const ico = await get('/favicon.ico')
    expect(ico.status).toBe(200)
    expect(ico.headers.get('content-type')).toBe('image/x-icon')
    const bytes = new Uint8Array(await ico.arrayBuffer())
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0])
    expect(bytes.length).toBe(6 + 16 + 40 + 16 * 16 * 4 + 16 * 4)
    const svg = await get('/favicon.svg')
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(await svg.text()).toMatch(/^<svg /)
    const robots = await get('/robots.txt')
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/api\//)
  })
})

describe('lists of stories and outlets', () => {
  it('lists every outlet with how many developments it covered, as JSON and as a page linking its developments', async () => {
    const { outlets } = await json<{ outlets: { outlet: string; developments: number }[] }>(await get('/api/outlets'))
    expect(outlets).toContainEqual({ outlet: 'The Jerusalem Post', developments: 3 })
    expect(outlets).toContainEqual({ outlet: 'Wire Service', developments: 1 })
    const page = await (await get('/outlets')).text()
    expect(page).toContain('<h1>Outlets</h1>')
    expect(page).toContain('href="http://storyfold.test/latest?outlet=The%20Jerusalem%20Post"')
    expect((await get('/api/outlets?limit=1')).status).toBe(200)
    expect((await json<{ outlets: unknown[] }>(await get('/api/outlets?limit=1'))).outlets).toHaveLength(1)
  })

  it('lists the stories, most recently changed first, as JSON and as a page', async () => {
    const { stories } = await json<{ stories: { id: string; title: string; developments: number }[] }>(await get('/api/stories'))
    expect(stories.length).toBeGreaterThanOrEqual(3)
    expect(stories.map((s) => s.title)).toContain('Chile quake: magnitude 7.1 off Antofagasta')
    expect(stories.find((s) => s.title.startsWith('US urges Iran'))?.developments).toBe(2)
    const page = await (await get('/stories')).text()
    expect(page).toContain('<h1>Stories</h1>')
    expect(page).toContain(`href="http://storyfold.test/stories/${stories[0]!.id}"`)
  })

  it('refuses a bad limit: problem+json for the API, an HTML page for the pages', async () => {
    for (const path of ['/api/stories?limit=0', '/api/outlets?limit=abc', '/api/stories?x=1']) {
      const res = await get(path)
      expect(res.status, path).toBe(400)
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/)
    }
    const page = await get('/stories?limit=abc')
    expect(page.status).toBe(400)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  })
})
