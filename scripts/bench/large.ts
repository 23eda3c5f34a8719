/**
 * `npm run bench` (runLargeBench, scripts/bench.ts): a batch of 5 articles joining one very large development
 * (issue #19: at 3,215 articles such a batch took 1.4–1.7 s instead of 0.07 s, and the stored
 * outlet list would pass D1's 2 MB row limit near 9,000).
 *
 * One local workerd (Miniflare, the Worker bundled as for a deploy, its own D1 in a temp dir, no
 * seed corpus). A development of 100 reports from 40 outlets is ingested through
 * `POST /api/articles` on 127.0.0.1; it is then grown to N articles straight in D1 (copies of
 * those reports under new ids, URLs and arrival numbers, with their postings, and the article
 * count the pipeline would have written), so N can reach sizes no ingest run could build in
 * minutes. Then batches of 5 new reports that join it are posted, one at a time, and timed (wall
 * clock of the whole request: fold, re-describe, one D1 batch). Printed per N: the first batch
 * (which trims the entry's list from every report to one per outlet), the median of the next ones,
 * the stored row's bytes, and what reading every article of the development costs (what each
 * batch read before it was bounded).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BENCH_CONFIG = join(ROOT, 'scripts', 'bench', 'wrangler.toml')
const SIZES = [100, 3_215, 9_000]
const BATCHES = 7
const OUTLETS = Array.from({ length: 40 }, (_, i) => `Outlet ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? 'x' : ''} News`)
const HEADLINES = ['Floods force thousands from homes in Limburg', 'Meuse bursts its banks: Limburg evacuates', 'Limburg floods: thousands leave homes as Meuse rises', 'Thousands evacuated in Limburg as the Meuse floods']
const LEAD =
  'Floods swept through the Dutch province of Limburg after the Meuse burst its banks, forcing thousands of residents to leave ' +
  'their homes as water levels kept rising. Emergency services in Maastricht and Venlo evacuated care homes and hospitals, and ' +
  'the army sent trucks and boats to help.'
const SEEN = 'residents volunteers sandbags dikes pumps shelters bridges roads trains schools farmers cattle villages'.split(' ')

/** Report `i` of the flood (as test/worker/large-development.test.ts makes them). */
function report(i: number, run: number) {
  return {
    url: `https://news${i % OUTLETS.length}.example/limburg-floods/${run}/${i}`,
    outlet: OUTLETS[i % OUTLETS.length],
    title: HEADLINES[i % HEADLINES.length],
    published: new Date(Date.parse('2024-07-14T06:00:00Z') + i * 2_000).toISOString(),
    text: `${LEAD} Reporters saw ${SEEN[i % SEEN.length]}, ${SEEN[Math.floor(i / 13) % SEEN.length]} and ${SEEN[Math.floor(i / 169) % SEEN.length]} under water.`,
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

export async function runLargeBench(): Promise<Record<string, number>> {
  const work = mkdtempSync(join(tmpdir(), 'storyfold-bench-large-'))
  let mf: Miniflare | null = null
  const figures: Record<string, number> = {}
  try {
    const bundle = join(work, 'bundle')
    const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', bundle, '-c', BENCH_CONFIG], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    })
    if (built.status !== 0) throw new Error(`bench large: bundling failed:\n${built.stdout}${built.stderr}`)
    const { workerOptions } = unstable_getMiniflareWorkerOptions(BENCH_CONFIG)
    const token = 'bench-large-token'
    mf = new Miniflare({
      ...(workerOptions as object),
      name: 'storyfold-bench',
      modules: true,
      modulesRoot: bundle,
      scriptPath: join(bundle, 'index.js'),
      bindings: { ...(workerOptions.bindings ?? {}), INGEST_TOKEN: token, SEED_CORPUS: 'off' },
      d1Persist: join(work, 'd1'),
      host: '127.0.0.1',
      port: 0,
    } as ConstructorParameters<typeof Miniflare>[0])
    const base = new URL((await mf.ready).toString())
    const db = (await mf.getD1Database('DB')) as unknown as D1Database
    const post = async (body: unknown) => {
      const t0 = performance.now()
      const res = await fetch(new URL('/api/articles', base), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const text = await res.text()
      if (res.status !== 201) throw new Error(`bench large: POST answered ${res.status}: ${text.slice(0, 300)}`)
      return { ms: performance.now() - t0, results: (JSON.parse(text) as { results: { developmentId: string; status: string }[] }).results }
    }

    for (const [run, size] of SIZES.entries()) {
      // A fresh schema per size.
      const tables = (await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>()).results
      if (tables.length) await db.batch(tables.map((t) => db.prepare(`DROP TABLE IF EXISTS "${t.name}"`)))
      for (const file of readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
        await db.batch(unstable_splitSqlQuery(readFileSync(join(ROOT, 'migrations', file), 'utf8')).map((s) => db.prepare(s)))
      }
      const opened = await post(Array.from({ length: 100 }, (_, i) => report(i, run)))
      const dev = opened.results[0]!.developmentId
      const base100 = opened.results.filter((r) => r.developmentId === dev).length
      // Grow it to `size` articles in D1: copies of its reports (new id, URL, hash and arrival number) and their postings.
      const copies = Math.ceil((size - base100) / base100)
      if (size > base100) {
        await db.batch([
          db.prepare(
            `INSERT INTO articles (id, seq, url, canonical_url, outlet, title, published, updated, byline, text, lang, content_hash, features,
                                   development_id, copy_of, explain, ingested_at, revised_at)
             WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?2)
             SELECT id || '-' || n, seq + n * 100000, url || '?copy=' || n, canonical_url || '?copy=' || n, outlet, title, published, updated,
                    byline, text, lang, content_hash || n, features, development_id, NULL, explain, ingested_at, NULL
               FROM articles, k WHERE development_id = ?1 ORDER BY n, seq LIMIT ?3`,
          ).bind(dev, copies, size - base100),
          db.prepare(
            `INSERT OR IGNORE INTO postings (key, seq)
             SELECT p.key, c.seq FROM articles c JOIN articles b ON b.id = substr(c.id, 1, instr(c.id, '-') - 1) JOIN postings p ON p.seq = b.seq
              WHERE c.development_id = ?1 AND c.id LIKE '%-%'`,
          ).bind(dev),
          // Each batch keeps every key's newest 300 postings (src/store/articles.ts trimPostings): so do these.
          db.prepare(
            `DELETE FROM postings WHERE (key, seq) IN (
               SELECT key, seq FROM (SELECT key, seq, ROW_NUMBER() OVER (PARTITION BY key ORDER BY seq DESC) AS rn FROM postings) WHERE rn > 300)`,
          ),
          db.prepare('UPDATE developments SET article_count = (SELECT COUNT(*) FROM articles WHERE development_id = ?1) WHERE id = ?1').bind(dev),
        ])
      }
      const members = (await db.prepare('SELECT COUNT(*) AS n FROM articles WHERE development_id = ?').bind(dev).first<{ n: number }>())!.n
      const t0 = performance.now()
      const all = await db.prepare('SELECT * FROM articles WHERE development_id = ?').bind(dev).all()
      const readAllMs = performance.now() - t0
      const times: number[] = []
      for (let b = 0; b < BATCHES; b++) {
        const batch = Array.from({ length: 5 }, (_, k) => report(100 + b * 5 + k, run))
        const r = await post(batch)
        if (!r.results.some((x) => x.developmentId === dev)) throw new Error(`bench large: batch ${b} did not join the development`)
        times.push(r.ms)
      }
      const row = (await db
        .prepare(
          `SELECT article_count AS n, json_array_length(outlets) AS listed,
                  length(CAST(outlets || search_text || ifnull(fold_state, '') AS BLOB)) AS bytes
             FROM developments WHERE id = ?`,
        )
        .bind(dev)
        .first<{ n: number; listed: number; bytes: number }>())!
      const steady = median(times.slice(1))
      console.log(
        `5 articles joining a development of ${members.toLocaleString('en')} articles: first batch ${times[0]!.toFixed(0)} ms, then median ${steady.toFixed(0)} ms ` +
          `(${times.slice(1).map((t) => t.toFixed(0)).join(', ')}); stored row ${(row.bytes / 1024).toFixed(0)} KB listing ${row.listed} reports of ${row.n}; ` +
          `reading all ${all.results.length} of its articles (what a batch read before): ${readAllMs.toFixed(0)} ms`,
      )
      figures[`large_dev_${size}_batch5_ms`] = Math.round(steady)
      figures[`large_dev_${size}_row_kb`] = Math.round(row.bytes / 1024)
      figures[`large_dev_${size}_read_all_ms`] = Math.round(readAllMs)
    }
    return figures
  } finally {
    await mf?.dispose()
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runLargeBench()))
}
