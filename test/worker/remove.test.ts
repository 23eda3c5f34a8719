/**
 * DELETE /api/articles/:id through the Worker: the token, 404 and 410, an entry that disappears
 * with its only article (feeds, pages, API, story), an entry that keeps its id and headline when
 * another article goes, a new headline (said so in the entry) when its own report goes, and a
 * fold that behaves as if the removed article had never come (fold state, term counts, postings),
 * and a removed opening report sent again about something else: a new entry and story of its own,
 * their ids minted from one key.
 */
import { SELF, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { BASE, TOKEN, article, json, postArticles } from './helpers'

interface Ingested {
  results: { articleId: string; developmentId: string; storyId: string; status: string }[]
}
interface Removed {
  version: number
  removed: { articleId: string; developmentId: string; development: 'removed' | 'kept'; title: string | null; retitled: boolean }
}
interface ApiDevelopment {
  id: string
  title: string
  summary: string
  updated: string
  articleCount: number
  outletCount: number
  outlets: { articleId: string; outlet: string | null; url: string | null }[]
}

const README = Object.values(import.meta.glob<string>('../../README.md', { query: '?raw', import: 'default', eager: true }))[0] ?? ''

const remove = (id: string, token: string | null = TOKEN) =>
  SELF.fetch(`${BASE}/api/articles/${id}`, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} })
const get = (path: string) => SELF.fetch(`${BASE}${path}`)

async function development(id: string): Promise<ApiDevelopment> {
  const res = await get(`/api/developments/${id}`)
  expect(res.status).toBe(200)
  return (await json<{ development: ApiDevelopment }>(res)).development
}

/** Every entry of the three feeds: ids and titles as a reader gets them. */
async function feedEntries(): Promise<{ rss: string; atom: string; json: { id: string; title: string }[] }> {
  const [rss, atom, feed] = await Promise.all(['/feed.xml', '/atom.xml', '/feed.json'].map((p) => get(p)))
  return { rss: await rss!.text(), atom: await atom!.text(), json: (await json<{ items: { id: string; title: string }[] }>(feed!)).items }
}

const QUAKE =
  'A magnitude 7.1 earthquake struck off the coast of northern Chile on Saturday, the US Geological Survey said. ' +
  'The quake hit at a depth of 35 kilometres near the port city of Antofagasta. Chile\'s disaster agency Senapred said there were no immediate reports of damage.'

/** Three outlets reporting the quake: the paper first (its headline is the entry's), then two more. */
async function quakeOfThree(): Promise<{ dev: string; paper: string; wire: string; radio: string }> {
  const res = await postArticles([
    article({ url: 'https://paper.example/quake', outlet: 'Daily Paper', title: 'Chile quake: magnitude 7.1 off Antofagasta', published: '2024-03-02T09:00:00Z', text: `${QUAKE} Copper mines halted work.` }),
    article({ url: 'https://wire.example/quake', outlet: 'Wire Service', title: 'Strong earthquake hits northern Chile', published: '2024-03-02T10:00:00Z', text: `${QUAKE} No tsunami warning was issued.` }),
    article({ url: 'https://radio.example/quake', outlet: 'Radio Norte', title: 'Earthquake of magnitude 7.1 shakes Antofagasta', published: '2024-03-02T11:00:00Z', text: `${QUAKE} Residents spent the night outdoors.` }),
  ])
  expect(res.status).toBe(201)
  const r = (await json<Ingested>(res)).results
  expect(new Set(r.map((x) => x.developmentId)).size, 'the three reports fold into one development').toBe(1)
  return { dev: r[0]!.developmentId, paper: r[0]!.articleId, wire: r[1]!.articleId, radio: r[2]!.articleId }
}

