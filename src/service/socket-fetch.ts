/**
 * A minimal HTTP/1.1 GET over a TCP socket (`cloudflare:sockets`), for loopback upstreams only.
 *
 * Why: workerd's own HTTP client decompresses a `Content-Encoding: gzip` body in native code even
 * with `encodeResponseBody: 'manual'`, and a body that is not gzip kills the whole process with
 * "Fatal uncaught kj::Exception … incorrect header check" (issue 15), before any JavaScript can
 * catch it, even when the body is cancelled unread. Over a socket the bytes arrive as sent and
 * fetchFeed decodes them, so a lying upstream is an ordinary error. Used only for `http://` on
 * loopback (local development and the tests that poll loopback upstreams, with
 * ALLOW_PRIVATE_SOURCES on); public feeds keep the platform's fetch, which sockets cannot
 * replace (they cannot reach hosts behind Cloudflare).
 *
 * It imports a workerd built-in, so it lives outside the pure layers: only the Worker side
 * (src/index.ts, src/http/sources.ts) imports it and hands it to the poll as its loopback fetcher.
 */
import { connect } from 'cloudflare:sockets'
import { concatBytes } from '../ingest/fetch-feed'

const CRLF_CRLF = [13, 10, 13, 10]

function indexOf(bytes: Uint8Array, pattern: number[], from = 0): number {
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer
    return i
  }
  return -1
}


/** Undo `Transfer-Encoding: chunked` (RFC 9112 §7.1); trailers are ignored. */
function dechunk(body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = []
  let size = 0
  let at = 0
  for (;;) {
    const eol = indexOf(body, [13, 10], at)
    if (eol < 0) throw new TypeError('chunked body cut short')
    const len = parseInt(new TextDecoder().decode(body.subarray(at, eol)).split(';')[0]!.trim(), 16)
    if (!Number.isFinite(len) || len < 0) throw new TypeError('bad chunk size')
    if (len === 0) break
    const start = eol + 2
    if (start + len > body.length) throw new TypeError('chunked body cut short')
    parts.push(body.subarray(start, start + len))
    size += len
    at = start + len + 2
  }
  return concatBytes(parts, size)
}

/**
 * GETs `input` (an `http://` URL) over a socket and answers a `Response` whose body is the bytes
 * as sent (no content decoding; chunked transfer undone). Reads at most `maxBytes` of response;
 * more is an error. Honours `init.signal` and `init.headers`. Throws TypeError on a malformed
 * response or a closed connection, like fetch.
 */
export function socketFetcher(maxBytes = 5_000_000 + 65_536): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.protocol !== 'http:') throw new TypeError(`socketFetcher speaks http only, not ${url.protocol}`)
    const socket = connect({ hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) })
    const abort = () => void socket.close().catch(() => undefined)
    init?.signal?.addEventListener('abort', abort)
    try {
      const headers = new Headers(init?.headers)
      headers.set('host', url.host)
      headers.set('connection', 'close')
      const head = [`GET ${url.pathname}${url.search} HTTP/1.1`, ...[...headers].map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')
      const writer = socket.writable.getWriter()
      await writer.write(new TextEncoder().encode(head))
      writer.releaseLock()
      const reader = socket.readable.getReader()
      const parts: Uint8Array[] = []
      let size = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.byteLength
        if (size > maxBytes) throw new TypeError(`response over ${maxBytes} bytes`)
        parts.push(value)
      }
      const all = concatBytes(parts, size)
      const end = indexOf(all, CRLF_CRLF)
      if (end < 0) throw new TypeError('connection closed before the response headers ended')
      const [statusLine = '', ...lines] = new TextDecoder('latin1').decode(all.subarray(0, end)).split('\r\n')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)
      if (!m) throw new TypeError(`not an HTTP response: ${statusLine.slice(0, 40)}`)
      const status = Number(m[1])
      const out = new Headers()
      for (const line of lines) {
        const colon = line.indexOf(':')
        if (colon > 0) out.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
      }
      let body = all.subarray(end + 4)
      if (/chunked/i.test(out.get('transfer-encoding') ?? '')) body = dechunk(body)
      const length = out.get('content-length')
      if (length !== null && /^\d+$/.test(length) && Number(length) < body.length) body = body.subarray(0, Number(length))
      const empty = status === 204 || status === 304 || (status >= 100 && status < 200)
      return new Response(empty ? null : body, { status, headers: out })
    } finally {
      init?.signal?.removeEventListener('abort', abort)
      abort()
    }
  }) as typeof fetch
}
