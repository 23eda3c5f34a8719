/**
 * Polled sources through the API: `GET /api/sources` shows each source's state (last success,
 * last error, item counts); adding and removing need the ingest token.
 */
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import * as store from '../store/sources'
import type { AppEnv } from './env'
import { requireToken } from './auth'
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

sourcesApi.get('/', async (c) => c.json({ sources: await store.listSources(c.env.DB) }))

const validSource = zValidator('json', NewSource, (result) => {
  if (!result.success) throw invalid('Invalid source', fieldErrors(result.error.issues))
})

sourcesApi.post('/', auth, validSource, async (c) => {
  const { outlet, url } = c.req.valid('json')
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
