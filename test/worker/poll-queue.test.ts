/**
 * Polling at scale (issue 18) on local D1 and local Queues: the cron claims the due sources and
 * hands them to the poll queue, the Worker's queue() handler polls them (a failing source fails
 * alone, a message delivered twice polls nothing twice), a deployment without a POLL_QUEUE polls a
 * slice from the cron, overlapping cron runs never poll a source twice (lease and claims), and each
 * source is polled at its own rate.
 */
import { SELF, createExecutionContext, createMessageBatch, createScheduledController, env, fetchMock, getQueueResult, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { CLAIM_MS, MAX_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS, POLL_INTERVAL_MS, pollInterval, runPollCron } from '../../src/service/poll'
import type { PollMessage } from '../../src/service/poll'
import { BASE, addSource, sources } from './helpers'

const UP = 'https://upstream.example'

beforeAll(() => {
  fetchMock.activate()
  fetchMock.disableNetConnect()
})
afterEach(() => fetchMock.assertNoPendingInterceptors())

/** An RSS feed of one source: `n` items an hour apart (or `gapMs` apart), each on its own topic; `channel` adds channel elements. */
function feed(name: string, n: number, opts: { gapMs?: number; channel?: string } = {}): string {
  const newest = Date.UTC(2024, 3, 3, 12)
  const items = Array.from({ length: n }, (_, i) => {
    const date = new Date(newest - i * (opts.gapMs ?? 3_600_000))
    return `<item><title>${name} report ${i}: ${name}${i} council votes on harbour${i} plan</title><link>${UP}/${name}/${i}</link><pubDate>${date.toUTCString()}</pubDate><description>The ${name}${i} council voted on the harbour${i} plan on the day, officials said.</description></item>`
  })
  return `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>${name}</title><link>${UP}/</link>${opts.channel ?? ''}${items.join('')}</channel></rss>`
}

const rss = { headers: { 'content-type': 'application/rss+xml' } }

/** Runs the Worker's cron as Cloudflare would, with `bindings` in place of the test env's, and waits for its work. */
async function cron(at: number, bindings: Partial<Env> & Record<string, unknown>): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron: '*/10 * * * *' }), { ...env, DEFAULT_SOURCES: '[]', RETENTION_DAYS: '0', ...bindings } as Env, ctx)
  await waitOnExecutionContext(ctx)
}

/** A stand-in producer that keeps what the cron sends, so the test can deliver it (once, or twice). */
function capture(): { queue: Queue<PollMessage>; sent: PollMessage[] } {
  const sent: PollMessage[] = []
  const queue = { sendBatch: async (ms: Iterable<{ body: PollMessage }>) => void sent.push(...[...ms].map((m) => m.body)) } as unknown as Queue<PollMessage>
  return { queue, sent }
}

/** Delivers `bodies` to the Worker's queue() handler as one batch; returns which were acked and which retried. */
async function deliver(bodies: PollMessage[]): Promise<{ acked: string[]; retried: string[] }> {
  const batch = createMessageBatch<PollMessage>('storyfold-poll', bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })))
  const ctx = createExecutionContext()
  await worker.queue!(batch, env, ctx)
  const result = await getQueueResult(batch, ctx)
  return { acked: result.explicitAcks, retried: result.retryMessages.map((m: { msgId: string }) => m.msgId) }
}

describe('polling through the queue', () => {
  it('enqueues each due source once; the consumer polls them, a failing one alone, and a duplicate delivery polls nothing', async () => {
    await SELF.fetch(`${BASE}/health`)
    const a = await addSource('Alpha', `${UP}/alpha`)
    const b = await addSource('Beta', `${UP}/beta`)
    const broken = await addSource('Broken', `${UP}/broken`)
    const { queue, sent } = capture()
    const t0 = Date.now() + 60_000
    await cron(t0, { POLL_QUEUE: queue })
    expect(sent.map((m) => m.id).sort()).toEqual([a, b, broken].sort())
    // Claimed: a second cron run right after finds nothing due (no source goes out twice).
    await cron(t0 + 1000, { POLL_QUEUE: queue })
    expect(sent).toHaveLength(3)
    expect((await sources()).every((s) => Date.parse(s.nextPollAt) === t0 + CLAIM_MS)).toBe(true)

    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/alpha' }).reply(200, feed('alpha', 3), rss)
    origin.intercept({ path: '/beta' }).reply(200, feed('beta', 2), rss)
    origin.intercept({ path: '/broken' }).reply(503, 'down')
    const first = await deliver(sent)
    expect(first.acked.sort()).toEqual(['m0', 'm1', 'm2'])
    expect(first.retried).toEqual([])
    const after = await sources()
    const by = (id: number) => after.find((s) => s.id === id)
    expect(by(a)).toMatchObject({ failures: 0, itemsSeen: 3, itemsNew: 3 })
    expect(by(b)).toMatchObject({ failures: 0, itemsSeen: 2, itemsNew: 2 })
    expect(by(broken)).toMatchObject({ failures: 1, lastError: 'HTTP 503' })

    // The same messages again (Queues delivers at least once): the claims are spent, nothing is fetched
    // (no interceptor is left, so a fetch would fail and show as a failure) and the stats stay.
    const again = await deliver(sent)
    expect(again.acked).toHaveLength(3)
    expect(await sources()).toEqual(after)
  })

  it('runs on local Queues end to end: the cron sends, the queue() handler polls', async () => {
    await SELF.fetch(`${BASE}/health`)
    const ids = [await addSource('One', `${UP}/one`), await addSource('Two', `${UP}/two`)]
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/one' }).reply(200, feed('one', 2), rss)
    origin.intercept({ path: '/two' }).reply(200, feed('two', 2), rss)
    await cron(Date.now(), {})
    // Local Queues deliver after max_batch_timeout (1 s): wait for both polls to be recorded.
    const deadline = Date.now() + 30_000
    let state = await sources()
    while (state.some((s) => s.lastSuccessAt === null) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      state = await sources()
    }
    expect(state.map((s) => [s.id, s.itemsNew])).toEqual(ids.map((id) => [id, 2]))
  })
})