describe('DELETE /api/articles/:id', () => {
  it('needs the token (401 without, nothing removed), and answers 404 problem+json for an id never stored', async () => {
    const { paper, dev } = await quakeOfThree()
    for (const token of [null, 'wrong-token']) {
      const res = await remove(paper, token)
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    }
    expect((await development(dev)).articleCount).toBe(3)
    const unknown = await remove('a_0000000000000000')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect((await json(unknown)).title).toBe('No such article')
  })

  it("removes the README's own example article: its entry leaves every feed, its page answers 410 Gone as HTML, its story goes", async () => {
    // The example body exactly as the README gives it.
    const body = /-d '(\{"url":"https:\/\/example\.org\/a"[^']*\})'/.exec(README)?.[1]
    expect(body, 'missing: the ingest example in README.md').toBeDefined()
    const posted = await postArticles(JSON.parse(body!))
    expect(posted.status).toBe(201)
    const [r] = (await json<Ingested>(posted)).results
    expect(r!.status).toBe('new-development')
    expect((await feedEntries()).json.map((i) => i.title)).toContain('Headline')

    const res = await remove(r!.articleId)
    expect(res.status).toBe(200)
    const out = await json<Removed>(res)
    expect(out.removed).toMatchObject({ articleId: r!.articleId, developmentId: r!.developmentId, development: 'removed', title: null })

    const feeds = await feedEntries()
    expect(feeds.json.map((i) => i.title)).not.toContain('Headline')
    expect(feeds.json.some((i) => i.id.endsWith(r!.developmentId))).toBe(false)
    expect(feeds.rss).not.toContain(r!.developmentId)
    expect(feeds.atom).not.toContain(r!.developmentId)
    // The page: 410 Gone, as a page a reader can use; the API: 410 problem+json.
    const page = await get(`/developments/${r!.developmentId}`)
    expect(page.status).toBe(410)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toContain('was removed')
    const api = await get(`/api/developments/${r!.developmentId}`)
    expect(api.status).toBe(410)
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect((await get(`/api/articles/${r!.articleId}`)).status).toBe(410)
    expect((await get(`/api/stories/${r!.storyId}`)).status).toBe(404)
    expect((await json<{ stories: { id: string }[] }>(await get('/api/stories'))).stories.map((s) => s.id)).not.toContain(r!.storyId)
    // Removing it again: 410, and nothing changes.
    const again = await remove(r!.articleId)
    expect(again.status).toBe(410)
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/)
    // Sent again, the article is a report like any other, under the id its entry had.
    const back = await postArticles(JSON.parse(body!))
    expect((await json<Ingested>(back)).results[0]).toMatchObject({ status: 'new-development', developmentId: r!.developmentId })
    expect((await get(`/developments/${r!.developmentId}`)).status).toBe(200)
  })

  it('keeps the entry, its id and its headline when another of its articles goes: counts, outlets and updated follow', async () => {
    const { dev, paper, wire } = await quakeOfThree()
    const before = await development(dev)
    expect(before.title).toBe('Chile quake: magnitude 7.1 off Antofagasta')
    expect(before.outletCount).toBe(3)

    const res = await remove(wire)
    expect(res.status).toBe(200)
    expect((await json<Removed>(res)).removed).toMatchObject({ development: 'kept', title: before.title, retitled: false })
    const after = await development(dev)
    expect(after.title).toBe(before.title)
    expect(after.summary).toBe(before.summary)
    expect(after.articleCount).toBe(2)
    expect(after.outletCount).toBe(2)
    expect(after.outlets.map((o) => o.outlet)).toEqual(['Daily Paper', 'Radio Norte'])
    expect(after.outlets.map((o) => o.articleId)).toContain(paper)
    expect(after.updated > before.updated, 'a removal is a change readers should fetch').toBe(true)
    const feeds = await feedEntries()
    expect(feeds.json.filter((i) => i.id.endsWith(dev))).toHaveLength(1)
    expect(feeds.rss).not.toContain('wire.example')
    expect((await get(`/api/articles/${wire}`)).status).toBe(410)
  })

  it("gives the entry the next report's headline when its own report goes, under the same id, and says why in every format", async () => {
    const { dev, paper } = await quakeOfThree()
    const before = await development(dev)
    const res = await remove(paper)
    expect(res.status).toBe(200)
    const out = (await json<Removed>(res)).removed
    expect(out).toMatchObject({ development: 'kept', developmentId: dev, retitled: true, title: 'Strong earthquake hits northern Chile' })
    const after = await development(dev)
    expect(after.id).toBe(before.id)
    expect(after.title).toBe('Strong earthquake hits northern Chile')
    expect(after.summary).toMatch(/^\[Headline changed \d{4}-\d\d-\d\d: the report it came from \(Daily Paper, “Chile quake: magnitude 7\.1 off Antofagasta”\) was removed\.\]/)
    const feeds = await feedEntries()
    // One entry for the development, with the new headline; no second entry for a reader to see twice.
    const mine = feeds.json.filter((i) => i.id.endsWith(dev))
    expect(mine.map((i) => i.title)).toEqual(['Strong earthquake hits northern Chile'])
    expect(feeds.json.map((i) => i.title)).not.toContain(before.title)
    for (const doc of [feeds.rss, feeds.atom]) {
      expect(doc).toContain('Headline changed')
      expect(doc.split(`development:${dev}<`).length - 1).toBe(1)
    }
    // The note stays when another outlet joins later.
    const tv = await postArticles(article({ url: 'https://tv.example/quake', outlet: 'TV Uno', title: 'Earthquake of magnitude 7.1 strikes off northern Chile', published: '2024-03-02T12:00:00Z', text: `${QUAKE} Schools were closed.` }))
    expect((await json<Ingested>(tv)).results[0]).toMatchObject({ status: 'joined-development', developmentId: dev })
    const later = await development(dev)
    expect(later.title).toBe('Strong earthquake hits northern Chile')
    expect(later.summary).toMatch(/^\[Headline changed/)
  })

  it('leaves the fold as if the article had never come: fold state, term counts and postings', async () => {
    const snapshot = async () => {
      const [state, terms, postings] = await env.DB.batch<Record<string, unknown>>([
        env.DB.prepare('SELECT id, fold_state FROM developments ORDER BY id'),
        env.DB.prepare('SELECT term, n FROM term_df ORDER BY term'),
        env.DB.prepare('SELECT key, seq FROM postings ORDER BY key, seq'),
      ])
      return { state: state!.results, terms: terms!.results, postings: postings!.results }
    }
    const first = await postArticles([
      article({ url: 'https://paper.example/quake', outlet: 'Daily Paper', title: 'Chile quake: magnitude 7.1 off Antofagasta', published: '2024-03-02T09:00:00Z', text: `${QUAKE} Copper mines halted work.` }),
      article({ url: 'https://radio.example/quake', outlet: 'Radio Norte', title: 'Earthquake of magnitude 7.1 shakes Antofagasta', published: '2024-03-02T11:00:00Z', text: `${QUAKE} Residents spent the night outdoors.` }),
    ])
    expect(first.status).toBe(201)
    const without = await snapshot()
    const joined = await postArticles(
      article({ url: 'https://odd.example/quake', outlet: 'Odd Outlet', title: 'Antofagasta quake: mines, ports and a football final', published: '2024-03-02T10:00:00Z', text: `${QUAKE} The football final in Antofagasta was postponed and the port of Mejillones closed for inspections of its cranes.` }),
    )
    const [r] = (await json<Ingested>(joined)).results
    expect(r!.status).toBe('joined-development')
    expect(await snapshot()).not.toEqual(without)
    expect((await remove(r!.articleId)).status).toBe(200)
    expect(await snapshot()).toEqual(without)
  })

  it('gives a removed opening report, sent again about something else, a new entry and story of its own, the entry its story\'s first', async () => {
    const { dev, paper } = await quakeOfThree()
    const storyId = (await json<{ development: { storyId: string } }>(await get(`/api/developments/${dev}`))).development.storyId
    expect((await remove(paper)).status).toBe(200)
    // The quake's entry and story keep the ids the paper's report opened them under.
    expect((await development(dev)).articleCount).toBe(2)
    const FINAL = 'The football final in Valparaiso ended two-nil after extra time, with the home side lifting the cup before a sold-out stadium. Fans celebrated in the streets until dawn.'
    // The same URL (so the same article id), now about a football final.
    const back = await postArticles(article({ url: 'https://paper.example/quake', outlet: 'Daily Paper', title: 'Valparaiso wins the football final', published: '2024-03-03T20:00:00Z', text: FINAL }))
    expect(back.status).toBe(201)
    const [r] = (await json<Ingested>(back)).results
    expect(r).toMatchObject({ articleId: paper, status: 'new-development' })
    expect(r!.developmentId).not.toBe(dev)
    expect(r!.storyId).not.toBe(storyId)
    // Both ids minted from one key: the fold finds a story's first development by its id.
    expect(r!.developmentId).toBe(`d_${r!.storyId.slice(2)}`)
    expect((await development(r!.developmentId)).title).toBe('Valparaiso wins the football final')
    expect((await development(dev)).articleCount).toBe(2)
    const { story } = await json<{ story: { developments: { id: string }[] } }>(await get(`/api/stories/${r!.storyId}`))
    expect(story.developments.map((d) => d.id)).toEqual([r!.developmentId])
    // Another outlet's report of the final joins the new entry.
    const wire = await postArticles(article({ url: 'https://wire.example/final', outlet: 'Wire Service', title: 'Valparaiso lift the cup after extra time', published: '2024-03-03T21:00:00Z', text: `${FINAL} The coach praised his defence.` }))
    expect((await json<Ingested>(wire)).results[0]).toMatchObject({ status: 'joined-development', developmentId: r!.developmentId, storyId: r!.storyId })
  })

  it("mints a new story's first entry from the same key as the story when only the story's id is still taken", async () => {
    // The seed corpus: The Jerusalem Post's report opened a story and its first entry (with three
    // more reports); a second entry of the same story has one report.
    const { developments } = await json<{ developments: (ApiDevelopment & { storyId: string })[] }>(await get('/api/developments?limit=200'))
    const JPOST = 'https://www.jpost.com/middle-east/article-755206'
    const opened = developments.find((d) => d.outlets.some((o) => o.url === JPOST))
    expect(opened, 'missing: the seed corpus entry with the Jerusalem Post report').toBeDefined()
    const storyId = opened!.storyId
    expect(opened!.id, 'the seed report opened its story and this entry').toBe(`d_${storyId.slice(2)}`)
    expect(developments.filter((d) => d.storyId === storyId).length, 'the seed story has a second entry').toBeGreaterThan(1)
    const jpost = opened!.outlets.find((o) => o.url === JPOST)!.articleId
    // Every report of that first entry goes: the entry with them, the story stays with its other entry.
    for (const o of opened!.outlets) expect((await remove(o.articleId)).status).toBe(200)
    expect((await get(`/api/developments/${opened!.id}`)).status).toBe(410)
    expect((await get(`/api/stories/${storyId}`)).status).toBe(200)
    // The Jerusalem Post's URL again (the same article id), now about something unrelated.
    const back = await postArticles(
      article({ url: JPOST, outlet: 'The Jerusalem Post', title: 'Valparaiso wins the football final', published: '2024-03-03T20:00:00Z', text: 'The football final in Valparaiso ended two-nil after extra time, with the home side lifting the cup before a sold-out stadium.' }),
    )
    expect(back.status).toBe(201)
    const [r] = (await json<Ingested>(back)).results
    expect(r).toMatchObject({ articleId: jpost, status: 'new-development' })
    // A story of its own, under a new id (the old one is still the seed story's), and its entry's
    // id minted from the same key: the fold finds a story's first entry by the story's id.
    expect(r!.storyId).not.toBe(storyId)
    expect(r!.developmentId).toBe(`d_${r!.storyId.slice(2)}`)
    expect((await development(r!.developmentId)).title).toBe('Valparaiso wins the football final')
  })
})
