/**
 * A loopback polling run at scale (issue 18), shared by test/node/poll-scale.test.ts (a small run)
 * and scripts/bench-poll.ts (`npm run bench:poll`, 500 sources): `count` sources served on
 * 127.0.0.1, most healthy, some slow but in time, some failing (HTTP 500, a reset connection,
 * not a feed, no answer within the fetch timeout), added to a real `npm start` (wrangler dev:
 * local D1 and local Queues), then two cron runs, one cron period apart in scheduled time, each
 * followed by the queue consumer's polls. Reports, per kind, how many were polled and succeeded,
 * and how long the polls took in real time.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startDevServer, type DevServer } from './dev-server'

export type Kind = 'healthy' | 'slow' | 'http-500' | 'reset' | 'not-a-feed' | 'hanging'

/** Which kind source `i` is: about one in ten slow, one in six failing in one of four ways. */
export function kindOf(i: number): Kind {
  const r = i % 50
  if (r < 5) return 'slow'
  if (r < 7) return 'http-500'
  if (r < 9) return 'reset'
  if (r < 11) return 'not-a-feed'
  if (r < 13) return 'hanging'
  return 'healthy'
}

/** Three items of their own per source, so each healthy poll folds new articles in. */
function feedOf(i: number): string {
  const items = [0, 1, 2].map((k) => {
    const date = new Date(Date.UTC(2024, 4, 1, 12) - (i * 3 + k) * 60_000).toUTCString()
    return `<item><title>Town${i} council ${k}: vote on bridge${i}x${k} repairs</title><link>http://example.org/s${i}/${k}</link><pubDate>${date}</pubDate><description>The town${i} council voted ${k} times on the bridge${i}x${k} repairs, its clerk said.</description></item>`
  })
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Source ${i}</title><link>http://example.org/</link>${items.join('')}</channel></rss>`
}

export interface ScaleReport {
  sources: number
  /** Per kind: sources, polled at least once, succeeded (lastSuccessAt set), failures recorded. */
  kinds: Record<Kind, { sources: number; polled: number; ok: number; failed: number }>
  /** Real seconds from the first cron run until every source had been polled (or the deadline). */
  firstPeriodSeconds: number
  /** Real seconds from the first cron run until the second run's polls were done. */
  totalSeconds: number
  /** Healthy or slow sources with no successful poll after the two runs (should be none). */
  missedHealthy: number
  /** New articles the polls folded in (sum of the sources' itemsNew). */
  articles: number
}

interface SourceState {
  id: number
  outlet: string
  lastPolledAt: string | null
  lastSuccessAt: string | null
  failures: number
  itemsNew: number
}

/** Slow sources answer after this long: well inside the 10 s fetch timeout. */
const SLOW_MS = 3_000
/** A cron period (wrangler.toml: every 10 minutes). */
export const CRON_PERIOD_MS = 10 * 60_000

/**
 * Runs the loopback scale run with `count` sources; `log` gets progress lines. Stops its servers
 * before returning. Throws if the dev server does not start.
 */