describe('the cron without a queue', () => {
  it('polls one slice itself when there is no POLL_QUEUE binding', async () => {
    await SELF.fetch(`${BASE}/health`)
    for (const n of ['p', 'q', 'r']) await addSource(n, `${UP}/${n}`)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/p' }).reply(200, feed('p', 1), rss)
    origin.intercept({ path: '/q' }).reply(200, feed('q', 1), rss)
    await cron(Date.now() + 60_000, { POLL_QUEUE: undefined, POLL_SLICE: '2' })
    const state = await sources()
    expect(state.filter((s) => s.lastSuccessAt !== null).map((s) => s.url)).toEqual([`${UP}/p`, `${UP}/q`])
    expect(state.find((s) => s.url.endsWith('/r'))?.lastSuccessAt).toBeNull()
  })

  it('never polls a source twice at once when cron runs overlap: one holds the lease, and its stats add up', async () => {
    await SELF.fetch(`${BASE}/health`)
    for (const n of ['x', 'y']) await addSource(n, `${UP}/${n}`)
    const origin = fetchMock.get(UP)
    // Each answered once only, and slowly: a second poll of the same source would find no answer and fail.
    origin.intercept({ path: '/x' }).reply(200, feed('x', 2), rss).delay(300)
    origin.intercept({ path: '/y' }).reply(200, feed('y', 2), rss).delay(300)
    const now = new Date(Date.now() + 60_000)
    const runs = await Promise.all([runPollCron(env.DB, now, {}), runPollCron(env.DB, now, {}), runPollCron(env.DB, now, {})])
    expect(runs.filter((r) => 'skipped' in r)).toHaveLength(2)
    const state = await sources()
    expect(state.map((s) => [s.failures, s.itemsSeen, s.itemsNew])).toEqual([[0, 2, 2], [0, 2, 2]])
    // The lease is given back: the next run polls what is due then (nothing yet).
    expect(await runPollCron(env.DB, new Date(now.getTime() + 1000), {})).toEqual({ polled: [] })
  })
})

describe('each source at its own rate', () => {
  it('waits half the gap between its items, at least its <ttl> or sy:updatePeriod, within bounds', async () => {
    await SELF.fetch(`${BASE}/health`)
    await addSource('Hourly', `${UP}/hourly`)
    await addSource('TTL', `${UP}/ttl`)
    await addSource('Sy', `${UP}/sy`)
    await addSource('Daily', `${UP}/daily`)
    const origin = fetchMock.get(UP)
    origin.intercept({ path: '/hourly' }).reply(200, feed('hourly', 6), rss)
    origin.intercept({ path: '/ttl' }).reply(200, feed('ttl', 6, { gapMs: 60_000, channel: '<ttl>90</ttl>' }), rss)
    origin.intercept({ path: '/sy' }).reply(200, feed('sy', 1, { channel: '<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>' }), rss)
    origin.intercept({ path: '/daily' }).reply(200, feed('daily', 6, { gapMs: 86_400_000 }), rss)
    const now = new Date(Date.now() + 60_000)
    await runPollCron(env.DB, now, {})
    const state = await sources()
    const interval = (p: string) => state.find((s) => s.url.endsWith(p))
    expect(interval('/hourly')?.pollIntervalMs).toBe(30 * 60_000)
    // Items a minute apart, but the feed asks readers to cache it 90 minutes.
    expect(interval('/ttl')?.pollIntervalMs).toBe(90 * 60_000)
    expect(interval('/sy')?.pollIntervalMs).toBe(30 * 60_000)
    expect(interval('/daily')?.pollIntervalMs).toBe(MAX_POLL_INTERVAL_MS)
    for (const s of state) expect(Date.parse(s.nextPollAt) - now.getTime(), s.url).toBe(s.pollIntervalMs)
    // Nothing known about the rate: the default; a fast feed: the floor.
    expect(pollInterval(null, [])).toBe(POLL_INTERVAL_MS)
    expect(pollInterval(null, ['2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z', '2024-01-01T00:02:00Z'])).toBe(MIN_POLL_INTERVAL_MS)
  })
})
