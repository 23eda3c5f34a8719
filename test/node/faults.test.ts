/**
 * Faults upstream: `fetchFeed` against real HTTP servers on 127.0.0.1 that hang, reset, redirect
 * forever, stream without end, or fail. Each is cut off cleanly with a FeedFetchError that says
 * why, and the connection is closed rather than left running.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { FeedFetchError, fetchFeed } from '../../src/ingest/fetch-feed'

const servers: Server[] = []

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** A server on 127.0.0.1 with the given handler; resolves to its base URL. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Resolves when the response's connection is closed (by us or by the client). */
function closed(res: ServerResponse): Promise<void> {
  return new Promise((r) => res.on('close', () => r()))
}

async function failure(p: Promise<unknown>): Promise<FeedFetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(FeedFetchError)
  return err as FeedFetchError
}

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

describe('fetchFeed against misbehaving upstreams', () => {
  it('cuts off a server that never answers at the time limit, and closes the connection', async () => {
    let gone: Promise<void> = Promise.resolve()
    const base = await serve((_req, res) => {
      gone = closed(res) // accept, then say nothing
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, timeoutMs: 300 }))
    expect(err.message).toMatch(/timed out after 300 ms/)
    await gone
  })

  it('cuts off a server that sends headers and then trickles the body forever', async () => {
    let gone: Promise<void> = Promise.resolve()
    const base = await serve((_req, res) => {
      gone = closed(res)
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      res.write('<?xml version="1.0"?><rss><channel>')
      const t = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(t))
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, timeoutMs: 400 }))
    expect(err.message).toMatch(/timed out/)
    await gone
  })

  it('fails cleanly when the server resets the connection', async () => {
    const base = await serve((req) => {
      req.socket.resetAndDestroy()
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, timeoutMs: 5_000 }))
    expect(err.message).toMatch(/^request failed/)
  })

  it('fails cleanly when the server closes the connection mid-body', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '100000' })
      res.write('<?xml version="1.0"?><rss><channel><title>half')
      setTimeout(() => req.socket.destroy(), 20)
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, timeoutMs: 5_000 }))
    expect(err.message).toMatch(/^reading the body failed/)
  })

  it('stops a redirect loop at the redirect limit', async () => {
    let hops = 0
    const base = await serve((req, res) => {
      hops += 1
      const n = Number(req.url?.split('/').pop()) || 0
      res.writeHead(302, { location: `/r/${n + 1}` }).end()
    })
    const err = await failure(fetchFeed(`${base}/r/0`, { allowLoopback: true, maxRedirects: 3, timeoutMs: 5_000 }))
    expect(err.message).toMatch(/more than 3 redirects/)
    expect(hops).toBe(4) // the first request and three redirects followed, no more
  })

  it('follows a redirect within the limit and reports where the feed was found', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end()
      else res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(RSS)
    })
    const got = await fetchFeed(`${base}/old`, { allowLoopback: true, timeoutMs: 5_000 })
    expect(got).toMatchObject({ status: 'ok', url: `${base}/new`, movedTo: `${base}/new`, body: RSS, etag: '"v1"' })
  })

  it('cuts off an endless stream at the size limit without reading it all, and closes the connection', async () => {
    let sent = 0
    let gone: Promise<void> = Promise.resolve()
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const base = await serve((_req, res) => {
      gone = closed(res)
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      const pump = () => {
        // Write while the socket takes it; stop only when the client goes away (or at 1 GiB).
        while (!res.destroyed && sent < 2 ** 30) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, maxBytes: 1_000_000, timeoutMs: 20_000 }))
    expect(err.message).toMatch(/over the 1000000-byte limit/)
    await gone
    // The server could push only what fit in socket buffers past the limit: megabytes, not a gigabyte.
    expect(sent).toBeLessThan(32 * 1024 * 1024)
  })

  it('refuses a declared gigabyte body before reading any of it', async () => {
    let gone: Promise<void> = Promise.resolve()
    const base = await serve((_req, res) => {
      gone = closed(res)
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(2 ** 31) })
      res.write('<rss>')
    })
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, maxBytes: 1_000_000, timeoutMs: 20_000 }))
    expect(err.message).toMatch(/2147483648 bytes is over the 1000000-byte limit/)
    await gone
  })

  it('reports an HTTP error status, a redirect without Location, and passes 304 through', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/500') res.writeHead(500).end('boom')
      else if (req.url === '/nowhere') res.writeHead(302).end()
      else if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end()
      else res.writeHead(200).end(RSS)
    })
    expect((await failure(fetchFeed(`${base}/500`, { allowLoopback: true }))).message).toBe('HTTP 500')
    expect((await failure(fetchFeed(`${base}/nowhere`, { allowLoopback: true }))).message).toMatch(/302 without a Location/)
    expect(await fetchFeed(`${base}/feed`, { allowLoopback: true, etag: '"v1"' })).toEqual({ status: 'not-modified', movedTo: null })
  })

  it('fails cleanly when nothing listens on the port', async () => {
    const base = await serve(() => undefined)
    const s = servers.pop() as Server
    await new Promise((r) => s.close(r))
    const err = await failure(fetchFeed(`${base}/feed`, { allowLoopback: true, timeoutMs: 5_000 }))
    expect(err.message).toMatch(/^request failed/)
  })
})
