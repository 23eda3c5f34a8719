/**
 * `npm run bench:poll [-- N]`: the loopback polling run of issue 18 with N sources (default 500):
 * healthy, slow and failing sources on 127.0.0.1, a real `npm start` with local D1 and local
 * Queues, two cron runs one period apart. Prints the figures per kind and exits non-zero unless
 * every healthy source was polled successfully within two cron periods.
 */
import { CRON_PERIOD_MS, runPollScale } from '../test/node/poll-scale'

const n = Number(process.argv[2] ?? 500)
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: npm run bench:poll -- [number of sources, default 500]')
  process.exit(2)
}
const r = await runPollScale(n, (line) => console.log(line))
console.log(`\n${r.sources} sources; first cron run's polls done in ${r.firstPeriodSeconds.toFixed(0)} s, both runs in ${r.totalSeconds.toFixed(0)} s (cron period ${CRON_PERIOD_MS / 1000} s)`)
console.log('| kind | sources | polled | succeeded | failures recorded |\n| --- | --- | --- | --- | --- |')
for (const [k, v] of Object.entries(r.kinds)) console.log(`| ${k} | ${v.sources} | ${v.polled} | ${v.ok} | ${v.failed} |`)
console.log(`articles folded in: ${r.articles}; healthy or slow sources never polled successfully: ${r.missedHealthy}`)
console.log(JSON.stringify({ poll_sources: r.sources, poll_first_period_s: r.firstPeriodSeconds, poll_total_s: r.totalSeconds, poll_missed_healthy: r.missedHealthy }))
const ok = r.missedHealthy === 0 && r.totalSeconds < (2 * CRON_PERIOD_MS) / 1000
console.log(ok ? 'PASS: every healthy source polled within two cron periods' : 'FAIL: some healthy source was not polled within two cron periods')
process.exit(ok ? 0 : 1)
