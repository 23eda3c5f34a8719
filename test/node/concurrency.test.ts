/**
 * Nothing lost: many batches posted at once to a real `npm start` (wrangler dev, local D1). Every
 * good article is stored exactly once and sits in exactly one development; every batch with a bad
 * article stored nothing; a kill -9 and a restart lose none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from './dev-server'

let server: DevServer

beforeAll(async () => {
  server = await startDevServer()
})
afterAll(async () => {
  await server?.stop()
})

/** A few developments, each reported by several outlets in their own words, so batches fold into each other. */
const TOPICS = [
  {
    title: 'Magnitude {n} earthquake strikes off northern Chile near Antofagasta',
    text: 'A magnitude {n} earthquake struck off the coast of northern Chile near the port city of Antofagasta, the US Geological Survey said. Chile\'s disaster agency Senapred reported no immediate damage and no tsunami warning was issued. {extra}',
  },
  {
    title: 'Dutch central bank raises deposit rate as Rotterdam port strike enters week {n}',
    text: 'The Dutch central bank raised its deposit rate while dockworkers in Rotterdam extended their strike into week {n}, halting container traffic at Europe\'s largest port. Unions said talks with terminal operators had collapsed. {extra}',
  },
  {
    title: 'Glacier collapse in Kyrgyzstan blocks Naryn river valley, {n} villages evacuated',
    text: 'A glacier collapse in the Tian Shan mountains of Kyrgyzstan blocked the Naryn river valley, and authorities evacuated {n} villages downstream. Emergency ministry officials said a temporary lake was forming behind the debris. {extra}',
  },
  {
    title: 'Volcanologists record {n} tremors as Iceland lava fissure reopens near Grindavik',
    text: 'Icelandic volcanologists recorded {n} tremors overnight as a lava fissure reopened near the fishing town of Grindavik on the Reykjanes peninsula. The Blue Lagoon spa closed and residents were told to leave. {extra}',
  },
]
const EXTRAS = ['Witnesses described the scene.', 'More details were expected later.', 'Officials urged calm.', 'Markets reacted cautiously.', 'Aid groups mobilised.']

const BATCHES = 32
const PER_BATCH = 5

interface Posted {
  url: string
  outlet: string
  title: string
  published: string
  text: string
}

function articleFor(batch: number, i: number): Posted {
  const topic = TOPICS[(batch + i) % TOPICS.length] as (typeof TOPICS)[number]
  const fill = (s: string) => s.replaceAll('{n}', String(5 + ((batch * PER_BATCH + i) % 3))).replaceAll('{extra}', EXTRAS[(batch + 2 * i) % EXTRAS.length] as string)
  return {
    url: `https://outlet${batch}.example/news/${batch}-${i}`,
    outlet: `Outlet ${batch}-${i}`,
    title: fill(topic.title),
    published: `2024-05-${String(10 + (i % 5)).padStart(2, '0')}T${String(batch % 24).padStart(2, '0')}:00:00Z`,
    text: `${fill(topic.text)} Reported by desk ${batch}, item ${i}.`,
  }
}

/** Batches 3, 7, 11, …: one article among good ones has a date that does not parse. */
const isBad = (batch: number) => batch % 4 === 3

function batchFor(batch: number): Posted[] {
  const list = Array.from({ length: PER_BATCH }, (_, i) => articleFor(batch, i))
  if (isBad(batch)) list[2] = { ...(list[2] as Posted), published: 'sometime last week' }
  return list
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path.startsWith('http') ? path : `${server.base}${path}`)
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}

interface DevelopmentPage {
  developments: { id: string; articleCount: number }[]
  next: string | null
}
interface DevelopmentDetail {
  development: { id: string; articleCount: number }
  articles: { id: string; url: string | null }[]
}

