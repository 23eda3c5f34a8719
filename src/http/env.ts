/** The Hono environment every storyfold app shares: the Worker's bindings. */
export interface AppEnv {
  Bindings: Env
}
