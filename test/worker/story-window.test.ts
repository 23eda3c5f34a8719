// A long story: each development carries only its nearest neighbours (feeds: the earlier ones),
// never the whole story, and says how big the story is. Rows go straight into D1, as a story of
// this length would take hundreds of clustered articles to build through the API.
import { SELF, env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { storyWindowQuery } from '../../src/store/story-windows'
import { BASE, json } from './helpers'

const STORY = 's_long'
const SIZE = 14
const id = (i: number) => `d_long${String(i).padStart(2, '0')}`
const at = (i: number) => new Date(Date.UTC(2024, 2, 1 + i, 9, 30)).toISOString()

beforeEach(async () => {
  // The first request folds the seed corpus in; then the long story is added and the version bumped.
  await (await SELF.fetch(`${BASE}/health`)).arrayBuffer()
  const rows = Array.from({ length: SIZE }, (_, i) =>
    env.DB.prepare(
      `INSERT INTO developments (id, story_id, opened_seq, title, summary, published, updated, article_count, outlet_count, outlets, search_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)`,
    ).bind(
      id(i),
      STORY,
      1000 + i,
      `Step ${i} of the long story`,
      `Summary of step ${i}.`,
      at(i),
      at(i),
      JSON.stringify([{ articleId: `a_long${i}`, outlet: 'Wire', title: `Step ${i}`, url: null, published: at(i), adds: [], copyOf: null, byline: null }]),
      `step ${i}`,
    ),
  )
  await env.DB.batch([
    ...rows,
    env.DB.prepare('INSERT INTO stories (id, opened_seq, title, published, updated) VALUES (?, 1000, ?, ?, ?)').bind(STORY, 'The long story', at(0), at(SIZE - 1)),
    env.DB.prepare("INSERT INTO changes (version, at, articles) SELECT MAX(version) + 1, '2024-03-20T00:00:00.000Z', ? FROM changes").bind(SIZE),
  ])
})

interface View {
  id: string
  timeline: { id: string }[]
  storySize: number
}

describe('a long story', () => {
  it('gives each development its five nearest earlier and later neighbours and the size of the story', async () => {
    const middle = (await json<{ development: View }>(await SELF.fetch(`${BASE}/api/developments/${id(7)}`))).development
    expect(middle.storySize).toBe(SIZE)
    expect(middle.timeline.map((t) => t.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(id))
    const first = (await json<{ development: View }>(await SELF.fetch(`${BASE}/api/developments/${id(0)}`))).development
    expect(first.timeline.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5].map(id))
    const last = (await json<{ development: View }>(await SELF.fetch(`${BASE}/api/developments/${id(SIZE - 1)}`))).development
    expect(last.timeline.map((t) => t.id)).toEqual([8, 9, 10, 11, 12, 13].map(id))
  })

  it('shows only the story so far in a feed entry: the nearest earlier developments, then the whole story one link away', async () => {
    const res = await SELF.fetch(`${BASE}/stories/${STORY}/feed.json`)
    expect(res.status).toBe(200)
    const feed = (await res.json()) as { items: { id: string; content_html: string; _storyfold: { timeline: { id: string; current: boolean }[] } }[] }
    expect(feed.items).toHaveLength(SIZE)
    const newest = feed.items[0]!
    expect(newest._storyfold.timeline.map((t) => t.id)).toEqual([8, 9, 10, 11, 12, 13].map(id))
    expect(newest._storyfold.timeline.at(-1)?.current).toBe(true)
    expect(newest.content_html).toContain('<h3>Earlier in this story</h3>')
    for (const i of [8, 9, 10, 11, 12]) expect(newest.content_html).toContain(`/developments/${id(i)}"`)
    expect(newest.content_html).not.toContain(`/developments/${id(7)}"`)
    expect(newest.content_html).toContain(`<a href="${BASE}/stories/${STORY}">The whole story</a>`)
    const oldest = feed.items.at(-1)!
    expect(oldest.content_html).not.toContain('Earlier in this story')
    expect(oldest.content_html).not.toContain(`/developments/${id(1)}"`)
  })

  it('names the size of the whole story on the pages', async () => {
    const home = await (await SELF.fetch(`${BASE}/?story=${STORY}`)).text()
    expect(home).toContain(`The whole story (${SIZE} developments)`)
    const page = await (await SELF.fetch(`${BASE}/developments/${id(7)}`)).text()
    expect(page).toContain(`The 11 nearest of the story’s ${SIZE} developments.`)
  })

  it('orders developments reported at the same instant by id, in windows as on the story page', async () => {
    const same = '2024-04-01T12:00:00.000Z'
    await env.DB.batch(
      ['d_tie_b', 'd_tie_a', 'd_tie_c'].map((tie, k) =>
        env.DB.prepare(
          `INSERT INTO developments (id, story_id, opened_seq, title, summary, published, updated, article_count, outlet_count, outlets, search_text)
           VALUES (?, 's_tie', ?, ?, '', ?, ?, 1, 1, '[]', '')`,
        ).bind(tie, 2000 + k, tie, same, same),
      ),
    )
    const view = (await json<{ development: View }>(await SELF.fetch(`${BASE}/api/developments/d_tie_b`))).development
    expect(view.timeline.map((t) => t.id)).toEqual(['d_tie_a', 'd_tie_b', 'd_tie_c'])
  })

  it('finds neighbours by walking the story index from the development, never by sorting the whole story', async () => {
    for (const withLater of [false, true]) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${storyWindowQuery(withLater)}`)
        .bind(JSON.stringify([id(7)]), 5, ...(withLater ? [5] : []))
        .all<{ detail: string }>()
      const details = plan.results.map((r) => r.detail)
      expect(details.join('\n')).not.toMatch(/TEMP B-TREE/)
      expect(details.filter((d) => /developments_story_time \(story_id=\? AND published[<>]\?\)/.test(d))).toHaveLength(withLater ? 2 : 1)
    }
  })
})