/** Every article id → the developments listing it, by paging the whole API. */
async function whereIsEverything(): Promise<{ homes: Map<string, string[]>; urls: Set<string>; total: number }> {
  const homes = new Map<string, string[]>()
  const urls = new Set<string>()
  let total = 0
  let next: string | null = '/api/developments?limit=7'
  const seen = new Set<string>()
  while (next) {
    const page: DevelopmentPage = await getJson<DevelopmentPage>(next)
    for (const d of page.developments) {
      expect(seen.has(d.id), `development ${d.id} listed twice across pages`).toBe(false)
      seen.add(d.id)
      const detail = await getJson<DevelopmentDetail>(`/api/developments/${d.id}`)
      expect(detail.articles.length, `article count of ${d.id}`).toBe(d.articleCount)
      for (const a of detail.articles) {
        homes.set(a.id, [...(homes.get(a.id) ?? []), d.id])
        if (a.url) urls.add(a.url)
        total += 1
      }
    }
    next = page.next
  }
  return { homes, urls, total }
}

describe('32 batches of 5 articles posted at once', () => {
  it('stores every good article exactly once, in exactly one development, and nothing of a bad batch; all of it survives kill -9', async () => {
    const before = await whereIsEverything()

    const responses = await Promise.all(
      Array.from({ length: BATCHES }, async (_, b) => {
        const res = await fetch(`${server.base}/api/articles`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(batchFor(b)),
        })
        const text = await res.text()
        const body = (/json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : { detail: text }) as {
          results?: { articleId: string; developmentId: string; status: string }[]
          detail?: string
        }
        return { batch: b, status: res.status, body }
      }),
    )

    const good = new Map<string, Posted>()
    for (const r of responses) {
      if (isBad(r.batch)) {
        expect(r.status, `bad batch ${r.batch}: ${r.body.detail}`).toBe(400)
        expect(r.body.detail).toMatch(/^2\.published/)
        continue
      }
      expect(r.status, `batch ${r.batch}: ${r.body.detail ?? ''}`).toBe(201)
      expect(r.body.results).toHaveLength(PER_BATCH)
      for (const [i, res] of (r.body.results ?? []).entries()) {
        expect(res.status).toMatch(/^(new|joined)-development$/)
        good.set(res.articleId, articleFor(r.batch, i))
      }
    }
    const goodBatches = Array.from({ length: BATCHES }, (_, b) => b).filter((b) => !isBad(b)).length
    expect(good.size).toBe(goodBatches * PER_BATCH)

    const badUrls = Array.from({ length: BATCHES }, (_, b) => b)
      .filter(isBad)
      .flatMap((b) => batchFor(b).map((a) => a.url))

    const verify = async (when: string) => {
      const now = await whereIsEverything()
      for (const [id, posted] of good) {
        expect(now.homes.get(id), `${when}: article ${id} (${posted.url}) is in exactly one development`).toHaveLength(1)
        const { article } = await getJson<{ article: { id: string; url: string; title: string; developmentId: string } }>(`/api/articles/${id}`)
        expect(article.url).toBe(posted.url)
        expect(article.title).toBe(posted.title)
        expect(now.homes.get(id)).toEqual([article.developmentId])
      }
      for (const [id, devs] of now.homes) expect(devs, `${when}: article ${id}`).toHaveLength(1)
      for (const url of badUrls) expect(now.urls.has(url), `${when}: ${url} from a refused batch`).toBe(false)
      expect(now.total, `${when}: nothing else appeared or vanished`).toBe(before.total + good.size)
    }

    await verify('after the burst')
    await server.restart()
    await verify('after kill -9 and restart')

    // The same burst again changes nothing: every article is known.
    const again = await Promise.all(
      Array.from({ length: BATCHES }, (_, b) => b)
        .filter((b) => !isBad(b))
        .map(async (b) => {
          const res = await fetch(`${server.base}/api/articles`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(batchFor(b)),
          })
          expect(res.status).toBe(201)
          return ((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)
        }),
    )
    expect(new Set(again.flat())).toEqual(new Set(['known']))
    await verify('after posting everything again')

    expect(server.log()).not.toContain(server.token)
  }, 170_000)
})
