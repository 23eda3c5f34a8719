/**
 * Cheap polling: ETag and Last-Modified derived from the data's version and the time of its last
 * real change, 304 for conditional requests, and rendered bodies kept in the Cache API under a
 * key that includes the data version, so a write makes every older copy unreachable at once.
 */
import type { Context } from 'hono'
import type { DataVersion } from '../store/changes'

/** Bump when rendering changes, so a deploy does not serve old bodies under old ETags. */
export const RENDER_VERSION = 4

/** Feeds are polled every few minutes: a short freshness window, then revalidate (cheap: 304). */
export const FEED_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300'
export const PAGE_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=120'

/** The ETag of every representation at a data version. */
export function etagFor(v: DataVersion): string {
  return `"sf${RENDER_VERSION}-${v.version}"`
}

/** Whether the request's validators match, so a 304 is the answer (RFC 9110 §13.2.2 order). */
export function notModified(req: Request, etag: string, lastModified: Date): boolean {
  const inm = req.headers.get('if-none-match')
  if (inm !== null) {
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag)
  }
  const ims = req.headers.get('if-modified-since')
  if (ims !== null) {
    const since = Date.parse(ims)
    if (!Number.isNaN(since)) return Math.floor(lastModified.getTime() / 1000) * 1000 <= since
  }
  return false
}

function cacheKey(url: URL, v: DataVersion): Request {
  const u = new URL(url)
  u.searchParams.set('__v', `${RENDER_VERSION}.${v.version}`)
  return new Request(u.toString(), { method: 'GET' })
}

function defaultCache(): Cache | null {
  return typeof caches === 'undefined' ? null : (caches as unknown as { default: Cache }).default
}

/**
 * Serves a rendered document with validators: 304 when the client already has it, a cached body
 * when this version was rendered before, else `render()` (then cached in the background).
 *
 * @example
 * return serveVersioned(c, version, 'application/rss+xml; charset=utf-8', FEED_CACHE_CONTROL, () => renderRss(meta, views))
 */
export async function serveVersioned(
  c: Context,
  version: DataVersion,
  contentType: string,
  cacheControl: string,
  render: () => Promise<string>,
): Promise<Response> {
  const etag = etagFor(version)
  const lastModified = new Date(version.at)
  const headers = {
    etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': cacheControl,
    vary: 'Accept-Encoding',
  }
  if (notModified(c.req.raw, etag, lastModified)) return new Response(null, { status: 304, headers })
  const url = new URL(c.req.url)
  const cache = defaultCache()
  const key = cacheKey(url, version)
  const hit = cache ? await cache.match(key) : undefined
  const respond = (body: BodyInit | null) =>
    new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'content-type': contentType } })
  // A cached body streams through as bytes: no decoding and encoding again.
  if (hit) return respond(hit.body)
  // Encoded to UTF-8 once, for the cache and for the client.
  const body = new TextEncoder().encode(await render())
  if (cache) {
    const put = cache.put(key, new Response(body, { headers: { ...headers, 'content-type': contentType } }))
    try {
      c.executionCtx.waitUntil(put)
    } catch {
      await put
    }
  }
  return respond(body)
}
