import { SELF, env, fetchMock } from 'cloudflare:test'

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
