/**
 * Polled sources through the API: `GET /api/sources` shows each source's state (last success,
 * last error, item counts); adding and removing need the ingest token.
 *
 * Issue 19: the list is public, so without the token it shows each URL without credentials,
 * query or fragment (API keys live there) and each error only as its kind ("HTTP 503", "timed
 * out"), never the details that tell which internal ports answer or what. With the token: all.
 * A source must be a public address (see ingest/address.ts) when it is added, too.
 * `POST /api/sources/:id/poll` (token) polls one source now and answers what happened.
 */
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { socketFetcher } from '../service/socket-fetch'
import { pollSettings, pollSourceNow } from '../service/poll'
import * as store from '../store/sources'
import type { AppEnv } from './env'
import { allowPrivateSources, refuseAddress } from '../ingest/address'
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

const validSource = zValidator('json', NewSource, (result) => {
  if (!result.success) throw invalid('Invalid source', fieldErrors(result.error.issues))
})

sourcesApi.post('/', auth, validSource, async (c) => {
  const { outlet, url } = c.req.valid('json')
  const refused = refuseAddress(url, allowPrivateSources(c.env.ALLOW_PRIVATE_SOURCES))
  if (refused) throw invalid('Invalid source', [{ field: 'url', reason: `must be a public address: ${refused}` }])
  const source = await store.addSource(c.env.DB, outlet, url, new Date().toISOString())
  if (!source) throw new Problem(409, 'Source exists', `${url} is already a source.`)
  return c.json({ source }, 201)
})

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
