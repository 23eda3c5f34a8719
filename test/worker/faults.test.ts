/**
 * D1 faults during a write: a batch that fails part-way leaves nothing half-written; a batch whose
 * answer is lost after it committed is stored once and a retry changes nothing; a batch that keeps
 * losing the optimistic lock answers 503 (send again), never 500, and stores nothing.
 */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { app } from '../../src/app'
import { BASE, TOKEN, article, counts, json } from './helpers'

/** Statements that write (and the ones bound from them): the pipeline also sends its reads in batches. */
const writes = new WeakSet<D1PreparedStatement>()

function tagged(stmt: D1PreparedStatement, write: boolean): D1PreparedStatement {
  if (!write) return stmt
  writes.add(stmt)
  const bind = stmt.bind.bind(stmt)
  stmt.bind = (...values: unknown[]) => tagged(bind(...values), true)
  return stmt
}

/** The database, with `batch` replaced for every batch that writes (batches of reads go through). */
function withBatch(batch: (real: D1Database, stmts: D1PreparedStatement[]) => Promise<D1Result[]>): D1Database {
  const real = env.DB
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => tagged(real.prepare(sql), !/^\s*(SELECT|WITH)\b/i.test(sql))
      if (prop === 'batch') return (stmts: D1PreparedStatement[]) => (stmts.some((s) => writes.has(s)) ? batch(real, stmts) : real.batch(stmts))
      const v = Reflect.get(target, prop) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** POSTs a batch through the app with the given database. */
async function postWith(db: D1Database, body: unknown): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await app.fetch(
    new Request(`${BASE}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { ...env, DB: db },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

const batch = [
  article({ url: 'https://faults.example/quake-1' }),
  article({ url: 'https://faults.example/quake-2', outlet: 'Second Paper', title: 'Chile quake of magnitude 7.1 hits near Antofagasta, no tsunami' }),
  article({
    url: 'https://faults.example/glacier',
    outlet: 'Third Paper',
    title: 'Glacier collapse blocks Naryn river valley in Kyrgyzstan',
    text: 'A glacier collapse in the Tian Shan mountains of Kyrgyzstan blocked the Naryn river valley and villages downstream were evacuated, the emergency ministry said on Saturday.',
  }),
]

/** No development without articles, no article in a development that does not exist, counts that agree. */
async function consistent(): Promise<void> {
  const orphans = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM articles WHERE development_id NOT IN (SELECT id FROM developments)) AS homeless,
            (SELECT COUNT(*) FROM developments d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.development_id = d.id)) AS empty,
            (SELECT COUNT(*) FROM developments d WHERE article_count <> (SELECT COUNT(*) FROM articles a WHERE a.development_id = d.id)) AS miscounted,
            (SELECT COUNT(*) FROM postings WHERE seq NOT IN (SELECT seq FROM articles)) AS stray_postings`,
  ).first()
  expect(orphans).toEqual({ homeless: 0, empty: 0, miscounted: 0, stray_postings: 0 })
}

async function version(): Promise<unknown> {
  return (await env.DB.prepare('SELECT MAX(version) AS v FROM changes').first())?.v
}

describe('a D1 failure in the middle of a batch', () => {
  it('rolls the whole batch back: nothing half-written, a plain 500, and the same batch then goes in whole', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    const v = await version()
    let seen = 0
    // A statement that violates NOT NULL, slipped into the middle of the batch: D1 runs the batch as
    // one transaction, so the articles and developments written before it must roll back too.
    const failing = withBatch((real, stmts) => {
      seen = stmts.length
      const mid = Math.floor(stmts.length / 2)
      const poison = real.prepare('INSERT INTO meta (key, value) VALUES (?, NULL)').bind('poison')
      return real.batch([...stmts.slice(0, mid), poison, ...stmts.slice(mid)])
    })
    const res = await postWith(failing, batch)
    expect(res.status).toBe(500)
    expect(await res.text()).not.toMatch(/NOT NULL|SQLITE|meta/)
    expect(seen).toBeGreaterThan(4)
    expect(await counts()).toEqual(before)
    expect(await version()).toBe(v)
    await consistent()

    const ok = await postWith(env.DB, batch)
    expect(ok.status).toBe(201)
    expect((await counts()).articles).toBe(before.articles + batch.length)
    await consistent()
  })

  it('stores a batch once when the answer is lost after it committed; sending it again changes nothing', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    const lostAnswer = withBatch(async (real, stmts) => {
      await real.batch(stmts)
      throw new Error('D1_ERROR: Network connection lost.')
    })
    const res = await postWith(lostAnswer, batch)
    // A lost connection is worth retrying (issue #19): 503 with Retry-After, and the retry below is known.
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    const after = await counts()
    expect(after.articles).toBe(before.articles + batch.length)
    await consistent()

    const again = await postWith(env.DB, batch)
    expect(again.status).toBe(201)
    const body = await json<{ results: { status: string }[] }>(again)
    expect(body.results.map((r) => r.status)).toEqual(batch.map(() => 'known'))
    expect(await counts()).toEqual(after)
  })

  it('answers 503 with Retry-After, storing nothing, when concurrent writers keep winning the lock', async () => {
    await SELF.fetch(`${BASE}/health`)
    const before = await counts()
    let attempts = 0
    const alwaysBeaten = withBatch(async () => {
      attempts += 1
      throw new Error('D1_ERROR: UNIQUE constraint failed: changes.version: SQLITE_CONSTRAINT')
    })
    const res = await postWith(alwaysBeaten, batch)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(attempts).toBeGreaterThan(1) // it did retry on fresh data before giving up
    expect(await counts()).toEqual(before)
  }, 20_000)
})

describe('a development covered by many outlets', () => {
  it('keeps taking new outlets past 50 (D1 allows 100 parameters per statement)', async () => {
    await SELF.fetch(`${BASE}/health`)
    const wire = article()
    const copies = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({ ...wire, url: `https://paper${from + i}.example/quake`, outlet: `Paper ${from + i}` }))
    const first = await json<{ results: { developmentId: string }[] }>(await postWithToken(copies(0, 60)))
    const devs = new Set(first.results.map((r) => r.developmentId))
    expect(devs.size).toBe(1)
    const more = await postWithToken(copies(60, 70))
    expect(more.status).toBe(201)
    const id = [...devs][0] as string
    const detail = await json<{ development: { outlets: unknown[] }; articles: unknown[] }>(await SELF.fetch(`${BASE}/api/developments/${id}`))
    expect(detail.articles).toHaveLength(70)
    const byOutlet = await json<{ developments: { id: string }[] }>(await SELF.fetch(`${BASE}/api/developments?outlet=Paper%2069`))
    expect(byOutlet.developments.map((d) => d.id)).toEqual([id])
  })
})

function postWithToken(body: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}
