/**
 * The Worker folds articles one batch at a time against D1 (term counts, postings index →
 * candidates, stored development states → decide). The in-memory Folder runs the same core over
 * the same stream. On real labelled news they must agree exactly: same developments and stories,
 * same permanent ids. This is the test that the store, the candidate index, the term counts and
 * the stored fold states lose nothing.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import newscluster from '../../../shared/eval/newscluster.dev.jsonl?raw'
import ecbplus from '../../../shared/eval/ecbplus.dev.jsonl?raw'
import uci from '../../../shared/eval/uci-newsagg.dev.jsonl?raw'
import { Folder } from '../../src/cluster'
import { articleId, contentHash } from '../../src/ingest/article'
import { ingest } from '../../src/pipeline'
import { Article } from '../../src/schema'

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

async function workerPartition(): Promise<Map<string, { developmentId: string; storyId: string }>> {
  const { results } = await env.DB.prepare(
    'SELECT a.id, a.development_id, d.story_id FROM articles a JOIN developments d ON d.id = a.development_id',
  ).all<{ id: string; development_id: string; story_id: string }>()
  return new Map(results.map((r) => [r.id, { developmentId: r.development_id, storyId: r.story_id }]))
}

for (const [name, raw] of [
  ['newscluster', newscluster],
  ['ecbplus', ecbplus],
  // 1,326 headlines on 21 stories: common index keys pass the per-key cap, so this also checks
  // that the store's capped, trimmed posting lists give the same candidates as the Folder's.
  ['uci-newsagg', uci],
] as const) {
  describe(`the Worker's fold over ${name}`, () => {
    it('matches the in-memory fold of the same stream: same developments, same ids', { timeout: 120_000 }, async () => {
      await env.DB.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_hash', 'skip')").run()
      const articles = rows(raw).map(toArticle)
      const folder = new Folder()
      for (const a of articles) {
        folder.add({ id: a.id, title: a.title, text: a.text, published: a.published ? Date.parse(a.published) : null, outlet: a.outlet })
      }
      const now = new Date('2024-01-01T00:00:00Z')
      for (let i = 0; i < articles.length; i += 25) await ingest(env.DB, articles.slice(i, i + 25), now)

      const stored = await workerPartition()
      const expected = folder.assignments()
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
