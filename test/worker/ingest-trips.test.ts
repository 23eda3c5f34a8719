/**
 * What a batch costs in D1 requests. Production D1 is a network hop away from the Worker, so
 * every request is a round trip a batch waits for; and one invocation may send only so many
 * queries. A batch of 100 real feed items must reach D1 in a handful of requests, not one or
 * more per article (it took about two per article before: a candidate lookup and a fold-state
 * read each).
 */
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { ingest } from '../../src/service/pipeline'
import { articleId, canonicalUrl, contentHash } from '../../src/ingest/ids'
import { Article } from '../../src/schema'
import { countingD1 } from './d1-trips'
import { freshDatabase } from './fresh-database'

beforeEach(() => freshDatabase())

const STREAM = import.meta.glob<string>('../../../shared/realstream/may-2020/items.jsonl', { query: '?raw', import: 'default', eager: true })

function realItems(n: number): Article[] {
  const raw = STREAM['../../../shared/realstream/may-2020/items.jsonl']
  if (raw === undefined) throw new Error('missing ../shared/realstream/may-2020/items.jsonl (the real May 2020 stream beside the repository)')
  return raw
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => {
      const r = JSON.parse(l) as { id: string; title: string | null; text: string | null; published: string | null; outlet: string | null; url: string | null; lang: string | null }
      const title = (r.title ?? '').trim() || (r.text ?? '').slice(0, 80) || r.id
      const text = r.text ?? ''
      const url = r.url ?? `https://stream.example/${encodeURIComponent(r.id)}`
      const hash = contentHash(title, text)
      return Article.parse({
        id: articleId(canonicalUrl(url), r.outlet, hash), url, canonicalUrl: canonicalUrl(url), outlet: r.outlet, title,
        published: r.published ? new Date(Date.parse(r.published)).toISOString() : null, updated: null, byline: null, text, lang: r.lang, contentHash: hash,
      })
    })
}

/** D1 requests a batch may take: 1 to read the version, term counts, known articles and last seq; 1 for taken ids; 2 for candidates and their states; 2 to describe; 1 to write; 1 spare. */
const MAX_TRIPS = 8

describe('D1 requests per ingest batch', () => {
  it('a batch of 100 real feed items, new or sent again, takes a handful of D1 requests, not some per article', { timeout: 120_000 }, async () => {
    await env.DB.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_hash', 'skip')").run()
    const items = realItems(300)
    const now = new Date('2020-06-01T00:00:00Z')
    const joined: number[] = []
    for (let i = 0; i < items.length; i += 100) {
      const d1 = countingD1(env.DB)
      const report = await ingest(d1.db, items.slice(i, i + 100), now)
      expect(report.results.filter((r) => r.status === 'new-development' || r.status === 'joined-development')).toHaveLength(100)
      joined.push(report.results.filter((r) => r.status === 'joined-development').length)
      expect(d1.trips(), `batch ${i / 100}: D1 requests`).toBeLessThanOrEqual(MAX_TRIPS)
    }
    // The later batches fold into what is stored: the candidates came from D1, not only from the batch.
    expect(joined.slice(1).some((n) => n > 0)).toBe(true)
    const stored = await env.DB.prepare('SELECT COUNT(*) AS n FROM articles').first<{ n: number }>()
    expect(stored?.n).toBe(300)

    const again = countingD1(env.DB)
    const report = await ingest(again.db, items.slice(100, 200), now)
    expect(report.results.map((r) => r.status)).toEqual(Array(100).fill('known'))
    expect(again.trips()).toBeLessThanOrEqual(3)
  })
})
