/**
 * The JSON API: `POST /api/articles` (authenticated ingest), `DELETE /api/articles/:id`
 * (authenticated removal) and the read side
 * (`/api/developments`, `/api/developments/:id`, `/api/stories/:id`, `/api/articles/:id`).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { ArticleInput, ArticleInputError, MAX_OUTLET, MAX_TEXT_BYTES, MAX_TITLE, MAX_URL, articleFromInput, publishedProblem } from '../ingest/article'
import { canonicalUrl, withoutUserinfo } from '../ingest/ids'
import { CorpusMeta, parseCorpusText } from '../ingest/corpus'
import { MAX_BATCH_ARTICLES, ingest } from '../service/pipeline'
import { removeArticle } from '../service/remove'
import type { Article } from '../schema'
import { getArticle, pageArticlesOfDevelopment } from '../store/articles'
import { getDevelopment, getStory, listDevelopments, removedAt } from '../store/developments'
import type { AppEnv } from './env'
import { requireToken } from './auth'
import { type FieldError, Problem, fieldErrors, invalid } from './problem'
import { encodeCursor, encodeSeqCursor, parseArticlesQuery, parseListQuery } from './query'
import { toViews } from './views'

/** Largest request body accepted by `POST /api/articles`, in bytes. */
export const MAX_BODY_BYTES = 2_000_000
/** Most articles one batch may hold. */
export const MAX_BATCH = MAX_BATCH_ARTICLES

export const api = new Hono<AppEnv>()

/**
 * Reads a request body as UTF-8 text. A declared Content-Length over MAX_BODY_BYTES is refused at
 * once; a streamed body (no Content-Length, or a false one) is counted while it is read and
 * refused as soon as it passes the limit, so at most MAX_BODY_BYTES plus one chunk is ever held.
 * Throws a 413 Problem when too large, a 400 Problem when empty or not UTF-8.
 */
export async function readBody(req: Request): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  if (req.body) {
    const reader = req.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_BODY_BYTES) {
        // Stop here: nothing more is read or kept (the runtime drops the rest with the request).
        reader.releaseLock()
        throw tooLarge()
      }
      chunks.push(value)
    }
  }
  if (size === 0) throw invalid('Invalid request body', [{ field: '(body)', reason: 'empty' }])
  const buf = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    buf.set(c, at)
    at += c.byteLength
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf)
  } catch {
    throw invalid('Invalid request body', [{ field: '(body)', reason: 'not valid UTF-8' }])
  }
}

function tooLarge(): Problem {
  return new Problem(413, 'Request body too large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`)
}

const Batch = z.union([z.array(z.unknown()), z.object({ articles: z.array(z.unknown()) }).strict()])

/** Parses every article of a JSON body; any bad one rejects the whole batch, naming it. */
function parseJsonArticles(body: string, now: Date): Article[] {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (e) {
    throw invalid('Malformed JSON', [{ field: '(body)', reason: (e as Error).message }])
  }
  const batch = Batch.safeParse(json)
  const items: unknown[] = batch.success ? (Array.isArray(batch.data) ? batch.data : batch.data.articles) : [json]
  const prefix = (i: number) => (batch.success ? (Array.isArray(batch.data) ? `${i}` : `articles.${i}`) : '')
  if (items.length === 0) throw invalid('Empty batch', [{ field: '(body)', reason: 'no articles' }])
  if (items.length > MAX_BATCH) {
    throw new Problem(413, 'Batch too large', `A batch holds at most ${MAX_BATCH} articles; this one has ${items.length}.`)
  }
  const out: Article[] = []
  const errors = []
  for (const [i, item] of items.entries()) {
    const parsed = ArticleInput.safeParse(item)
    if (!parsed.success) {
      errors.push(...fieldErrors(parsed.error.issues, prefix(i)))
      continue
    }
    try {
      out.push(articleFromInput(parsed.data, { now }))
    } catch (e) {
      if (e instanceof ArticleInputError) {
        errors.push({ field: [prefix(i), e.field].filter(Boolean).join('.'), reason: e.message.replace(/^[^:]+: /, '') })
      } else {
        errors.push({ field: prefix(i) || '(body)', reason: (e as Error).message })
      }
    }
  }
  if (errors.length) throw invalid('Invalid article', errors)
  return out
}

/**
 * Parses one raw article in the corpus format; outlet, url and date may come as query parameters.
 * The same limits as a JSON article hold: the text at most MAX_TEXT_BYTES (413), `url` an
 * absolute http(s) URL of at most MAX_URL characters, `outlet` at most MAX_OUTLET, the headline
 * (first line) at most MAX_TITLE, the date plausible and at most a day after `now` (400).
 */
function parseTextArticle(body: string, url: URL, now: Date): Article {
  if (new TextEncoder().encode(body).length > MAX_TEXT_BYTES) {
    throw new Problem(413, 'Article too large', `A text/plain article is limited to ${MAX_TEXT_BYTES} bytes, as the text of a JSON article is.`)
  }
  const given = { outlet: url.searchParams.get('outlet'), url: url.searchParams.get('url'), published: url.searchParams.get('published') }
  const errors: FieldError[] = []
  if (given.url !== null && (given.url.length > MAX_URL || canonicalUrl(given.url) === null)) {
    errors.push({ field: 'url', reason: `url must be an absolute http(s) URL of at most ${MAX_URL} characters` })
  }
  if (given.outlet !== null && (given.outlet.trim() === '' || given.outlet.length > MAX_OUTLET)) {
    errors.push({ field: 'outlet', reason: `outlet must be 1 to ${MAX_OUTLET} characters` })
  }
  if (errors.length) throw invalid('Invalid article metadata', errors)
  const meta = CorpusMeta.safeParse({
    ...given,
    url: given.url === null ? null : withoutUserinfo(given.url),
    note: 'outlet, url and published given as query parameters of POST /api/articles',
  })
  if (!meta.success) throw invalid('Invalid article metadata', fieldErrors(meta.error.issues))
  let article: Article
  try {
    article = parseCorpusText(body, meta.data, { now })
  } catch (e) {
    throw invalid('Invalid article', [{ field: '(body)', reason: (e as Error).message }])
  }
  if (article.title.length > MAX_TITLE) {
    throw invalid('Invalid article', [{ field: 'title', reason: `the headline (first line) must be at most ${MAX_TITLE} characters` }])
  }
  const problem = article.published === null ? null : publishedProblem(article.published, now)
  if (problem !== null) throw invalid('Invalid article', [{ field: 'published', reason: problem }])
  return article
}

api.post(
  '/articles',
  requireToken<AppEnv>((c) => c.env.INGEST_TOKEN),
  async (c) => {
    const now = new Date()
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/json' && type !== 'text/plain') {
      throw new Problem(415, 'Unsupported media type', 'Send application/json (one article or a batch) or text/plain (one raw article).')
    }
    const body = await readBody(c.req.raw)
    const parsed = type === 'application/json' ? parseJsonArticles(body, now) : [parseTextArticle(body, new URL(c.req.url), now)]
    const report = await ingest(c.env.DB, parsed, now)
    return c.json({ version: report.version, changed: report.changed, results: report.results }, 201)
  },
)

