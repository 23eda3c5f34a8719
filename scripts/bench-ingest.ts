/**
 * `npm run bench:ingest [-- --items N] [--restart] [--keep-db FILE]` (default 20,000; 100,000 take
 * about half an hour on a busy 2-core machine): the May 2020 real feed items (../shared/realstream/may-2020/
 * items.jsonl, 5,180) replayed to N by shifting each round's dates 30 days on (past the fold's
 * window, so a round never folds into the one before) and naming its outlets "<outlet> · r",
 * POSTed in batches of 100 to `POST /api/articles` of a real `npm start` (workerd, local D1): the
 * Worker's real ingest path. Prints, per 5,000 stored items, items/s, workerd CPU per item and
 * per batch, workerd's resident memory, and the local SQLite file by table (sqlite's dbstat, through python3); then the same
 * database after retention (every development pruned as src/store/retention.ts prunes it, then VACUUM):
 * the bytes a pruned item keeps. The CPU is the whole workerd process that runs the Worker (/proc),
 * which locally also runs D1's SQLite: an upper bound of the Worker's own CPU.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDevServer } from '../test/node/dev-server'
import { isWorkerRuntime, processCpuMs, processRssMb, workerdPids } from './bench/proc'

const ROOT = join(import.meta.dirname, '..')
const ITEMS = join(ROOT, '..', 'shared', 'realstream', 'may-2020', 'items.jsonl')
const arg = process.argv.indexOf('--items')
const N = arg > 0 ? Number(process.argv[arg + 1]) : 20_000
if (!Number.isInteger(N) || N < 100) {
  console.error('usage: npm run bench:ingest -- [--items N] [--restart] [--keep-db FILE] (N ≥ 100, default 20000)')
  process.exit(2)
}
const BATCH = 100
/** Items per measured window (one line of the table). */
const WINDOW = 5_000
/** `--restart`: restart the dev server on the same local D1 between windows (a fresh workerd heap each time). */
const RESTART = process.argv.includes('--restart')
/** `--keep-db FILE`: copy the local D1's SQLite file (checkpointed) to FILE at the end, to measure it further. */
const keepAt = process.argv.indexOf('--keep-db')
const KEEP_DB = keepAt > 0 ? process.argv[keepAt + 1] : undefined
const SHIFT_MS = 30 * 86_400_000

interface Item {
  id: string
  title: string | null
  text: string | null
  published: string | null
  outlet: string | null
  url: string | null
  lang: string | null
}
let source: Item[]
try {
  source = readFileSync(ITEMS, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Item)
} catch (e) {
  console.error(`missing ${ITEMS}: ${(e as Error).message}`)
  process.exit(1)
}

/** Item `i` of the replay: round i / 5,180 of the real stream, shifted and renamed. */
function replayed(i: number): Record<string, unknown> {
  const round = Math.floor(i / source.length)
  const it = source[i % source.length] as Item
  const text = it.text?.trim() || it.title || ''
  const url = new URL(it.url ?? `https://example.org/${it.id}`)
  if (round > 0) url.searchParams.set('replay', String(round))
  return {
    url: url.toString(),
    outlet: round > 0 ? `${it.outlet ?? 'Unknown'} · ${round}` : it.outlet,
    title: it.title || text.slice(0, 80),
    text,
    ...(it.published ? { published: new Date(Date.parse(it.published) + round * SHIFT_MS).toISOString() } : {}),
    ...(it.lang ? { lang: it.lang } : {}),
  }
}

/** The local D1's SQLite file under a wrangler state dir. */
function sqliteFile(state: string): string {
  const dir = join(state, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite')).map((f) => join(dir, f))
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] as string
}

/**
 * Bytes per table and index (dbstat) of a copy of the live database (its WAL with it, so nothing
 * is missed and the server's file is never written); python3's sqlite3 reads it. With `prune`,
 * the copy is first pruned as retention would prune every article, and compacted.
 */
