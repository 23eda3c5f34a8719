import { SELF, env, fetchMock } from 'cloudflare:test'
import { expect } from 'vitest'

export const TOKEN = 'test-token-0123456789'
export const BASE = 'http://storyfold.test'

/** POSTs JSON (or raw text) to the ingest API with the test token unless told otherwise. */
export function postArticles(
  body: unknown,
  opts: { token?: string | null; type?: string; raw?: boolean; query?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' }
  const token = opts.token === undefined ? TOKEN : opts.token
  if (token !== null) headers.authorization = `Bearer ${token}`
  return SELF.fetch(`${BASE}/api/articles${opts.query ?? ''}`, {
    method: 'POST',
    headers,
    body: opts.raw ? (body as string) : JSON.stringify(body),
  })
}

/** Counts of what is stored, straight from D1: proof that a refused write stored nothing. */
export async function counts(): Promise<{ articles: number; developments: number; stories: number; postings: number }> {
  const row = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM developments) AS developments,
            (SELECT COUNT(*) FROM stories) AS stories, (SELECT COUNT(*) FROM postings) AS postings`,
  ).first<{ articles: number; developments: number; stories: number; postings: number }>()
  if (!row) throw new Error('no counts')
  return row
}

/** A plausible article; override what a test is about. */
export function article(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url: 'https://example.org/news/quake-chile-2024',
    outlet: 'Example Times',
    title: 'Magnitude 7.1 earthquake strikes off the coast of northern Chile',
    published: '2024-03-02T10:00:00Z',
    text:
      'A magnitude 7.1 earthquake struck off the coast of northern Chile on Saturday, the US Geological Survey said. ' +
      'The quake hit at a depth of 35 kilometres near the port city of Antofagasta. Chile\'s disaster agency Senapred ' +
      'said there were no immediate reports of damage or casualties and no tsunami warning was issued.',
    ...over,
  }
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T
}

/** A feed with no items: what the check on add finds at a source that is a feed. */
export const EMPTY_RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Checked</title><link>https://upstream.example/</link><description>x</description></channel></rss>'

/**
 * `POST /api/sources` fetches the URL once to check it is a feed: this answers that one fetch of
 * `url` (through the pool's fetchMock) with a feed, so a test can then serve what it is about to polls.
 */
export function feedOnAdd(url: string): void {
  const u = new URL(url)
  fetchMock.get(u.origin).intercept({ path: u.pathname + u.search }).reply(200, EMPTY_RSS, { headers: { 'content-type': 'application/rss+xml' } })
}

/** Adds a source through the API (its check on add answered by feedOnAdd) and returns its id; fails the test unless 201. */
export async function addSource(outlet: string, url: string): Promise<number> {
  feedOnAdd(url)
  const res = await SELF.fetch(`${BASE}/api/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ outlet, url }),
  })
  expect(res.status).toBe(201)
  return (await json<{ source: { id: number } }>(res)).source.id
}

/** A source as the operator sees it in `GET /api/sources` with the token. */
export interface SourceState {
  id: number
  url: string
  lastSuccessAt: string | null
  lastError: string | null
  failures: number
  itemsSeen: number
  itemsNew: number
  etag: string | null
  nextPollAt: string
  pollIntervalMs: number | null
}

/** The sources as the operator sees them (with the token: full URLs and errors). */
export async function sources(): Promise<SourceState[]> {
  return (await json<{ sources: SourceState[] }>(await SELF.fetch(`${BASE}/api/sources`, { headers: { authorization: `Bearer ${TOKEN}` } }))).sources
}
