/**
 * The Worker folds articles one batch at a time against D1 (term counts, postings index →
 * candidates, stored development states → decide). The in-memory Folder runs the same core over
 * the same stream. On real labelled news they must agree exactly: same developments and stories,
 * same permanent ids. This is the test that the store, the candidate index, the term counts and
 * the stored fold states lose nothing.
 */
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { Folder } from '../../src/cluster'
import { articleId, contentHash } from '../../src/ingest/article'
import { ingest } from '../../src/service/pipeline'
import { Article } from '../../src/schema'
import { freshDatabase } from './fresh-database'

// This file runs in the `worker-shared-db` project (vitest.config.ts): no isolated storage, whose
// copy-and-restore of D1 does not survive a write set this large. Each test starts from a fresh
// database of its own instead.
beforeEach(() => freshDatabase())

// The labelled dev sets in ../shared/eval, beside the repository (this file is two levels below
// the project root). A glob, so that a missing set fails its test saying what is missing.
const EVAL = import.meta.glob<string>('../../../shared/eval/*.dev.jsonl', { query: '?raw', import: 'default', eager: true })

function evalSet(name: string): string {
  const raw = EVAL[`../../../shared/eval/${name}.dev.jsonl`]
  if (raw === undefined) throw new Error(`missing ../shared/eval/${name}.dev.jsonl (the labelled dev sets beside the repository)`)
  return raw
}

interface Row {
  id: string
  title: string | null
  text: string | null
  published: string | null
  outlet: string | null
}

function rows(raw: string): Row[] {
  return raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
}

function toArticle(r: Row): Article {
  const title = (r.title ?? '').trim() || (r.text ?? '').slice(0, 80) || r.id
  const text = r.text ?? ''
  const hash = contentHash(title, `${r.id}\n${text}`)
  const url = `https://eval.example/${encodeURIComponent(r.id)}`
  const published = r.published && !Number.isNaN(Date.parse(r.published)) ? new Date(Date.parse(r.published)).toISOString() : null
  return Article.parse({
    id: articleId(url, r.outlet, hash),
    url,
    canonicalUrl: url,
    outlet: r.outlet,
    title,
    published,
    updated: null,
    byline: null,
    text,
    lang: 'en',
    contentHash: hash,
  })
}

/** Where an article went: its development and story. */
interface Placement {
  developmentId: string
  storyId: string
}

/**
 * Both folds over one stream, and nothing else: the only calls into the fold APIs in this file.
 * The Worker's path ingests through src/service/pipeline in batches of 25 as the ingest API does; the
 * in-memory Folder adds the same articles in the same order.
 */
async function bothFolds(articles: Article[]): Promise<{ worker: Map<string, Placement>; memory: Map<string, Placement> }> {
  // The seed corpus stays out of the comparison.
  await env.DB.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_hash', 'skip')").run()
  const now = new Date('2024-01-01T00:00:00Z')
  for (let i = 0; i < articles.length; i += 25) await ingest(env.DB, articles.slice(i, i + 25), now)
  const { results } = await env.DB.prepare(
    'SELECT a.id, a.development_id, d.story_id FROM articles a JOIN developments d ON d.id = a.development_id',
  ).all<{ id: string; development_id: string; story_id: string }>()
  const worker = new Map(results.map((r) => [r.id, { developmentId: r.development_id, storyId: r.story_id }]))

  const folder = new Folder()
  for (const [i, a] of articles.entries()) {
    folder.add({ id: a.id, title: a.title, text: a.text, published: a.published ? Date.parse(a.published) : null, outlet: a.outlet })
    // Let the isolate answer vitest's RPC now and then: on a busy machine the whole synchronous
    // fold outlasted its 60 s timeout ("Timeout calling onTaskUpdate") and failed the run.
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 0))
  }
  const memory = folder.assignments()
  return { worker, memory }
}

for (const name of [
  'newscluster',
  'ecbplus',
  // 1,326 headlines on 21 stories: common index keys pass the per-key cap, so this also checks
  // that the store's capped, trimmed posting lists give the same candidates as the Folder's.
  'uci-newsagg',
]) {
  describe(`the Worker's fold over ${name}`, () => {
    it('matches the in-memory fold of the same stream: same developments and stories, same ids', { timeout: 120_000 }, async () => {
      const articles = rows(evalSet(name)).map(toArticle)
      const before = await env.DB.prepare('SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM developments) AS n').first<{ n: number }>()
      expect(before?.n, 'the test starts from an empty database').toBe(0)

      const { worker: stored, memory: expected } = await bothFolds(articles)
      expect(stored.size).toBe(articles.length)
      for (const a of articles) expect(stored.get(a.id), a.id).toEqual(expected.get(a.id))

      // Every development row exists, counts its articles, and no article points at a retired id.
      const devs = await env.DB.prepare('SELECT id, article_count FROM developments').all<{ id: string; article_count: number }>()
      const sizes = new Map<string, number>()
      for (const { developmentId: d } of stored.values()) sizes.set(d, (sizes.get(d) ?? 0) + 1)
      expect(new Map(devs.results.map((d) => [d.id, d.article_count]))).toEqual(sizes)
    })
  })
}