function tableBytes(live: string, prune = false): Record<string, number> {
  const file = join(tmpdir(), `storyfold-bench-ingest-${process.pid}.sqlite`)
  for (const ext of ['', '-wal']) {
    rmSync(file + ext, { force: true })
    if (existsSync(live + ext)) copyFileSync(live + ext, file + ext)
  }
  const py = `
import sqlite3, json, sys
c = sqlite3.connect(sys.argv[1])
if sys.argv[2] == '1':
    # src/store/retention.ts: every article pruned, postings gone, every development's fold state
    # and touched_at dropped and pruned_at set; then the file compacted.
    c.execute("DELETE FROM postings")
    c.execute("UPDATE articles SET text = '', features = 'null', explain = 'null'")
    c.execute("UPDATE developments SET fold_state = NULL, touched_at = NULL, pruned_at = '2026-11-30T00:00:00.000Z'")
    c.commit()
    c.execute("VACUUM")
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
rows = dict(c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
cols = [r[1] for r in c.execute("PRAGMA table_info(developments)")]
for col in cols:
    rows["developments." + col] = c.execute(f"SELECT ifnull(SUM(length({col})), 0) FROM developments").fetchone()[0]
print(json.dumps(rows))
`
  const r = spawnSync('python3', ['-c', py, file, prune ? '1' : '0'], { encoding: 'utf8' })
  for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true })
  if (r.status !== 0) throw new Error(`python3 sqlite3: ${r.stderr}`)
  return JSON.parse(r.stdout) as Record<string, number>
}

/** Tables with their indexes folded in: articles (with its indexes), postings, developments … */
function byTable(bytes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, n] of Object.entries(bytes)) {
    if (name.startsWith('developments.')) continue
    const table = /^articles_/.test(name) ? 'articles' : /^postings/.test(name) ? 'postings' : /^developments_/.test(name) ? 'developments' : /^development_outlets/.test(name) ? 'development_outlets' : /^sqlite_autoindex_(\w+?)_\d+$/.exec(name)?.[1] ?? name
    out[table] = (out[table] ?? 0) + n
  }
  return out
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

