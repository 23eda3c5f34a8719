/**
 * Polled sources through the API: `GET /api/sources` shows each source's state (last success,
 * last error, item counts); adding and removing need the ingest token.
 *
 * Issue 19: the list is public, so without the token it shows each URL without credentials,
 * query or fragment (API keys live there) and each error only as its kind ("HTTP 503", "timed
 * out"), never the details that tell which internal ports answer or what. With the token: all.
 * A source must be a public address (see ingest/address.ts) when it is added, too, and is
 * checked then (ingest/check-source.ts: fetched once; a feed is taken, a web page's feed is
 * discovered, anything else is refused with 422 and the reason).
 * `POST /api/sources/:id/poll` (token) polls one source now and answers what happened.
 * OPML (the subscription lists every feed reader imports and exports): `GET /api/sources.opml`
 * exports the sources, `POST /api/sources` with an OPML body imports one.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { socketFetcher } from '../service/socket-fetch'
import { pollSettings, pollSourceNow } from '../service/poll'
import * as store from '../store/sources'
import type { AppEnv } from './env'
import { allowPrivateSources, refuseAddress } from '../ingest/address'
import { SourceCheckError, checkSource } from '../ingest/check-source'
import { opmlOutlines } from '../ingest/discover'
import { canonicalUrl } from '../ingest/ids'
import { renderOpml } from '../feed/opml'
import { readBody } from './api'
import { requireToken, tokensMatch } from './auth'
import { Problem, fieldErrors, invalid } from './problem'

const NewSource = z
  .object({
    outlet: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
    url: z
      .string()
      .max(2048, 'at most 2048 characters')
      .url('must be a URL')
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  })
  .strict()

export const sourcesApi = new Hono<AppEnv>()
const auth = requireToken<AppEnv>((c) => c.env.INGEST_TOKEN)

/** A URL as the public sees it: scheme, host, port and path only. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return ''
  }
}

/** The kind of a poll error, without its details: what the public list shows. */
export function publicError(error: string | null): string | null {
  if (error === null) return null
  const http = /^HTTP (\d{3})\b/.exec(error)
  if (http) return `HTTP ${http[1]}`
  const kinds: [RegExp, string][] = [
    [/^refused to fetch/, 'refused: not a public address'],
    [/timed out/, 'timed out'],
    [/redirect/i, 'bad redirect'],
    [/Content-Encoding|decoding the/, 'body not in its declared Content-Encoding'],
    [/over the .*limit/, 'feed too large'],
    [/not RSS, Atom or JSON Feed|malformed JSON|not a JSON Feed|is empty/, 'not a readable feed'],
    [/conflicted with concurrent batches/, 'busy; will retry'],
  ]
  return kinds.find(([re]) => re.test(error))?.[1] ?? 'fetch failed'
}

async function hasToken(c: { req: { header: (n: string) => string | undefined }; env: Env }): Promise<boolean> {
  const expected = c.env.INGEST_TOKEN
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  return Boolean(expected && m && (await tokensMatch(m[1] as string, expected)))
}

sourcesApi.get('/', async (c) => {
  const all = await store.listSources(c.env.DB)
  if (await hasToken(c)) return c.json({ sources: all })
  // Validators are the upstream's business; the public sees state, not secrets.
  return c.json({
    sources: all.map(({ etag: _e, lastModified: _l, ...s }) => ({ ...s, url: publicUrl(s.url), lastError: publicError(s.lastError) })),
  })
})

/** An OPML body: `text/x-opml` (or `application/x-opml`), or XML whose root turns out to be `<opml>`. */
const OPML_TYPE = /^\s*(?:text\/x-opml|application\/x-opml)\b/i
const XML_TYPE = /^\s*(?:application|text)\/(?:[\w.+-]+\+)?xml\b/i
/** Most outlines one OPML import may hold: one D1 batch, well within a Worker's query budget. */
export const MAX_OPML_OUTLINES = 200

sourcesApi.post('/', auth, async (c) => {
  const type = c.req.header('content-type') ?? ''
  const body = await readBody(c.req.raw)
  // Awaited here: a rejected promise handed on by `return` goes unhandled for a tick, and workerd reports it.
  if (OPML_TYPE.test(type) || XML_TYPE.test(type)) return await importOpml(c.env, body)
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch (e) {
    throw invalid('Invalid source', [{ field: '(body)', reason: `not JSON: ${(e as Error).message}` }])
  }
  const parsed = NewSource.safeParse(input)
  if (!parsed.success) throw invalid('Invalid source', fieldErrors(parsed.error.issues))
  const { outlet, url } = parsed.data
  const allowLoopback = allowPrivateSources(c.env.ALLOW_PRIVATE_SOURCES)
  const refused = refuseAddress(url, allowLoopback)
  if (refused) throw invalid('Invalid source', [{ field: 'url', reason: `must be a public address: ${refused}` }])
  if (await store.hasSourceUrl(c.env.DB, url)) throw new Problem(409, 'Source exists', `${url} is already a source.`)
  // Fetched once, as a poll would: a feed is taken, a page's feed discovered, anything else refused.
  let checked
  try {
    checked = await checkSource(url, pollSettings(c.env, socketFetcher))
  } catch (e) {
    if (!(e instanceof SourceCheckError)) throw e
    throw new Problem(422, e.unreachable ? 'Source could not be fetched' : 'Not a feed', e.message, [{ field: 'url', reason: e.message }])
  }
  const source = await store.addSource(c.env.DB, outlet, checked.url, new Date().toISOString())
  if (!source) throw new Problem(409, 'Source exists', `${checked.url}${checked.discoveredFrom ? ` (the feed ${url} names)` : ''} is already a source.`)
  return c.json({ source, ...(checked.discoveredFrom ? { discoveredFrom: checked.discoveredFrom } : {}), items: checked.items }, 201)
})

