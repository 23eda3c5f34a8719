// Each development's outlet sections are rendered when it is written and stored beside it
// (src/feed/sections.ts, migration 0003); feeds read them instead of rendering every outlet on
// every request. Stored sections of another version (after a deploy that changed them) or none
// at all (rows from before the migration) are never served: those entries render from their
// outlets, to the same bytes, until the cron rewrites them.
import { SELF, createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { OUTLET_SECTIONS_VERSION, outletSections } from '../../src/feed/sections'
import worker from '../../src/index'
import { refreshOutletSections, sectionsToStore } from '../../src/outlet-sections'
import { upsertDevelopment } from '../../src/store/developments'
import { writeSections } from '../../src/store/sections'
import { BASE, article, postArticles } from './helpers'

const FEEDS = ['/feed.xml', '/atom.xml', '/feed.json', '/stories/s_placeholder/feed.xml'] as const

interface Row {
  id: string
  outlets: string
  sections_version: number
  section_html: string | null
  section_atom: string | null
  section_json_content: string | null
  section_json_outlets: string | null
}

const rows = async () =>
  (
    await env.DB.prepare(
      'SELECT id, outlets, sections_version, section_html, section_atom, section_json_content, section_json_outlets FROM developments ORDER BY id',
    ).all<Row>()
  ).results

/**
 * Every feed of the whole store and of its first story, rendered: the data version is bumped
 * first (as a write would), so no body comes from the Cache API.
 */
async function renderAll(): Promise<string[]> {
  await env.DB.prepare("INSERT INTO changes (version, at, articles) SELECT MAX(version) + 1, '2024-03-20T00:00:00.000Z', 0 FROM changes").run()
  const story = (await env.DB.prepare('SELECT story_id FROM developments ORDER BY published LIMIT 1').first<{ story_id: string }>())!.story_id
  const bodies: string[] = []
  for (const path of FEEDS) {
    const res = await SELF.fetch(`${BASE}${path.replace('s_placeholder', story)}?limit=50`)
    expect(res.status, path).toBe(200)
    bodies.push(await res.text())
  }
  return bodies
}

/** Stored sections as the pipeline would write them for a row's outlets. */
const expected = (r: Row) => outletSections(JSON.parse(r.outlets))

beforeEach(async () => {
  // The first request folds the seed corpus in through the pipeline; one more article through the API.
  await (await SELF.fetch(`${BASE}/health`)).arrayBuffer()
  expect((await postArticles(article())).status).toBe(201)
})

describe('outlet sections', () => {
  it('are written with every development, at the current version, from its outlets', async () => {
    const all = await rows()
    expect(all.length).toBeGreaterThanOrEqual(3)
    for (const r of all) {
      const s = expected(r)
      expect(r.sections_version, r.id).toBe(OUTLET_SECTIONS_VERSION)
      expect([r.section_html, r.section_atom, r.section_json_content, r.section_json_outlets], r.id).toEqual([s.html, s.atom, s.jsonContent, s.jsonOutlets])
    }
  })

  it('of another version are never served: feeds render those entries from their outlets, to the same bytes', async () => {
    const fresh = await renderAll()
    // An older deploy's sections (here: junk that would show if served), and rows from before the migration.
    await env.DB.batch([
      env.DB.prepare("UPDATE developments SET sections_version = ?, section_html = 'OLD', section_atom = 'OLD', section_json_content = 'OLD', section_json_outlets = '\"OLD\"' WHERE rowid % 2 = 0").bind(OUTLET_SECTIONS_VERSION - 1),
      env.DB.prepare('UPDATE developments SET sections_version = 0, section_html = NULL, section_atom = NULL, section_json_content = NULL, section_json_outlets = NULL WHERE rowid % 2 = 1'),
    ])
    const stale = await renderAll()
    expect(stale).toEqual(fresh)
    for (const body of stale) expect(body).not.toContain('OLD')
  })

  it('too large to store are not stored: the entry renders from its outlets, and the cron leaves it be', async () => {
    const base = (await rows())[0]!
    const dev = (await env.DB.prepare('SELECT * FROM developments WHERE id = ?').bind(base.id).first<Record<string, string | number>>())!
    const outlets = Array.from({ length: 300 }, (_, i) => ({
      articleId: `a_wide${i}`, outlet: `Outlet ${i}`, title: `${'The same development as outlet after outlet reports it '.repeat(4)}${i}`,
      url: `https://news${i}.example/${'path/'.repeat(20)}${i}`, published: '2024-03-02T10:00:00.000Z',
      adds: ['One more sentence that this outlet alone reports, in the words of its own reporter.'], copyOf: null, byline: null,
    }))
    const stored = {
      id: base.id, storyId: String(dev.story_id), openedSeq: Number(dev.opened_seq), title: String(dev.title), summary: String(dev.summary),
      published: String(dev.published), updated: String(dev.updated), articleCount: 300, outletCount: 300, outlets,
    }
    await env.DB.batch(upsertDevelopment(env.DB, stored, 'wide', { version: OUTLET_SECTIONS_VERSION, sections: sectionsToStore(outlets) }))
    const [row] = (await rows()).filter((r) => r.id === base.id)
    expect(row!.sections_version).toBe(OUTLET_SECTIONS_VERSION)
    expect([row!.section_html, row!.section_atom, row!.section_json_content, row!.section_json_outlets]).toEqual([null, null, null, null])

    const feeds = await renderAll()
    for (const body of feeds.slice(0, 3)) expect(body).toContain('Covered by 300 outlets')
    expect(await refreshOutletSections(env.DB)).toBe(0)
    // The same bytes as with its sections stored: nothing a reader could tell.
    await env.DB.prepare('UPDATE developments SET section_html = ?, section_atom = ?, section_json_content = ?, section_json_outlets = ? WHERE id = ?')
      .bind(...Object.values(outletSections(outlets)), base.id).run()
    expect(await renderAll()).toEqual(feeds)
  })

  it('are rewritten by the cron, a batch at a time, without touching a development that changed meanwhile', async () => {
    await env.DB.prepare('UPDATE developments SET sections_version = 0, section_html = NULL, section_atom = NULL, section_json_content = NULL, section_json_outlets = NULL').run()
    const total = (await rows()).length
    const fresh = await renderAll()

    // One at a time: the limit holds, and what it rewrote is exactly what the pipeline writes.
    expect(await refreshOutletSections(env.DB, 1)).toBe(1)
    expect((await rows()).filter((r) => r.sections_version === OUTLET_SECTIONS_VERSION)).toHaveLength(1)

    // A development read while stale whose outlets then change: the late write of the old sections is refused.
    const [target] = (await rows()).filter((r) => r.sections_version === 0)
    const changed = JSON.stringify([...JSON.parse(target!.outlets), { articleId: 'a_new', outlet: 'New Outlet', title: 'New', url: null, published: null, adds: [], copyOf: null, byline: null }])
    await env.DB.prepare('UPDATE developments SET outlets = ? WHERE id = ?').bind(changed, target!.id).run()
    const late = await writeSections(env.DB, target!.id, target!.outlets, OUTLET_SECTIONS_VERSION, expected(target!)).run()
    expect(late.meta.changes).toBe(0)
    await env.DB.prepare('UPDATE developments SET outlets = ? WHERE id = ?').bind(target!.outlets, target!.id).run()

    // The scheduled handler (no sources to poll here) rewrites the rest.
    const ctx = createExecutionContext()
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.parse('2024-03-05T00:00:00Z'), cron: '*/10 * * * *' }), { ...env, DEFAULT_SOURCES: '[]' }, ctx)
    await waitOnExecutionContext(ctx)
    const after = await rows()
    expect(after).toHaveLength(total)
    for (const r of after) {
      const s = expected(r)
      expect(r.sections_version, r.id).toBe(OUTLET_SECTIONS_VERSION)
      expect([r.section_html, r.section_atom, r.section_json_content, r.section_json_outlets], r.id).toEqual([s.html, s.atom, s.jsonContent, s.jsonOutlets])
    }
    expect(await refreshOutletSections(env.DB)).toBe(0)
    // Nothing a reader sees changed: the same documents.
    expect(await renderAll()).toEqual(fresh)
  })
})
