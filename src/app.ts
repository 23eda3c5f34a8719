/**
 * The Hono app: middleware, one small app per resource mounted with `app.route()`, and errors as
 * problem+json. Routes gather data; `src/feed/` renders it; `src/store/` holds every SQL statement.
 */
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { ensureCorpus } from './seed'
import { api } from './http/api'
import type { AppEnv } from './http/env'
import { feeds } from './http/feeds'
import { pages } from './http/pages'
import { Problem, problemResponse } from './http/problem'
import { sourcesApi } from './http/sources'

export const app = new Hono<AppEnv>()

app.use(
  '*',
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    crossOriginResourcePolicy: 'cross-origin',
  }),
)
// Reads are open to any origin (feeds and the JSON API are public); writes are not.
app.use('*', async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') {
    return cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: ['ETag', 'Last-Modified'] })(c, next)
  }
  await next()
})
// The embedded corpus: ingested on first use of a fresh database (SEED_CORPUS=off to skip).
app.use('*', async (c, next) => {
  if (c.env.SEED_CORPUS !== 'off') await ensureCorpus(c.env.DB, new Date())
  await next()
})

app.get('/health', (c) => c.json({ ok: true }))
app.route('/api/sources', sourcesApi)
app.route('/api', api)
app.route('/', feeds)
app.route('/', pages)

app.notFound((c) => problemResponse(c, new Problem(404, 'Not found', `Nothing is served at ${new URL(c.req.url).pathname}.`)))

app.onError((err, c) => {
  if (err instanceof Problem) return problemResponse(c, err)
  if (err instanceof HTTPException) return problemResponse(c, new Problem(err.status as 400, err.message || 'Bad request', err.message))
  console.error('storyfold: unhandled error', err instanceof Error ? err.stack : err)
  return problemResponse(c, new Problem(500, 'Internal error', 'Something went wrong on our side; nothing was half-written.'))
})