const dev = await startDevServer({ SEED_CORPUS: 'off', DEFAULT_SOURCES: '[]', ALLOW_PRIVATE_SOURCES: 'false' })
const figures: Record<string, number> = {}
try {
  // wrangler dev runs two workerd processes: the Worker's runtime (with D1's SQLite) and a proxy in front of it.
  const findPid = (): number => {
    const found = workerdPids().find(isWorkerRuntime)
    if (found === undefined) throw new Error('no workerd process running the Worker found under this bench')
    return found
  }
  let pid = findPid()
  const file = sqliteFile(dev.state)
  const base = byTable(tableBytes(file))
  const headers = { authorization: `Bearer ${dev.token}`, 'content-type': 'application/json' }
  console.log(`ingesting ${N} items (the May 2020 stream, ${source.length} items, replayed) in batches of ${BATCH} into local D1; machine shared, figures noisy`)
  console.log('| stored | items/s (last 5k) | workerd CPU ms/item | CPU ms/batch | workerd RSS MB | SQLite bytes/item (all) | articles | postings | developments | term_df |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  let mark = { at: performance.now(), cpu: processCpuMs(pid), items: 0 }
  const batchCpu: number[] = []
  let retried = 0
  for (let at = 0; at < N; at += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, N - at) }, (_, k) => replayed(at + k))
    const before = processCpuMs(pid)
    for (let tries = 0; ; tries++) {
      let res: Response
      try {
        res = await fetch(`${dev.base}/api/articles`, { method: 'POST', headers, body: JSON.stringify(batch) })
      } catch (e) {
        // The connection dropped (workerd restarted under load): the batch is all or nothing, send it again.
        if (tries >= 3) throw new Error(`batch at ${at}: ${String(e)}\nserver log:\n${dev.log().slice(-4000)}`)
        retried += 1
        console.log(`batch at ${at}: ${String(e)}, sent again; server log: ${dev.log().slice(-1500)}`)
        await new Promise((r) => setTimeout(r, 5000))
        continue
      }
      if (res.status === 201 || res.status === 200) break
      const body = await res.text()
      if (res.status < 500 || tries >= 3) throw new Error(`batch at ${at}: ${res.status} ${body.slice(0, 500)}\nserver log:\n${dev.log().slice(-4000)}`)
      // Nothing of a refused batch is stored (all or nothing): sent again, and counted.
      retried += 1
      console.log(`batch at ${at}: ${res.status} ${body.slice(0, 300)}, sent again; server log: ${dev.log().split('\n').filter((l) => !/ENOTFOUND workers.cloudflare.com/.test(l)).slice(-12).join(' | ').slice(-2000)}`)
    }
    if (existsSync(`/proc/${pid}`)) batchCpu.push(processCpuMs(pid) - before)
    else {
      // wrangler dev started a new workerd (the old one died): measured from here on; its window's CPU figure is short.
      console.log(`workerd ${pid} is gone after the batch at ${at}; server log: ${dev.log().split('\n').filter((l) => !/ENOTFOUND workers.cloudflare.com/.test(l)).slice(-12).join(' | ').slice(-2000)}`)
      figures.workerd_restarts = (figures.workerd_restarts ?? 0) + 1
      for (let wait = 0; workerdPids().filter(isWorkerRuntime).length === 0 && wait < 60; wait++) await new Promise((r) => setTimeout(r, 1000))
      pid = findPid()
      mark = { ...mark, cpu: processCpuMs(pid) }
    }
    const stored = at + batch.length
    if (stored % WINDOW === 0 || stored === N) {
      const now = performance.now()
      const cpu = processCpuMs(pid)
      const rss = processRssMb(pid)
      const n = stored - mark.items
      const tables = byTable(tableBytes(file))
      const total = Object.entries(tables).reduce((s, [k, v]) => s + v - (base[k] ?? 0), 0)
      const per = (t: string) => ((tables[t] ?? 0) - (base[t] ?? 0)) / stored
      const recent = batchCpu.slice(-10)
      const perBatch = recent.reduce((s, x) => s + x, 0) / recent.length
      console.log(
        `| ${stored} | ${((n * 1000) / (now - mark.at)).toFixed(1)} | ${((cpu - mark.cpu) / n).toFixed(2)} | ${perBatch.toFixed(0)} | ${rss.toFixed(0)} | ${(total / stored).toFixed(0)} | ${per('articles').toFixed(0)} | ${per('postings').toFixed(0)} | ${(per('developments') + per('development_outlets')).toFixed(0)} | ${per('term_df').toFixed(0)} |`,
      )
      figures[`ingest_items_per_s_${stored}`] = (n * 1000) / (now - mark.at)
      figures[`ingest_cpu_ms_per_item_${stored}`] = (cpu - mark.cpu) / n
      figures[`ingest_cpu_ms_per_batch_${stored}`] = perBatch
      figures[`d1_bytes_per_item_${stored}`] = total / stored
      figures[`workerd_rss_mb_${stored}`] = rss
      if (stored < N && RESTART) {
        await dev.restart()
        pid = findPid()
      }
      mark = { at: performance.now(), cpu: processCpuMs(pid), items: stored }
    }
  }
  console.log(`batches sent again (a 5xx or a dropped connection; all or nothing, so none stored twice): ${retried}`)
  figures.ingest_batches_retried = retried
  // The 10 batches before 10k stored (with --restart, the server restarts after them and a fresh isolate runs slower for a while).
  const at10k = batchCpu.slice(90, 100)
  const last = batchCpu.slice(-10)
  if (N > 11_000) {
    const a = at10k.reduce((s, x) => s + x, 0) / at10k.length
    const b = last.reduce((s, x) => s + x, 0) / last.length
    console.log(`CPU per batch of ${BATCH}: ${a.toFixed(0)} ms at 10k stored, ${b.toFixed(0)} ms at ${N} stored (${(b / a).toFixed(2)}×)`)
    figures.ingest_batch_cpu_ratio = b / a
  }
  // After retention: a copy of the database with every article pruned, compacted.
  const pruned = byTable(tableBytes(file, true))
  const total = Object.entries(pruned).reduce((s, [k, v]) => s + v - (base[k] ?? 0), 0)
  console.log(`after retention (every article pruned, VACUUM): ${(total / N).toFixed(0)} bytes/item; by table: ${Object.entries(pruned).filter(([k]) => !['sqlite_schema', 'sqlite_master'].includes(k)).map(([k, v]) => `${k} ${kb(v - (base[k] ?? 0))}`).join(', ')}`)
  figures.d1_bytes_per_item_pruned = total / N
  const raw = tableBytes(file)
  const columns = Object.entries(raw).filter(([k]) => k.startsWith('developments.')).sort((a, b) => b[1] - a[1])
  console.log(`developments, bytes per item by column (data only): ${columns.map(([k, v]) => `${k.slice('developments.'.length)} ${(v / N).toFixed(0)}`).join(', ')}`)
  console.log(JSON.stringify(figures))
  if (KEEP_DB) {
    for (const ext of ['', '-wal']) {
      rmSync(KEEP_DB + ext, { force: true })
      if (existsSync(file + ext)) copyFileSync(file + ext, KEEP_DB + ext)
    }
    console.log(`the local D1 copied to ${KEEP_DB}`)
  }
} finally {
  await dev.stop().catch(() => undefined)
}
process.exit(0)