/** What happened to one outline of an OPML import. */
interface OutlineResult {
  xmlUrl: string
  outlet: string
  status: 'added' | 'exists' | 'refused'
  reason?: string
  id?: number
}

/**
 * Imports the outlines of an OPML document that have an `xmlUrl` (nested ones too), each on its
 * own: added, exists (that URL is a source already) or refused (not an http(s) URL, not a public
 * address), with the reason. Outlines are address-checked but not fetched (an import of a
 * reader's 200 subscriptions would take 200 subrequests, past a Worker's budget): their first
 * poll checks them and records any fault as the source's `lastError`. Refuses the whole document
 * (nothing added) when it is not OPML or holds more than MAX_OPML_OUTLINES feeds.
 */
async function importOpml(env: Env, body: string): Promise<Response> {
  const doc = opmlOutlines(body, MAX_OPML_OUTLINES)
  if (doc.root !== 'opml') {
    throw new Problem(415, 'Not OPML', `An XML body must be an OPML document (root <opml>), not ${doc.root ? `<${doc.root}>` : 'text without elements'}; send a single source as JSON {"outlet", "url"}.`)
  }
  if (doc.over > 0) {
    throw new Problem(413, 'Too many outlines', `The document holds ${doc.outlines.length + doc.over} feeds; one import takes at most ${MAX_OPML_OUTLINES}. Split it; nothing was added.`)
  }
  const allowLoopback = allowPrivateSources(env.ALLOW_PRIVATE_SOURCES)
  const results: OutlineResult[] = []
  const toAdd: { outlet: string; url: string; at: number }[] = []
  for (const o of doc.outlines) {
    const outlet = (o.title ?? hostOf(o.xmlUrl) ?? o.xmlUrl).slice(0, 200)
    const result: OutlineResult = { xmlUrl: o.xmlUrl, outlet, status: 'refused' }
    results.push(result)
    if (o.xmlUrl.length > 2048 || canonicalUrl(o.xmlUrl) === null) {
      result.reason = 'xmlUrl is not an absolute http(s) URL of at most 2048 characters'
      continue
    }
    const refused = refuseAddress(o.xmlUrl, allowLoopback)
    if (refused) {
      result.reason = `must be a public address: ${refused}`
      continue
    }
    toAdd.push({ outlet, url: o.xmlUrl, at: results.length - 1 })
  }
  const ids = await store.addSources(env.DB, toAdd, new Date().toISOString())
  toAdd.forEach((a, i) => {
    const id = ids[i]
    const r = results[a.at]!
    if (id === null || id === undefined) {
      r.status = 'exists'
      r.reason = 'already a source'
    } else {
      r.status = 'added'
      r.id = id
    }
  })
  const count = (s: OutlineResult['status']) => results.filter((r) => r.status === s).length
  return Response.json({ added: count('added'), exists: count('exists'), refused: count('refused'), results })
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null
  } catch {
    return null
  }
}

/**
 * `GET /api/sources.opml`: every source as an OPML 2.0 subscription list (`xmlUrl`, `htmlUrl`,
 * `title`/`text` per outline), readable by any feed reader's import. Public, like the list it
 * mirrors, so its URLs are in the public form ({@link publicUrl}: no credentials, query or
 * fragment), with or without the token: an OPML file is made to be handed on, and one carrying
 * API keys must never come out of a plain GET. `htmlUrl` is the feed's site (its origin): the
 * source stores no page of its own.
 */
export async function sourcesOpml(c: { env: Env }): Promise<Response> {
  const all = await store.listSources(c.env.DB)
  const opml = renderOpml(`${c.env.SITE_TITLE || 'storyfold'} sources`, new Date(), all.map((s) => {
    const xmlUrl = publicUrl(s.url)
    return { outlet: s.outlet, xmlUrl, htmlUrl: xmlUrl ? `${new URL(xmlUrl).origin}/` : '' }
  }))
  return new Response(opml, {
    headers: {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="sources.opml"',
      'cache-control': 'no-store',
    },
  })
}

sourcesApi.delete('/:id', auth, async (c) => {
  const id = Number(c.req.param('id'))
  if (!Number.isInteger(id) || id <= 0) throw invalid('Invalid source id', [{ field: 'id', reason: 'must be a positive whole number' }])
  if (!(await store.deleteSource(c.env.DB, id))) throw new Problem(404, 'No such source', `There is no source ${id}.`)
  return c.body(null, 204)
})

sourcesApi.post('/:id/poll', auth, async (c) => {
  const id = Number(c.req.param('id'))
  if (!Number.isInteger(id) || id <= 0) throw invalid('Invalid source id', [{ field: 'id', reason: 'must be a positive whole number' }])
  const outcome = await pollSourceNow(c.env.DB, id, new Date(), pollSettings(c.env, socketFetcher))
  if (!outcome) throw new Problem(404, 'No such source', `There is no source ${id}.`)
  return c.json({ outcome, source: await store.getSource(c.env.DB, id) })
})
