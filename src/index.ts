/**
 * Worker entry: wiring only, and the only place that sees `Env`.
 * `fetch` serves the Hono app (polls of unchanged feeds answered before routing, see `serve`);
 * `scheduled` polls the sources that are due, then brings stored outlet sections up to the
 * current version (a batch per run; see `refreshOutletSections`).
 */
import { serve } from './app'
import { socketFetcher } from './socket-fetch'
import { refreshOutletSections } from './outlet-sections'
import { pollDueSources, pollSettings, seedDefaultSources } from './poll'

export default {
  fetch: serve,
  async scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime)
    ctx.waitUntil(
      (async () => {
        await seedDefaultSources(env.DB, env.DEFAULT_SOURCES, now)
        const outcomes = await pollDueSources(env.DB, now, pollSettings(env, socketFetcher))
        console.log(`storyfold: polled ${outcomes.length} source(s)`, JSON.stringify(outcomes))
      })(),
    )
    // Apart from the poll, so a failing poll does not hold it up (the two never write the same column unguarded).
    ctx.waitUntil(
      refreshOutletSections(env.DB).then((n) => {
        if (n > 0) console.log(`storyfold: rewrote the outlet sections of ${n} development(s)`)
      }),
    )
  },
} satisfies ExportedHandler<Env>
