/**
 * The Hono app: middleware, one small app per resource mounted with `app.route()`, and errors as
 * problem+json. Routes gather data; `src/feed/` renders it; `src/store/` holds every SQL statement.
 */
import { Hono, type Context } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { IngestBusyError } from './service/retried'
import { corpusMissing, ensureCorpus } from './service/seed'
import { readVersion } from './store/changes'
import { api } from './http/api'
import type { AppEnv } from './http/env'
import { feeds } from './http/feeds'
import { pages } from './http/pages'
import { Problem, problemAt, problemResponse, transientProblem } from './http/problem'
import { sourcesApi, sourcesOpml } from './http/sources'
import { isPagePath, siteFiles } from './http/site-files'
import { listPages, listsApi } from './http/lists'
import { renderErrorPage } from './feed/pages'

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
// Reads are open to any origin (feeds and the JSON API are public); writes are not. A preflight
// is granted only for a read: POST is a CORS-safelisted method, so a preflight that echoed the
// requested headers (Authorization) would let any page make a browser send a write.
const readCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD'],
  allowHeaders: ['If-None-Match', 'If-Modified-Since'],
  exposeHeaders: ['ETag', 'Last-Modified'],
})
app.use('*', async (c, next) => {
  const method = c.req.method
  if (method === 'GET' || method === 'HEAD') return readCors(c, next)
  if (method === 'OPTIONS') {
    const wanted = (c.req.header('access-control-request-method') ?? '').toUpperCase()
    if (wanted === 'GET' || wanted === 'HEAD') return readCors(c, next)
    // Not a read: no CORS headers at all, so the browser refuses to send the request.
    return c.body(null, 204, { allow: 'GET, HEAD, OPTIONS' })
  }
  await next()
})
// One read of the data version per request, which also tells whether the embedded corpus is in:
// it is folded in on first use of a fresh database (SEED_CORPUS=off to skip).
app.use('*', async (c, next) => {
  let snapshot = await readVersion(c.env.DB)
  if (corpusMissing(c.env.SEED_CORPUS, snapshot.corpusHash)) {
    await ensureCorpus(c.env.DB, new Date())
    snapshot = await readVersion(c.env.DB)
  }
  c.set('version', snapshot)
  await next()
})

app.get('/health', (c) => c.json({ ok: true }))
app.get('/api/sources.opml', sourcesOpml)
app.route('/api/sources', sourcesApi)
app.route('/api', listsApi)
app.route('/api', api)
app.route('/', siteFiles)
app.route('/', listPages)
app.route('/', feeds)
app.route('/', pages)

/** `/stories/:id/feed.xml` → a RegExp matching the paths it serves. */
function routeRegExp(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?$`)
}

let routeTable: { re: RegExp; method: string }[] | null = null

/** The methods the app serves at `path` (HEAD with GET, and OPTIONS, included), or [] when none. */
function allowedMethods(path: string): string[] {
  routeTable ??= app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ re: routeRegExp(r.path), method: r.method }))
  const methods = new Set(routeTable.filter((r) => r.re.test(path)).map((r) => r.method))
  if (methods.size === 0) return []
  if (methods.has('GET')) methods.add('HEAD')
  methods.add('OPTIONS')
  return [...methods]
}

/**
 * An error answer: problem+json for the API and the feeds (programs read them), an HTML page a
 * reader can use for a GET of a web page (./http/site-files.ts `isPagePath`), with the same status.
 */
function errorResponse(c: Context<AppEnv>, p: Problem): Response {
  // A browser reads pages with GET (HEAD); any other method is a program's, which reads problem+json.
  const read = c.req.method === 'GET' || c.req.method === 'HEAD'
  if (!read || !isPagePath(new URL(c.req.url).pathname)) return problemResponse(c, p)
  const detail = p.errors.length ? p.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') : p.detail
  return c.html(renderErrorPage(p.status, p.title, detail), p.status, p.headers)
}

// A path that exists under other methods answers 405 with the methods it takes (RFC 9110 §15.5.6).
app.notFound((c) => {
  const path = new URL(c.req.url).pathname
  const allow = allowedMethods(path)
  // 405 only when the method is the wrong one: a GET that no GET route took (`/stories/x/`) is a 404.
  if (allow.length && !allow.includes(c.req.method)) {
    return problemResponse(c, new Problem(405, 'Method not allowed', `${path} takes ${allow.join(', ')}, not ${c.req.method}.`, [], { allow: allow.join(', ') }))
  }
  return errorResponse(c, new Problem(404, 'Not found', `Nothing is served at ${path}.`))
})

app.onError((err, c) => {
  if (err instanceof Problem) return errorResponse(c, err)
  if (err instanceof IngestBusyError) {
    return errorResponse(c, new Problem(503, 'Busy', 'Other batches were being written at the same time; nothing of this batch was stored. Send it again.', [], { 'retry-after': '1' }))
  }
  if (err instanceof HTTPException) return errorResponse(c, new Problem(err.status as 400, err.message || 'Bad request', err.message))
  return errorResponse(c, unexpected(err))
})

/** The problem for an error no route expected: 503 with Retry-After when retrying helps, else 500. */
function unexpected(err: unknown): Problem {
  const transient = transientProblem(err)
  if (transient) return transient
  console.error('storyfold: unhandled error', err instanceof Error ? err.stack : err)
  return new Problem(500, 'Internal error', 'Something went wrong on our side; nothing was half-written.')
}

/**
 * The Worker's fetch handler: the app, with whatever fails outside its own error handler still
 * answered as problem+json.
 *
 * @example
 * export default { fetch: serve }
 */
export async function serve(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  try {
    return await app.fetch(request, env, ctx)
  } catch (err) {
    let path = '/'
    try {
      path = new URL(request.url).pathname
    } catch {}
    return problemAt(path, unexpected(err))
  }
}