export async function runPollScale(count: number, log: (line: string) => void = () => undefined): Promise<ScaleReport> {
  const hanging = new Set<import('node:http').ServerResponse>()
  const checked = new Set<number>()
  const upstream: Server = createServer((req, res) => {
    const i = Number(/^\/s(\d+)$/.exec(req.url ?? '')?.[1] ?? -1)
    if (i < 0) return void res.writeHead(404).end()
    const send = () => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedOf(i))
    // The first request is the check when the source is added: every source was a working feed
    // then (an add refuses anything else), and the failing ones broke afterwards.
    if (!checked.has(i)) {
      checked.add(i)
      return send()
    }
    switch (kindOf(i)) {
      case 'slow':
        return void setTimeout(send, SLOW_MS)
      case 'http-500':
        return void res.writeHead(500).end('upstream broke')
      case 'reset':
        return void req.socket.destroy()
      case 'not-a-feed':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Moved to our app</body></html>')
      case 'hanging':
        hanging.add(res) // never answered: the poll's timeout must end it
        return
      default:
        return send()
    }
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
  let dev: DevServer | null = null
  try {
    dev = await startDevServer({ DEFAULT_SOURCES: '[]', ALLOW_PRIVATE_SOURCES: 'true', SEED_CORPUS: 'off' })
    const auth = { authorization: `Bearer ${dev.token}` }
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${dev.base}/api/sources`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ outlet: `Source ${i}`, url: `${up}/s${i}` }),
      })
      if (res.status !== 201) throw new Error(`adding source ${i}: ${res.status} ${await res.text()}`)
    }
    log(`${count} sources added on ${up}`)
    const list = async (): Promise<SourceState[]> => {
      try {
        const res = await fetch(`${dev!.base}/api/sources`, { headers: auth, signal: AbortSignal.timeout(60_000) })
        return res.ok ? ((await res.json()) as { sources: SourceState[] }).sources : []
      } catch {
        return [] // a slow answer while the consumer folds items in; asked again
      }
    }
    /** Waits until `done(sources)` or `deadline` (real ms); returns the last list. */
    const until = async (done: (s: SourceState[]) => boolean, deadline: number): Promise<SourceState[]> => {
      let last: SourceState[] = []
      let said = 0
      while (Date.now() < deadline) {
        const s = await list()
        if (s.length) last = s
        if (s.length && done(s)) return s
        if (Date.now() - said > 15_000) {
          said = Date.now()
          log(`  polled ${last.filter((x) => x.lastPolledAt !== null).length}/${count}, ok ${last.filter((x) => x.lastSuccessAt !== null).length}`)
        }
        await new Promise((r) => setTimeout(r, 1000))
      }
      return last
    }
    const start = Date.now()
    const cron = async (at: number) => {
      const res = await fetch(`${dev!.base}/__scheduled?time=${at}`)
      if (!res.ok) throw new Error(`cron: ${res.status}`)
    }
    await cron(start)
    log('cron run 1 sent; the queue consumer polls')
    await until((s) => s.every((x) => x.lastPolledAt !== null), start + CRON_PERIOD_MS)
    const firstPeriodSeconds = (Date.now() - start) / 1000
    // The second run, one cron period later in scheduled time: whatever the first left due goes out again.
    await cron(start + CRON_PERIOD_MS)
    log('cron run 2 sent')
    const settled = (s: SourceState[]) => s.every((x) => x.lastPolledAt !== null && (kindOf(idOf(x)) === 'healthy' || kindOf(idOf(x)) === 'slow' ? x.lastSuccessAt !== null : x.failures > 0))
    const final = await until(settled, start + 2 * CRON_PERIOD_MS)
    const totalSeconds = (Date.now() - start) / 1000
    const kinds = {} as ScaleReport['kinds']
    for (const s of final) {
      const k = kindOf(idOf(s))
      const row = (kinds[k] ??= { sources: 0, polled: 0, ok: 0, failed: 0 })
      row.sources += 1
      if (s.lastPolledAt !== null) row.polled += 1
      if (s.lastSuccessAt !== null) row.ok += 1
      if (s.failures > 0) row.failed += 1
    }
    const missedHealthy = final.filter((s) => ['healthy', 'slow'].includes(kindOf(idOf(s))) && s.lastSuccessAt === null).length
    const articles = final.reduce((n, s) => n + s.itemsNew, 0)
    return { sources: final.length, kinds, firstPeriodSeconds, totalSeconds, missedHealthy, articles }
  } finally {
    for (const res of hanging) res.destroy()
    await dev?.stop()
    upstream.closeAllConnections()
    await new Promise((r) => upstream.close(r))
  }
}

/** Source i's outlet is "Source i". */
function idOf(s: { outlet: string }): number {
  return Number(s.outlet.replace(/^Source /, ''))
}
