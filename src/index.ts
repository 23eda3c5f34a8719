/**
 * Worker entry: wiring only, and the only place that sees `Env`.
 * `fetch` serves the Hono app; `scheduled` polls the sources that are due.
 */
import { app } from './app'
import { pollDueSources, seedDefaultSources } from './poll'

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime)
    ctx.waitUntil(
      (async () => {
        await seedDefaultSources(env.DB, env.DEFAULT_SOURCES, now)
        const outcomes = await pollDueSources(env.DB, now)
        console.log(`storyfold: polled ${outcomes.length} source(s)`, JSON.stringify(outcomes))
      })(),
    )
  },
} satisfies ExportedHandler<Env>
