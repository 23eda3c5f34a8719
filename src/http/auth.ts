/**
 * Bearer-token auth for writes. The token is compared in constant time (both sides hashed to
 * fixed-length digests first, then `timingSafeEqual`), and with no `INGEST_TOKEN` configured
 * every write is refused: never open by default.
 */
import type { MiddlewareHandler } from 'hono'
import { Problem } from './problem'

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))
}

/** Whether `given` equals `expected`, in time independent of where they differ. */
export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)])
  return crypto.subtle.timingSafeEqual(a, b)
}

const challenge = { 'www-authenticate': 'Bearer realm="storyfold"' }

/**
 * Middleware: require `Authorization: Bearer <token>` matching the secret that `getToken` returns.
 *
 * @example
 * api.use('/articles', requireToken((c) => c.env.INGEST_TOKEN))
 */
export function requireToken<E extends { Bindings: object }>(getToken: (c: Parameters<MiddlewareHandler<E>>[0]) => string | undefined): MiddlewareHandler<E> {
  return async (c, next) => {
    const expected = getToken(c)
    if (!expected) {
      throw new Problem(403, 'Writes are disabled', 'No INGEST_TOKEN is configured on this server, so every write is refused.')
    }
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    if (!m) throw new Problem(401, 'Authentication required', 'Send Authorization: Bearer <token>.', [], challenge)
    if (!(await tokensMatch(m[1] as string, expected))) {
      throw new Problem(401, 'Authentication failed', 'The bearer token is not valid.', [], challenge)
    }
    await next()
  }
}
