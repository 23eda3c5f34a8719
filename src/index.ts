/**
 * Worker entry: wiring only, and the only place that sees `Env`. `fetch` serves the Hono app;
 * `scheduled` polls the sources that are due.
 */
import { serve } from './app'
import { socketFetcher } from './service/socket-fetch'
import { pollDueSources, pollSettings, seedDefaultSources } from './service/poll'

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
  },
} satisfies ExportedHandler<Env>