api.get('/developments', async (c) => {
  const url = new URL(c.req.url)
  const q = parseListQuery(url)
  const page = await listDevelopments(c.env.DB, q.filter, q.limit, q.cursor)
  const developments = await toViews(c.env.DB, page.developments)
  let next: string | null = null
  if (page.next) {
    const n = new URL(url)
    n.searchParams.set('cursor', encodeCursor(page.next))
    next = n.toString()
  }
  return c.json({ developments, next })
})

/**
 * The answer for an id that is not stored: 410 Gone when it was removed (DELETE /api/articles/:id;
 * the entry existed and will not come back, so a reader or crawler drops it), else 404.
 */
export async function notStored(db: D1Database, kind: 'article' | 'development', id: string): Promise<Problem> {
  const at = await removedAt(db, id)
  if (at !== null) return new Problem(410, `${kind === 'article' ? 'Article' : 'Development'} removed`, `The ${kind} ${id} was removed on ${at}.`)
  return new Problem(404, `No such ${kind}`, `There is no ${kind} ${id}.`)
}

/**
 * One development with its articles in arrival order, a page at a time (`limit`, default 100, at
 * most 500; `next` is the URL of the following page, null on the last): a live event can gather
 * thousands of articles, each with its explanation.
 */
api.get('/developments/:id', async (c) => {
  const url = new URL(c.req.url)
  const { limit, afterSeq } = parseArticlesQuery(url)
  const d = await getDevelopment(c.env.DB, c.req.param('id'))
  if (!d) throw await notStored(c.env.DB, 'development', c.req.param('id'))
  const [view] = await toViews(c.env.DB, [d])
  const page = await pageArticlesOfDevelopment(c.env.DB, d.id, limit, afterSeq)
  let next: string | null = null
  if (page.nextSeq !== null) {
    const n = new URL(url)
    n.searchParams.set('cursor', encodeSeqCursor(page.nextSeq))
    next = n.toString()
  }
  return c.json({
    development: view,
    next,
    articles: page.articles.map((a) => ({
      id: a.id,
      outlet: a.outlet,
      title: a.title,
      url: a.url,
      published: a.published,
      copyOf: a.copyOf,
      why: JSON.parse(a.explain) as unknown,
    })),
  })
})

api.get('/stories/:id', async (c) => {
  const s = await getStory(c.env.DB, c.req.param('id'))
  if (!s) throw new Problem(404, 'No such story', `There is no story ${c.req.param('id')}.`)
  const page = await listDevelopments(c.env.DB, { story: s.id }, 1000)
  const developments = (await toViews(c.env.DB, page.developments)).reverse()
  return c.json({ story: { ...s, developments } })
})

api.get('/articles/:id', async (c) => {
  const a = await getArticle(c.env.DB, c.req.param('id'))
  if (!a) throw await notStored(c.env.DB, 'article', c.req.param('id'))
  const { features: _features, explain, ...rest } = a
  return c.json({ article: { ...rest, why: JSON.parse(explain) as unknown } })
})

/**
 * Removes an article (token required): 200 with what happened to its development (`removed` when
 * it was the only article, else `kept` with its headline, `retitled` when that changed); 404 for
 * an id never stored, 410 for one removed already.
 */
api.delete('/articles/:id', requireToken<AppEnv>((c) => c.env.INGEST_TOKEN), async (c) => {
  const id = c.req.param('id')
  const report = await removeArticle(c.env.DB, id, new Date())
  if (!report) throw await notStored(c.env.DB, 'article', id)
  const { version, ...removed } = report
  return c.json({ version, removed })
})
