/**
 * Issue 18, small: 60 loopback sources (healthy, slow, failing in four ways) polled through local
 * Queues by a real `npm start`: every healthy and slow source is polled successfully within two
 * cron periods, every failing one records its failure, and none stops the others. The 500-source
 * run is `npm run bench:poll` (scripts/bench-poll.ts), the same code.
 */
import { expect, it } from 'vitest'
import { runPollScale } from './poll-scale'

it('polls every healthy source of 60 within two cron periods, while slow and failing ones delay no other', async () => {
  const r = await runPollScale(60)
  expect(r.sources).toBe(60)
  expect(r.missedHealthy).toBe(0)
  expect(r.kinds.healthy.ok).toBe(r.kinds.healthy.sources)
  expect(r.kinds.slow.ok).toBe(r.kinds.slow.sources)
  for (const k of ['http-500', 'reset', 'not-a-feed', 'hanging'] as const) {
    expect(r.kinds[k].sources, k).toBeGreaterThan(0)
    expect(r.kinds[k].failed, k).toBe(r.kinds[k].sources)
  }
  // Three items of their own per healthy or slow source, each folded in once.
  expect(r.articles).toBe(3 * (r.kinds.healthy.sources + r.kinds.slow.sources))
  expect(r.totalSeconds).toBeLessThan(2 * 600)
}, 1_500_000)
