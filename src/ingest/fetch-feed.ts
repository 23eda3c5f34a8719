/**
 * The one network call of ingest: fetch a source feed with conditional GET, a time limit, a size
 * limit and a bounded number of redirects, so a hanging, huge or looping upstream is cut off.
 */

/** What a poll of one source got. */
export type FetchedFeed =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; url: string; contentType: string | null; etag: string | null; lastModified: string | null }

export class FeedFetchError extends Error {}

export interface FetchFeedOptions {
  etag?: string | null
  lastModified?: string | null
  /** Whole-request budget, including reading the body. */
  timeoutMs?: number
  /** Bodies larger than this are refused (read is stopped, not buffered). */
  maxBytes?: number
  maxRedirects?: number
  fetcher?: typeof fetch
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    // Cancel, or the connection stays open with the upstream still sending.
    await res.body?.cancel().catch(() => undefined)
    throw new FeedFetchError(`body of ${declared} bytes is over the ${maxBytes}-byte limit`)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (e) {
      throw e instanceof FeedFetchError ? e : new FeedFetchError(`reading the body failed: ${(e as Error).message}`)
    }
    const { done, value } = chunk
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw new FeedFetchError(`body is over the ${maxBytes}-byte limit`)
    }
    parts.push(value)
  }
  const all = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.byteLength
  }
  return new TextDecoder('utf-8').decode(all)
}

/**
 * Fetches a feed; throws FeedFetchError with a clear reason on timeout, HTTP error, redirect
 * loop or oversize body.
 *
 * @example
 * const r = await fetchFeed('https://example.com/rss', { etag: source.etag })
 * if (r.status === 'ok') parse(r.body)
 */
export async function fetchFeed(url: string, opts: FetchFeedOptions = {}): Promise<FetchedFeed> {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const maxBytes = opts.maxBytes ?? 5_000_000
  const maxRedirects = opts.maxRedirects ?? 5
  const doFetch = opts.fetcher ?? fetch
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new FeedFetchError(`timed out after ${timeoutMs} ms`))
    }, timeoutMs)
  })
  const run = async (): Promise<FetchedFeed> => {
    let current = url
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
        'user-agent': 'storyfold/0.1 (+https://github.com/storyfold)',
      }
      if (opts.etag) headers['if-none-match'] = opts.etag
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified
      let res: Response
      try {
        res = await doFetch(current, { headers, redirect: 'manual', signal: controller.signal })
      } catch (e) {
        throw e instanceof FeedFetchError ? e : new FeedFetchError(`request failed: ${(e as Error).message}`)
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location')
        await res.body?.cancel()
        if (!location) throw new FeedFetchError(`HTTP ${res.status} without a Location`)
        if (hop >= maxRedirects) throw new FeedFetchError(`more than ${maxRedirects} redirects`)
        current = new URL(location, current).toString()
        continue
      }
      if (res.status === 304) return { status: 'not-modified' }
      if (!res.ok) {
        await res.body?.cancel()
        throw new FeedFetchError(`HTTP ${res.status}`)
      }
      const body = await readLimited(res, maxBytes)
      return {
        status: 'ok',
        body,
        url: current,
        contentType: res.headers.get('content-type'),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      }
    }
  }
  try {
    return await Promise.race([run(), timeout])
  } finally {
    clearTimeout(timer)
  }
}
