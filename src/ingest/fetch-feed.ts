/**
 * The one network call of ingest: fetch a source feed with conditional GET, a time limit, a size
 * limit and a bounded number of redirects, so a hanging, huge or looping upstream is cut off;
 * only public addresses, checked on every redirect hop (see address.ts); bodies decoded from
 * their Content-Encoding and character set here, so a lying upstream is an ordinary error.
 */
import { Buffer } from 'node:buffer'
import iconv from 'iconv-lite'
import { isLoopback, refuseAddress } from './address'

/** What a poll of one source got. */
export type FetchedFeed =
  | { status: 'not-modified'; movedTo: string | null }
  | {
      status: 'ok'
      body: string
      /** The URL the body came from, after redirects (relative links resolve against it). */
      url: string
      /** Where the source now lives when every redirect was permanent (301/308), else null. */
      movedTo: string | null
      contentType: string | null
      etag: string | null
      lastModified: string | null
    }

export class FeedFetchError extends Error {}

export interface FetchFeedOptions {
  etag?: string | null
  lastModified?: string | null
  /** Whole-request budget, including reading the body. */
  timeoutMs?: number
  /** Bodies larger than this are refused (read is stopped, not buffered). */
  maxBytes?: number
  maxRedirects?: number
  /** Allow loopback upstreams (`ALLOW_PRIVATE_SOURCES`); other private addresses are always refused. */
  allowLoopback?: boolean
  fetcher?: typeof fetch
  /** Used instead of `fetcher` for `http://` on loopback (see src/service/socket-fetch.ts: workerd's fetch dies on a lying gzip). */
  loopbackFetcher?: typeof fetch
}

/** Reads a stream to its end, refusing more than `maxBytes` (read is stopped, not buffered). */
async function readStream(body: ReadableStream<Uint8Array>, maxBytes: number, what: string): Promise<Uint8Array> {
  const reader = body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (e) {
      throw e instanceof FeedFetchError ? e : new FeedFetchError(`${what} failed: ${(e as Error).message}`)
    }
    const { done, value } = chunk
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new FeedFetchError(`body is over the ${maxBytes}-byte limit`)
    }
    parts.push(value)
  }
  return concatBytes(parts, size)
}

/** The chunks of a body as one array; `size` is their total length in bytes. */
export function concatBytes(parts: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.byteLength
  }
  return all
}

async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    // Cancel, or the connection stays open with the upstream still sending.
    await res.body?.cancel().catch(() => undefined)
    throw new FeedFetchError(`body of ${declared} bytes is over the ${maxBytes}-byte limit`)
  }
  if (!res.body) return new Uint8Array(0)
  return readStream(res.body, maxBytes, 'reading the body')
}

/**
 * workerd is asked for the raw bytes (`encodeResponseBody: 'manual'`): its own decoder dies with a
 * fatal, uncatchable exception on a body that is not what `Content-Encoding` says (issue 15), so
 * we decode here, where a bad body is an ordinary error. Other runtimes (Node's fetch in the
 * node tests) decode by themselves.
 */
const RAW_BODIES = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers'

/**
 * Undoes `Content-Encoding` (gzip, x-gzip, deflate as zlib or raw; identity) within `maxBytes`
 * of output. Throws FeedFetchError when the body is not in the encoding the header claims.
 */
export async function decodeContent(raw: Uint8Array, encoding: string | null, maxBytes: number): Promise<Uint8Array> {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity')
  let bytes = raw
  for (const coding of codings.reverse()) {
    let format: 'gzip' | 'deflate' | 'deflate-raw'
    if (coding === 'gzip' || coding === 'x-gzip') {
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new FeedFetchError(`Content-Encoding says ${coding}, but the body is not gzip (incorrect header check)`)
      format = 'gzip'
    } else if (coding === 'deflate') {
      // RFC 9110 deflate is zlib-wrapped; some servers send raw deflate. A zlib header's first
      // two bytes, read big-endian, are a multiple of 31 with compression method 8.
      const zlib = bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0
      format = zlib ? 'deflate' : 'deflate-raw'
    } else {
      throw new FeedFetchError(`Content-Encoding ${coding} is not supported (gzip and deflate are)`)
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format))
    bytes = await readStream(stream, maxBytes, `decoding the ${coding} body`)
  }
  return bytes
}

