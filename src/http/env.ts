import type { ReadSnapshot } from '../store/changes'

/** The Hono environment every storyfold app shares: the Worker's bindings, and per request the
 * data version the read side answers from (set once by the app's middleware). */
export interface AppEnv {
  Bindings: Env
  Variables: { version: ReadSnapshot }
}
