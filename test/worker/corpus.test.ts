import { SELF, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ensureCorpus } from '../../src/service/seed'
import { BASE, counts, json } from './helpers'

interface Dev {
  id: string
  storyId: string
  title: string
  published: string
  articleCount: number
  outlets: { outlet: string | null; title: string; url: string | null; published: string | null }[]
}

describe('the seed corpus, served on a fresh database', () => {
  it('folds the five seed articles into two developments of one story', async () => {
    const res = await SELF.fetch(`${BASE}/api/developments`)
    expect(res.status).toBe(200)
    const { developments } = await json<{ developments: Dev[] }>(res)
    expect(developments).toHaveLength(2)
    const [answer, report] = developments as [Dev, Dev] // newest first
    expect(report.storyId).toBe(answer.storyId)

    // 16 August 2023: the US presses Iran to stop selling drones to Russia, four outlets.
    expect(report.published.slice(0, 10)).toBe('2023-08-16')
    expect(report.articleCount).toBe(4)
    expect(report.outlets.map((o) => o.outlet).sort()).toEqual(
      ['Army Technology', 'Rudaw', 'The Jerusalem Post', 'The New Voice of Ukraine'].sort(),
    )
    expect(report.title).toMatch(/Iran/)

    // 26 August 2023: Russia answers that drone cooperation with Iran will continue, one outlet.
    expect(answer.published.slice(0, 10)).toBe('2023-08-26')
    expect(answer.articleCount).toBe(1)
    expect(answer.outlets.map((o) => o.outlet)).toEqual(['The Jerusalem Post'])
    expect(answer.title).toBe('Russia: Drone axis with Iran will withstand pressure from US')
  })

  it('does not duplicate anything when the service starts again on the same database', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    expect(before).toMatchObject({ articles: 5, developments: 2, stories: 1 })
    // A restart: the corpus check runs again, and even a forced re-ingest finds every article known.
    await env.DB.prepare("DELETE FROM meta WHERE key = 'corpus_hash'").run()
    await ensureCorpus(env.DB, new Date())
    await SELF.fetch(`${BASE}/health`)
    expect(await counts()).toEqual(before)
  })

  it('serves the story with both developments in time order', async () => {
    const { developments } = await json<{ developments: Dev[] }>(await SELF.fetch(`${BASE}/api/developments`))
    const storyId = developments[0]?.storyId
    const res = await SELF.fetch(`${BASE}/api/stories/${storyId}`)
    expect(res.status).toBe(200)
    const { story } = await json<{ story: { developments: Dev[] } }>(res)
    expect(story.developments.map((d) => d.published.slice(0, 10))).toEqual(['2023-08-16', '2023-08-26'])
  })

  it('explains why each article joined its development', async () => {
    const { developments } = await json<{ developments: Dev[] }>(await SELF.fetch(`${BASE}/api/developments`))
    const report = developments[1] as Dev
    const res = await SELF.fetch(`${BASE}/api/developments/${report.id}`)
    const body = await json<{ articles: { why: { similarity: number; sharedTerms: string[] } }[] }>(res)
    expect(body.articles).toHaveLength(4)
    const joined = body.articles.filter((a) => a.why.similarity > 0)
    expect(joined.length).toBeGreaterThanOrEqual(3)
    for (const a of joined) expect(a.why.sharedTerms.length).toBeGreaterThan(0)
  })
})
