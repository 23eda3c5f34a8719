/**
 * Bench-only Worker entry (never deployed): the real app from src/app.ts, plus `/__floor/<bytes>`,
 * answered before Hono sees the request with a string built once per size, so the bench can
 * compare a route's CPU with the least a request can cost in this same Worker and runtime, and
 * `/__d1`, the floor plus the one D1 query every feed request makes (the data version), to show
 * what a local D1 round trip costs in the same process.
 */
import worker from '../../src/index'

const prebuilt = new Map<number, string>()

function floorBody(bytes: number): string {
  let body = prebuilt.get(bytes)
  if (body === undefined) {
    body = 'x'.repeat(bytes)
    prebuilt.set(bytes, body)
  }
  return body
}

export default {
  fetch(request, env, ctx) {
    const path = new URL(request.url).pathname
    if (path.startsWith('/__floor/')) {
      const bytes = Math.min(Number(path.slice('/__floor/'.length)) || 0, 5_000_000)
      return new Response(floorBody(bytes), { headers: { 'content-type': 'text/plain; charset=utf-8' } })
    }
    if (path === '/__d1') {
      return env.DB.prepare('SELECT version, at FROM changes ORDER BY version DESC LIMIT 1')
        .first<{ version: number }>()
        .then((row) => new Response(String(row?.version ?? 0), { headers: { 'content-type': 'text/plain; charset=utf-8' } }))
    }
    return worker.fetch(request, env, ctx)
  },
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>
