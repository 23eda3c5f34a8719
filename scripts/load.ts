/**
 * `npm run load`: a bounded load test of a real `npm start` on 127.0.0.1. It starts its own dev
 * server (temp D1 state, random token), drives it with autocannon for LOAD_SECONDS (default 15)
 * with a mix of feed and page reads, conditional reads (If-None-Match with the newest ETag seen,
 * so 304 when nothing changed since) and authenticated ingests of unique generated articles,
 * then checks that every acknowledged article can be read back. Prints requests/s, latency
 * percentiles and errors, then one JSON line of figures. Exits non-zero on any error or loss.
 *
 * Environment: LOAD_SECONDS (default 15), LOAD_CONNECTIONS (default 8).
 */
import autocannon from 'autocannon'
import { articleFromInput } from '../src/ingest/article'
import { startDevServer } from '../test/node/dev-server'

const SECONDS = Number(process.env.LOAD_SECONDS ?? 15)
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 8)

const PLACES = ['Antofagasta', 'Rotterdam', 'Naryn', 'Grindavik', 'Hualien', 'Valparaiso', 'Gdansk', 'Mombasa', 'Cebu', 'Tromso']
const EVENTS = ['earthquake', 'port strike', 'glacier collapse', 'lava fissure', 'flood', 'power cut', 'ferry fire', 'bridge closure']

/** A unique, plausible article; its id is computed here the way the server computes it. */
function generated(n: number): { body: string; id: string } {
  const place = PLACES[n % PLACES.length] as string
  const event = EVENTS[Math.floor(n / PLACES.length) % EVENTS.length] as string
  const input = {
    url: `https://load${n % 17}.example/news/${n}`,
    outlet: `Load Outlet ${n % 17}`,
    title: `${event[0]?.toUpperCase()}${event.slice(1)} hits ${place}, report ${n}`,
    published: new Date(Date.UTC(2024, 5, 1 + (n % 28), n % 24)).toISOString(),
    text:
      `A ${event} hit ${place} on ${['Monday', 'Tuesday', 'Wednesday'][n % 3]}, local officials said. ` +
      `Emergency services were sent and residents were told to follow instructions. Dispatch ${n} adds that ` +
      `${n % 5} people were being treated and that more information was expected later in the day.`,
  }
  return { body: JSON.stringify(input), id: articleFromInput(input, { now: new Date() }).id }
}

async function main(): Promise<number> {
  console.log(`load: starting npm start on 127.0.0.1 …`)
  const server = await startDevServer()
  const stop = async () => server.stop()
  process.once('SIGINT', () => void stop().then(() => process.exit(130)))
  try {
    if (!new URL(server.base).hostname.startsWith('127.0.0.1')) throw new Error(`not local: ${server.base}`)
    // Warm up: the corpus is folded in on first use, and the first render of each feed is cached.
    for (const p of ['/health', '/feed.xml', '/atom.xml', '/feed.json', '/']) await (await fetch(`${server.base}${p}`)).arrayBuffer()

    let etag = (await fetch(`${server.base}/feed.json`)).headers.get('etag') ?? '""'
    let next = 0
    const sent = new Map<string, 'sent' | 'acknowledged' | 'refused'>()
    const mismatched: string[] = []
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }
    const remember = (_status: number, _body: string, _ctx: unknown, headers: Record<string, string>) => {
      if (headers.etag) etag = headers.etag
    }
    const conditional = (path: string) => ({
      method: 'GET' as const,
      path,
      setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { 'if-none-match': etag } }),
      onResponse: remember,
    })
    const requests = [
      { method: 'GET', path: '/feed.xml', onResponse: remember },
      conditional('/feed.xml'),
      { method: 'GET', path: '/atom.xml' },
      conditional('/feed.json'),
      { method: 'GET', path: '/feed.json?min_outlets=2' },
      { method: 'GET', path: '/' },
      conditional('/atom.xml'),
      { method: 'GET', path: '/api/developments?limit=20' },
      {
        method: 'POST',
        path: '/api/articles',
        setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => {
          const a = generated(next++)
          ctx.articleId = a.id
          sent.set(a.id, 'sent')
          return { ...req, headers: auth, body: a.body }
        },
        onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
          const id = ctx.articleId as string
          if (status !== 201) return void sent.set(id, 'refused')
          const got = (JSON.parse(body) as { results: { articleId: string }[] }).results[0]?.articleId
          if (got !== id) mismatched.push(`${id} answered as ${got}`)
          sent.set(id, 'acknowledged')
        },
      },
    ]

    console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s against ${server.base}`)
    const result = await autocannon({
      url: server.base,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 10,
      requests,
    })

    // Nothing lost: every acknowledged article is there, with the text we sent.
    const acknowledged = [...sent].filter(([, s]) => s === 'acknowledged').map(([id]) => id)
    const lost: string[] = []
    for (const id of acknowledged) {
      const res = await fetch(`${server.base}/api/articles/${id}`)
      if (res.status !== 200) lost.push(id)
      await res.arrayBuffer()
    }
    const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count]))
    const failed = Object.entries(codes)
      .filter(([code]) => Number(code) >= 400)
      .reduce((n, [, c]) => n + c, 0)
    const errors = failed + result.errors + result.timeouts
    const figures = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      statusCodes: codes,
      notModified: codes['304'] ?? 0,
      ingested: acknowledged.length,
      refusedIngests: [...sent.values()].filter((s) => s === 'refused').length,
      errors,
      lost: lost.length + mismatched.length,
    }
    console.log(`requests/s      ${figures.requestsPerSecond} (${figures.requests} requests in ${SECONDS} s)`)
    console.log(`latency (ms)    p50 ${figures.latencyMs.p50}  p90 ${figures.latencyMs.p90}  p99 ${figures.latencyMs.p99}  max ${figures.latencyMs.max}`)
    console.log(`status codes    ${JSON.stringify(codes)}  (304: ${figures.notModified})`)
    console.log(`ingested        ${figures.ingested} articles acknowledged, ${figures.refusedIngests} refused`)
    console.log(`errors          ${errors} (4xx/5xx ${failed}, socket errors ${result.errors}, timeouts ${result.timeouts})`)
    console.log(`lost            ${figures.lost}${lost.length ? ` e.g. ${lost.slice(0, 3).join(', ')}` : ''}${mismatched.length ? ` ${mismatched.slice(0, 3).join('; ')}` : ''}`)
    if (errors > 0) console.log(server.log().split('\n').filter((l) => /error|✘/i.test(l)).slice(0, 10).join('\n'))
    console.log(JSON.stringify(figures))
    return errors === 0 && figures.lost === 0 && acknowledged.length > 0 ? 0 : 1
  } finally {
    await stop()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
