import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { forgetVersion, readVersion } from '../../src/store/changes'
import { ingest } from '../../src/pipeline'
import { articleFromInput } from '../../src/ingest/article'
import { article } from './helpers'

describe('the read side remembers the data version for a moment', () => {
  it('answers from memory within maxAge, and sees its own writes at once', async () => {
    const first = await readVersion(env.DB, 60_000)
    // Another isolate's write (here: straight SQL) is not seen while the memory is fresh…
    await env.DB.prepare('INSERT INTO changes (version, at, articles) VALUES (?, ?, 0)').bind(first.version + 1, new Date().toISOString()).run()
    expect((await readVersion(env.DB, 60_000)).version).toBe(first.version)
    // …is seen when asked for a fresh read…
    expect((await readVersion(env.DB, 0)).version).toBe(first.version + 1)
    forgetVersion()
    // …and a write through this isolate's pipeline is seen at once, whatever maxAge says.
    const before = await readVersion(env.DB, 60_000)
    await ingest(env.DB, [articleFromInput(article() as never, { now: new Date() })], new Date())
    expect((await readVersion(env.DB, 60_000)).version).toBe(before.version + 1)
  })
})