/**
 * A charset label iconv-lite knows, normalised, or null. As in browsers (WHATWG Encoding), the
 * labels ISO-8859-1, latin1 and US-ASCII mean windows-1252: feeds that say latin1 use its curly
 * quotes and euro sign too.
 */
function knownCharset(label: string | undefined | null): string | null {
  const l = label?.trim().toLowerCase()
  if (!l) return null
  if (/^(?:iso[-_]?8859[-_]1|latin-?1|l1|us-ascii|ascii|iso-ir-100|cp819|ibm819)$/.test(l)) return 'windows-1252'
  return iconv.encodingExists(l) ? l : null
}

/**
 * Bytes → text in the feed's character set: a byte-order mark first, then the charset of
 * `Content-Type` (RFC 7303 §3: it wins over the document), then the XML declaration's
 * `encoding`, else UTF-8. Decoded by iconv-lite (the runtimes' TextDecoder differ on legacy
 * charsets: Node's reads windows-1252 as latin1). Invalid bytes become U+FFFD; never throws.
 *
 * @example
 * decodeFeedText(latin1Bytes, 'application/rss+xml; charset=ISO-8859-1') // 'très sévères …'
 */
export function decodeFeedText(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(Buffer.from(bytes), 'utf-16be')
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(Buffer.from(bytes), 'utf-16le')
  const fromHeader = knownCharset(/;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1])
  // The declaration is ASCII in every charset a feed uses, so reading the head as latin1 is safe.
  const head = iconv.decode(Buffer.from(bytes.subarray(0, 256)), 'latin1')
  const fromDecl = knownCharset(/^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1])
  const charset = fromHeader ?? fromDecl ?? 'utf-8'
  // UTF-8, and a UTF-16 label on a document without a BOM that reads as ASCII (a mislabel): UTF-8.
  if (charset === 'utf-8' || charset === 'utf8' || charset.startsWith('utf-16') || charset.startsWith('utf16')) return new TextDecoder('utf-8').decode(bytes)
  return iconv.decode(Buffer.from(bytes), charset)
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
    let permanent = true
    for (let hop = 0; ; hop++) {
      // Every hop is checked: a public URL may redirect to an internal one.
      const refused = refuseAddress(current, opts.allowLoopback ?? false)
      if (refused) throw new FeedFetchError(`refused to fetch ${hop ? 'a redirect to ' : ''}${refused.startsWith('http') ? refused : `${current}: ${refused}`}`)
      const headers: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
        'accept-encoding': 'gzip, deflate',
        'user-agent': 'storyfold/0.1 (+https://github.com/storyfold)',
      }
      if (opts.etag) headers['if-none-match'] = opts.etag
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified
      let res: Response
      try {
        const init: RequestInit = { headers, redirect: 'manual', signal: controller.signal }
        if (RAW_BODIES) init.encodeResponseBody = 'manual'
        const here = new URL(current)
        const viaSocket = opts.loopbackFetcher && opts.allowLoopback && here.protocol === 'http:' && isLoopback(here.hostname)
        res = await (viaSocket ? opts.loopbackFetcher! : doFetch)(current, init)
      } catch (e) {
        throw e instanceof FeedFetchError ? e : new FeedFetchError(`request failed: ${(e as Error).message}`)
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location')
        await res.body?.cancel()
        if (!location) throw new FeedFetchError(`HTTP ${res.status} without a Location`)
        if (hop >= maxRedirects) throw new FeedFetchError(`more than ${maxRedirects} redirects`)
        if (res.status !== 301 && res.status !== 308) permanent = false
        try {
          current = new URL(location, current).toString()
        } catch {
          throw new FeedFetchError(`HTTP ${res.status} to an invalid Location`)
        }
        continue
      }
      const movedTo = permanent && hop > 0 ? current : null
      if (res.status === 304) return { status: 'not-modified', movedTo }
      if (!res.ok) {
        await res.body?.cancel()
        throw new FeedFetchError(`HTTP ${res.status}`)
      }
      const raw = await readLimited(res, maxBytes)
      const contentType = res.headers.get('content-type')
      const bytes = RAW_BODIES ? await decodeContent(raw, res.headers.get('content-encoding'), maxBytes) : raw
      return {
        status: 'ok',
        body: decodeFeedText(bytes, contentType),
        url: current,
        movedTo,
        contentType,
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
