/**
 * Worker entry: wiring only, and the only place that sees `Env`.
 * `fetch` serves the Hono app; `scheduled` polls due sources.
 */
import { app } from './app'

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
