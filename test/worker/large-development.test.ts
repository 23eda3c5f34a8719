/**
 * A development that keeps growing (a flood covered live by forty outlets, hundreds of reports):
 * every batch that joins it is described from the reports its entry lists, not from all its
 * articles, so its stored row stops growing once it lists one report per outlet and stays far
 * under D1's 2 MB row limit, while its counts, first report and headline stay exact.
 * Timing is not tested here: `npm run bench` prints it (scripts/bench/large.ts).
 */
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { outletKey } from '../../src/cluster/describe'
import { articleId, contentHash } from '../../src/ingest/article'
import { LISTED_MAX } from '../../src/service/listed-reports'
import { ingest } from '../../src/service/pipeline'
import type { Article, OutletCoverage } from '../../src/schema'
import { freshDatabase } from './fresh-database'
import { BASE, json } from './helpers'

// Hundreds of articles: too large a write set for isolated storage (vitest.config.ts, SHARED_DB).
beforeEach(() => freshDatabase())

const OUTLETS = Array.from({ length: 40 }, (_, i) => `Outlet ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? 'x' : ''} News`)
const HEADLINES = [
  'Floods force thousands from homes in Limburg',
  'Meuse bursts its banks: Limburg evacuates',
  'Limburg floods: thousands leave homes as Meuse rises',
  'Thousands evacuated in Limburg as the Meuse floods',
]
const LEAD =
  'Floods swept through the Dutch province of Limburg after the Meuse burst its banks, forcing thousands of residents to leave ' +
  'their homes as water levels kept rising. Emergency services in Maastricht and Venlo evacuated care homes and hospitals, and ' +
  'the army sent trucks and boats to help.'
const SEEN = 'residents volunteers sandbags dikes pumps shelters bridges roads trains schools farmers cattle villages'.split(' ')

/** Report `i` of the flood: one of forty outlets, a few seconds after the one before. */
function report(i: number): Article {
  const outlet = OUTLETS[i % OUTLETS.length] as string
  const title = HEADLINES[i % HEADLINES.length] as string
  const text = `${LEAD} Reporters saw ${SEEN[i % SEEN.length]}, ${SEEN[Math.floor(i / 13) % SEEN.length]} and ${SEEN[Math.floor(i / 169) % SEEN.length]} under water.`
  const url = `https://news${i % OUTLETS.length}.example/limburg-floods/${i}`
  const hash = contentHash(title, text)
  return {
    id: articleId(url, outlet, hash),
    url,
    canonicalUrl: url,
    outlet,
    title,
    published: new Date(Date.parse('2024-07-14T06:00:00Z') + i * 2_000).toISOString(),
    updated: null,
    byline: null,
    text,
    lang: 'en',
    contentHash: hash,
  }
}

/** The stored row of a development: bytes of every column, the listed reports and the counts. */
async function row(id: string) {
  const r = await env.DB.prepare(
    `SELECT title, published, article_count AS articleCount, outlet_count AS outletCount, outlets,
            length(CAST(id || story_id || title || summary || published || updated || outlets || search_text ||
                   ifnull(fold_state, '') || ifnull(lang, '') || ifnull(note, '') AS BLOB)) AS bytes
       FROM developments WHERE id = ?`,
  )
    .bind(id)
    .first<{ title: string; published: string; articleCount: number; outletCount: number; outlets: string; bytes: number }>()
  if (!r) throw new Error(`no development ${id}`)
  return { ...r, outlets: JSON.parse(r.outlets) as OutletCoverage[] }
}

