/**
 * Retention (issue 18): past RETENTION_DAYS the cron drops an article's text, features,
 * explanation and postings, while its development keeps its entry. Feeds and pages stay byte for
 * byte what they were, storage shrinks, a pruned article sent again is still known, and a late
 * article still joins a development inside the window instead of opening a duplicate of it.
 */
import { SELF, createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { RENDER_VERSION } from '../../src/http/conditional'
import { articleFromInput } from '../../src/ingest/article'
import { ingest } from '../../src/service/pipeline'
import { BASE, TOKEN, article, json } from './helpers'

const DAY = 86_400_000

const chile = (outlet: string, url: string, extra = '') =>
  article({ outlet, url, text: `${String(article().text)} ${extra}` })
const flood = (outlet: string, url: string, extra = '') =>
  article({
    outlet,
    url,
    title: 'Floods force thousands from their homes in southern Brazil',
    published: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    text:
      'Heavy rain in the southern Brazilian state of Rio Grande do Sul has forced more than 20,000 people from their homes, ' +
      'the state civil defence agency said on Tuesday. Rivers burst their banks in Porto Alegre and several nearby towns, ' +
      `and the governor declared a state of emergency as more rain was forecast for the week. ${extra}`,
  })

const parse = (now: Date) => (input: Record<string, unknown>) => articleFromInput(input as Parameters<typeof articleFromInput>[0], { now })

/** What storage holds: the bytes of the pruned columns and the postings rows (D1 refuses PRAGMA page_count; the bench measures pages). */
async function storage(): Promise<{ bytes: number; postings: number }> {
  const row = await env.DB.prepare(
    `SELECT (SELECT SUM(length(text) + length(features) + length(explain)) FROM articles) AS bytes,
            (SELECT COUNT(*) FROM postings) AS postings`,
  ).first<{ bytes: number; postings: number }>()
  return { bytes: row?.bytes ?? 0, postings: row?.postings ?? 0 }
}

/** Bytes a development's row holds (every column's value, as stored), and its fold state and touched_at. */
async function devRow(id: string): Promise<{ bytes: number; foldState: string | null; touchedAt: string | null }> {
  const row = await env.DB.prepare('SELECT * FROM developments WHERE id = ?').bind(id).first<Record<string, unknown>>()
  if (!row) throw new Error(`no development ${id}`)
  const bytes = Object.values(row).reduce<number>((n, v) => n + (v === null ? 0 : new TextEncoder().encode(String(v)).length), 0)
  return { bytes, foldState: row.fold_state as string | null, touchedAt: row.touched_at as string | null }
}

async function version(): Promise<number> {
  return (await env.DB.prepare('SELECT MAX(version) AS v FROM changes').first<{ v: number }>())?.v ?? 0
}

/** GETs `path` rendered now: its cached copy (if any) is dropped first, so a body is never a cache replay. */
async function fresh(path: string): Promise<string> {
  const key = `${BASE}${path}${path.includes('?') ? '&' : '?'}__v=${RENDER_VERSION}.${await version()}`
  await caches.default.delete(key)
  const res = await SELF.fetch(`${BASE}${path}`)
  expect(res.status, path).toBe(200)
  return res.text()
}

describe('retention', () => {
  it('drops old articles\' text, features, explanation and postings; feeds and pages stay byte-identical, storage shrinks', async () => {
    await SELF.fetch(`${BASE}/health`)
    const now = new Date()
    const old = new Date(now.getTime() - 40 * DAY)
    const oldReport = await ingest(env.DB, [chile('Example Times', 'https://example.org/chile'), chile('Daily Wire', 'https://wire.example/chile', 'Residents in Antofagasta felt strong shaking.')].map(parse(old)), old)
    const recent = await ingest(env.DB, [flood('Globo', 'https://globo.example/floods'), flood('Reuters', 'https://reuters.example/floods', 'Rescue teams used boats.')].map(parse(now)), now)
    const oldDev = oldReport.results[0]!.developmentId
    const recentDev = recent.results[0]!.developmentId
    expect(oldReport.results[1]?.developmentId).toBe(oldDev)
    expect(recent.results[1]?.developmentId).toBe(recentDev)
    expect(oldDev).not.toBe(recentDev)
    const storyOf = async (id: string) => (await json<{ development: { storyId: string } }>(await SELF.fetch(`${BASE}/api/developments/${id}`))).development.storyId
    const paths = [
      '/feed.xml', '/atom.xml', '/feed.json', '/top.xml', '/', '/latest', '/stories', '/outlets', '/api/developments',
      `/developments/${oldDev}`, `/developments/${recentDev}`, `/stories/${await storyOf(oldDev)}`, `/stories/${await storyOf(oldDev)}/feed.xml`,
    ]
    const before = new Map<string, string>()
    for (const p of paths) before.set(p, await fresh(p))
    const stored = await storage()
    const oldRow = await devRow(oldDev)
    expect(oldRow.foldState?.length).toBeGreaterThan(100)
    const oldBytes = (await env.DB.prepare('SELECT SUM(length(text) + length(features) + length(explain)) AS n FROM articles WHERE development_id = ?').bind(oldDev).first<{ n: number }>())?.n ?? 0
    expect(oldBytes).toBeGreaterThan(2000)

    // The cron at `now` with a 30-day window (no sources, so nothing is polled).
    const ctx = createExecutionContext()
    await worker.scheduled!(createScheduledController({ scheduledTime: now.getTime(), cron: '*/10 * * * *' }), { ...env, DEFAULT_SOURCES: '[]', RETENTION_DAYS: '30' }, ctx)
    await waitOnExecutionContext(ctx)

    const arts = await env.DB.prepare('SELECT development_id AS d, text, features, explain FROM articles').all<{ d: string; text: string; features: string; explain: string }>()
    for (const a of arts.results) {
      if (a.d === oldDev) expect([a.text, a.features, a.explain]).toEqual(['', 'null', 'null'])
      else expect(a.text.length).toBeGreaterThan(100)
    }
    const postingsOf = async (dev: string) =>
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM postings WHERE seq IN (SELECT seq FROM articles WHERE development_id = ?)').bind(dev).first<{ n: number }>())?.n
    expect(await postingsOf(oldDev)).toBe(0)
    expect(await postingsOf(recentDev)).toBeGreaterThan(0)

    for (const p of paths) expect(await fresh(p), p).toBe(before.get(p))
    const after = await storage()
    // Each of the two pruned articles keeps 'null' twice (8 bytes) of what it held.
    expect(after.bytes).toBe(stored.bytes - oldBytes + 2 * 8)
    expect(after.postings).toBeLessThan(stored.postings)
    // The pruned development's row drops its fold state and touched_at (it is never a candidate
    // again) and gains pruned_at: nothing else of it changed, as the feeds above show.
    const prunedRow = await devRow(oldDev)
    expect([prunedRow.foldState, prunedRow.touchedAt]).toEqual([null, null])
    const prunedAt = await env.DB.prepare('SELECT pruned_at AS p FROM developments WHERE id = ?').bind(oldDev).first<{ p: string }>()
    expect(prunedRow.bytes).toBe(oldRow.bytes - (oldRow.foldState?.length ?? 0) - (oldRow.touchedAt?.length ?? 0) + (prunedAt?.p.length ?? 0))
    expect(prunedRow.bytes).toBeLessThan(oldRow.bytes - 100)
    expect((await devRow(recentDev)).foldState).not.toBeNull()

    // The API still answers for a pruned article: same headline and link, no text, no explanation.
    const dev = await json<{ articles: { id: string; title: string; url: string; why: unknown }[] }>(await SELF.fetch(`${BASE}/api/developments/${oldDev}`))
    expect(dev.articles.map((a) => [a.url, a.why])).toEqual([['https://example.org/chile', null], ['https://wire.example/chile', null]])
    const one = await json<{ article: { text: string; title: string } }>(await SELF.fetch(`${BASE}/api/articles/${dev.articles[0]!.id}`))
    expect(one.article).toMatchObject({ text: '', title: 'Magnitude 7.1 earthquake strikes off the coast of northern Chile' })

    // A pruned article sent again is known (by URL), or revised text of it changes nothing.
    const later = new Date(now.getTime() + 60_000)
    const again = await ingest(env.DB, [chile('Example Times', 'https://example.org/chile'), chile('Example Times', 'https://example.org/chile', 'Updated with a new paragraph.')].map(parse(later)), later)
    expect(again.results.map((r) => [r.status, r.developmentId])).toEqual([['known', oldDev], ['known', oldDev]])
    // A late report of the development inside the window joins it: no duplicate.
    const late = await ingest(env.DB, [flood('AP', 'https://ap.example/floods', 'The death toll rose to 39.')].map(parse(later)), later)
    expect(late.results[0]).toMatchObject({ status: 'joined-development', developmentId: recentDev })
    // Running retention again finds nothing new to prune (the joined development is inside the window).
    const ctx2 = createExecutionContext()
    await worker.scheduled!(createScheduledController({ scheduledTime: later.getTime(), cron: '*/10 * * * *' }), { ...env, DEFAULT_SOURCES: '[]', RETENTION_DAYS: '30' }, ctx2)
    await waitOnExecutionContext(ctx2)
    expect(await postingsOf(recentDev)).toBeGreaterThan(0)

    // Removing an article of a pruned development re-describes the entry from what is left; it still has no fold state.
    const removed = await SELF.fetch(`${BASE}/api/articles/${dev.articles[1]!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(removed.status).toBe(200)
    expect((await json<{ removed: { development: string } }>(removed)).removed.development).toBe('kept')
    const left = await json<{ development: { outlets: { url: string }[] } }>(await SELF.fetch(`${BASE}/api/developments/${oldDev}`))
    expect(left.development.outlets.map((o) => o.url)).toEqual(['https://example.org/chile'])
    expect((await devRow(oldDev)).foldState).toBeNull()
  })

  it('keeps everything with RETENTION_DAYS 0', async () => {
    await SELF.fetch(`${BASE}/health`)
    const old = new Date(Date.now() - 400 * DAY)
    await ingest(env.DB, [chile('Example Times', 'https://example.org/chile')].map(parse(old)), old)
    const before = await storage()
    const ctx = createExecutionContext()
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: '*/10 * * * *' }), { ...env, DEFAULT_SOURCES: '[]', RETENTION_DAYS: '0' }, ctx)
    await waitOnExecutionContext(ctx)
    expect(await storage()).toEqual(before)
  })
})
