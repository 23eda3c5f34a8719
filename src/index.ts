/**
 * Worker entry: wiring only, and the only place that sees `Env`. `fetch` serves the Hono app;
 * `scheduled` hands the due sources to the poll queue (or polls a slice itself when there is no
 * POLL_QUEUE binding) and applies retention; `queue` polls the sources of one batch.
 */
import { serve } from './app'
import { socketFetcher } from './service/socket-fetch'
import { pollQueuedSources, pollSettings, runPollCron, seedDefaultSources } from './service/poll'
import type { PollMessage } from './service/poll'
import { applyRetention } from './store/retention'

export default {
  fetch: serve,
  async scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime)
    ctx.waitUntil(
      (async () => {
        await seedDefaultSources(env.DB, env.DEFAULT_SOURCES, now)
        // A deployment without Queues has no POLL_QUEUE binding: the cron then polls a slice itself.
        const done = await runPollCron(env.DB, now, { ...pollSettings(env, socketFetcher), queue: env.POLL_QUEUE as Queue<PollMessage> | undefined })
        console.log('storyfold: cron poll', JSON.stringify(done))
      })(),
    )
    // Apart from the poll, so a failing poll does not hold it up (retention writes nothing the poll writes).
    ctx.waitUntil(
      applyRetention(env.DB, now, Number(env.RETENTION_DAYS || 0)).then((n) => {
        if (n.developments > 0) console.log(`storyfold: retention pruned ${n.articles} article(s) of ${n.developments} development(s)`)
      }),
    )
  },
  async queue(batch, env, _ctx) {
    const outcomes = await pollQueuedSources(env.DB, batch.messages as readonly Message<PollMessage>[], new Date(), pollSettings(env, socketFetcher))
    console.log(`storyfold: queue polled ${outcomes.length} source(s)`, JSON.stringify(outcomes))
  },
} satisfies ExportedHandler<Env, PollMessage>
