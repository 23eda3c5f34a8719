// The `worker` project relies on isolated storage for a clean database in every test (the
// `worker-shared-db` project resets its own with freshDatabase()). These two run in order: the
// second must not see what the first stored.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { articleFromInput } from '../../src/ingest/article'
import { ingest } from '../../src/service/pipeline'
import { article, counts } from './helpers'

const EMPTY = { articles: 0, developments: 0, stories: 0, postings: 0 }

describe('isolated storage in the worker project', () => {
  it('lets a test write', async () => {
    expect(await counts()).toEqual(EMPTY)
    await ingest(env.DB, [articleFromInput(article() as never, { now: new Date() })], new Date())
    expect((await counts()).articles).toBe(1)
  })

  it('gives the next test the database as the migrations left it', async () => {
    expect(await counts()).toEqual(EMPTY)
    const { results } = await env.DB.prepare('SELECT version FROM changes').all<{ version: number }>()
    expect(results.map((r) => r.version)).toEqual([0])
  })
})