describe('a development of hundreds of reports', () => {
  it('keeps its stored row bounded (one listed report per outlet) and its entry exact as batches join it', async () => {
    const now = new Date('2024-07-15T00:00:00Z')
    const sent = new Map<string, Article>()
    const members: Article[] = []
    let dev = ''
    const sizes: { articles: number; bytes: number }[] = []
    for (let start = 0; start < 400; start += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => report(start + k))
      const out = await ingest(env.DB, batch, now)
      batch.forEach((a) => sent.set(a.id, a))
      dev ||= out.results[0]!.developmentId
      for (const r of out.results) if (r.developmentId === dev) members.push(sent.get(r.articleId)!)
      const stored = await row(dev)
      sizes.push({ articles: stored.articleCount, bytes: stored.bytes })
    }
    // The fold keeps most of the flood in one development (it may open another as it grows).
    expect(members.length).toBeGreaterThan(3 * LISTED_MAX)

    // Five more reports join: a batch of the size the issue timed.
    const joiners = Array.from({ length: 5 }, (_, k) => report(400 + k))
    const out = await ingest(env.DB, joiners, now)
    joiners.forEach((a) => sent.set(a.id, a))
    for (const r of out.results) if (r.developmentId === dev) members.push(sent.get(r.articleId)!)
    expect(out.results.filter((r) => r.developmentId === dev).length).toBeGreaterThan(0)

    const stored = await row(dev)
    // Exact counts over all its articles, though only some are listed.
    expect(stored.articleCount).toBe(members.length)
    const outlets = new Set(members.map((a) => outletKey(a)))
    expect(stored.outletCount).toBe(outlets.size)
    // The entry lists every outlet once, by its first report, and the headline of the first report.
    expect(stored.outlets.length).toBeLessThanOrEqual(LISTED_MAX)
    const first = new Map<string, Article>()
    for (const a of [...members].sort((x, y) => (x.published! < y.published! ? -1 : 1))) if (!first.has(outletKey(a))) first.set(outletKey(a), a)
    expect(new Set(stored.outlets.map((o) => o.articleId))).toEqual(new Set([...first.values()].map((a) => a.id)))
    expect(stored.published).toBe(members.map((a) => a.published!).sort()[0])
    expect(stored.title).toBe(members[0]!.title)
    // The row stopped growing once the entry listed one report per outlet, far under D1's 2 MB.
    expect(stored.bytes).toBeLessThan(2_000_000)
    const past = sizes.filter((s) => s.articles > LISTED_MAX)
    expect(past.length).toBeGreaterThan(1)
    for (const s of past) expect(s.bytes, `row at ${s.articles} articles vs ${past[0]!.articles}`).toBeLessThan(past[0]!.bytes * 1.1)
    // The JSON API and the development page give the same counts.
    const api = (await SELF.fetch(`${BASE}/api/developments/${dev}`).then((r) => r.json())) as {
      development: { articleCount: number; outletCount: number; outlets: unknown[] }
    }
    expect(api.development).toMatchObject({ articleCount: members.length, outletCount: outlets.size })

    // Its articles come a page at a time, following `next`: every article once, in arrival order.
    const seen: string[] = []
    let next: string | null = `${BASE}/api/developments/${dev}?limit=150`
    let pages = 0
    while (next) {
      const res = await SELF.fetch(next)
      expect(res.status).toBe(200)
      const page = await json<{ development: { id: string }; articles: { id: string }[]; next: string | null }>(res)
      expect(page.development.id).toBe(dev)
      expect(page.articles.length).toBeLessThanOrEqual(150)
      seen.push(...page.articles.map((a) => a.id))
      next = page.next
      pages++
    }
    expect(pages).toBe(Math.ceil(members.length / 150))
    expect(seen).toEqual(members.map((a) => a.id))
    // Without a limit a page holds 100; a cursor that no next link gave, or an unknown parameter, is a 400 naming it.
    expect((await json<{ articles: unknown[] }>(await SELF.fetch(`${BASE}/api/developments/${dev}`))).articles).toHaveLength(100)
    for (const [query, field] of [['cursor=bm9wZQ', 'cursor'], ['limit=501', 'limit'], ['page=2', 'page']] as const) {
      const res = await SELF.fetch(`${BASE}/api/developments/${dev}?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect((await json<{ errors: { field: string }[] }>(res)).errors.map((e) => e.field)).toContain(field)
    }
  })
})
