/**
 * Speed of the fold: a 100,000-article stream made by sampling and lightly perturbing the
 * labelled dev sets with a fixed seed (dates shifted, a few words swapped, fresh ids), folded
 * by the in-memory Folder on one core. Also the Worker's per-article cost: featurize() +
 * decide() against CANDIDATE_LIMIT candidates round-tripped through JSON as D1 returns them.
 *
 *   npx tsx scripts/bench-cluster.ts [--articles 100000] [--seed 7]
 *
 * Prints figures and ends with one JSON line of them.
 */
import { readFileSync } from 'node:fs'
import { CANDIDATE_LIMIT, decide, featurize, Folder } from '../src/cluster'
import type { ArticleFeatures, CandidateDevelopment, ClusterArticle, FoldCandidate } from '../src/cluster'
import { rng } from '../src/cluster/partition'

/** Options of the bench. */
export interface ClusterBenchOptions {
  articles?: number
  seed?: number
  evalDir?: string
  /** print progress and figures to stderr/stdout */
  log?: boolean
}

/** What the bench measured. */
export interface ClusterBenchFigures {
  articles: number
  /** CPU seconds (user+system) of the fold */
  seconds: number
  articlesPerSecond: number
  wallSeconds: number
  /** mean µs per article over the first 10,000 and over the last 10,000 */
  usPerArticleAt10k: number
  usPerArticleAt100k: number
  costRatio: number
  peakRssMb: number
  /** Worker path: featurize + decide against CANDIDATE_LIMIT JSON-parsed candidates */
  candidateLimit: number
  workerFeaturizeMs: number
  workerDecideMs: number
  workerTotalMs: number
  featuresBytesMean: number
  developments: number
}

function loadPool(dir: string): ClusterArticle[] {
  const out: ClusterArticle[] = []
  for (const name of ['newscluster', 'ecbplus', 'uci-newsagg']) {
    for (const line of readFileSync(`${dir}/${name}.dev.jsonl`, 'utf8').split('\n')) {
      if (!line.trim()) continue
      const r = JSON.parse(line) as Record<string, string | null>
      out.push({ id: r.id!, title: r.title ?? '', text: r.text ?? '', published: r.published ? Date.parse(r.published) : null, outlet: r.outlet ?? null })
    }
  }
  return out
}

function swapWords(s: string, random: () => number, swaps: number): string {
  const w = s.split(' ')
  if (w.length < 4) return s
  for (let k = 0; k < swaps; k++) {
    const i = Math.floor(random() * w.length)
    const j = Math.floor(random() * w.length)
    const t = w[i] as string
    w[i] = w[j] as string
    w[j] = t
  }
  return w.join(' ')
}

/** The perturbed stream: n articles, deterministic for a seed, made lazily (no 100k array on the heap). */
export function* benchStream(pool: ClusterArticle[], n: number, seed: number): Generator<ClusterArticle> {
  const random = rng(seed)
  for (let i = 0; i < n; i++) {
    const a = pool[Math.floor(random() * pool.length)] as ClusterArticle
    const round = Math.floor(i / pool.length)
    const shift = round * 3 * 86_400_000 + Math.floor(random() * 6 * 3_600_000)
    yield {
      id: `${a.id}#${i}`,
      title: random() < 0.5 ? swapWords(a.title, random, 1) : a.title,
      text: a.text ? swapWords(a.text, random, 1 + Math.floor(a.text.length / 400)) : '',
      published: a.published === null ? null : a.published + shift,
      outlet: a.outlet,
    }
  }
}

function workerCost(probes: ClusterArticle[], folder: Folder): { featurizeMs: number; decideMs: number; bytes: number } {
  const wires: { a: ClusterArticle; f: ArticleFeatures; wire: FoldCandidate[]; devs: Map<string, CandidateDevelopment> }[] = []
  let bytes = 0
  const cpu = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const t0 = cpu()
  for (const a of probes) {
    const f = featurize(a)
    wires.push({ a, f, wire: [], devs: new Map() })
  }
  const t1 = cpu()
  for (const w of wires) {
    const cands = folder.candidates(indexKeysOf(w.f)).slice(0, CANDIDATE_LIMIT)
    w.wire = JSON.parse(JSON.stringify(cands)) as FoldCandidate[]
    w.devs = new Map(JSON.parse(JSON.stringify([...folder.developmentsOf(cands)])) as [string, CandidateDevelopment][])
    bytes += JSON.stringify(w.f).length
  }
  const t2 = cpu()
  for (const w of wires) decide({ id: w.a.id, features: w.f }, w.wire, w.devs)
  const t3 = cpu()
  return { featurizeMs: (t1 - t0) / probes.length, decideMs: (t3 - t2) / probes.length, bytes: bytes / probes.length }
}

import { indexKeys as indexKeysOf } from '../src/cluster'

/**
 * Runs the bench and returns its figures.
 * @example const figures = runClusterBench({ articles: 20_000 }); figures.articlesPerSecond
 */
export function runClusterBench(opts: ClusterBenchOptions = {}): ClusterBenchFigures {
  const n = opts.articles ?? 100_000
  const log = opts.log ?? false
  const stream = benchStream(loadPool(opts.evalDir ?? '/work/shared/eval'), n, opts.seed ?? 7)
  const probes: ClusterArticle[] = []
  const folder = new Folder()
  const window = Math.min(10_000, Math.floor(n / 2))
  // CPU time (user+system) rather than wall time, so a busy machine does not skew the figures
  const cpu = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  let firstMs = 0
  let lastMs = 0
  const wall0 = performance.now()
  const cpu0 = cpu()
  let mark = cpu0
  let i = 0
  for (const a of stream) {
    if (i === n - window) mark = cpu()
    folder.add(a)
    if (i >= n - 500) probes.push({ ...a, id: a.id + '!' })
    if (i === window - 1) firstMs = cpu() - cpu0
    if (log && (i + 1) % 10_000 === 0) process.stderr.write(`folded ${i + 1}/${n}\n`)
    i++
  }
  lastMs = cpu() - mark
  const seconds = (cpu() - cpu0) / 1000
  const wallSeconds = (performance.now() - wall0) / 1000
  const worker = workerCost(probes, folder)
  const developments = new Set([...folder.assignments().values()].map((g) => g.developmentId)).size
  const figures: ClusterBenchFigures = {
    articles: n,
    seconds: Math.round(seconds * 100) / 100,
    articlesPerSecond: Math.round(n / seconds),
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    usPerArticleAt10k: Math.round((firstMs / window) * 1000),
    usPerArticleAt100k: Math.round((lastMs / window) * 1000),
    costRatio: Math.round((lastMs / firstMs) * 100) / 100,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    candidateLimit: CANDIDATE_LIMIT,
    workerFeaturizeMs: Math.round(worker.featurizeMs * 1000) / 1000,
    workerDecideMs: Math.round(worker.decideMs * 1000) / 1000,
    workerTotalMs: Math.round((worker.featurizeMs + worker.decideMs) * 1000) / 1000,
    featuresBytesMean: Math.round(worker.bytes),
    developments,
  }
  if (log) {
    console.log(`folded ${n} articles in ${figures.seconds} CPU s (${figures.wallSeconds} s wall): ${figures.articlesPerSecond} articles/s on one core`)
    console.log(`per article: ${figures.usPerArticleAt10k} µs over the first ${window}, ${figures.usPerArticleAt100k} µs over the last ${window} (ratio ${figures.costRatio})`)
    console.log(`peak RSS ${figures.peakRssMb} MB; ${developments} developments`)
    console.log(`Worker path: featurize ${figures.workerFeaturizeMs} ms + decide(${CANDIDATE_LIMIT} candidates) ${figures.workerDecideMs} ms; features ${figures.featuresBytesMean} B`)
    console.log(JSON.stringify(figures))
  }
  return figures
}

if (process.argv[1] && /bench-cluster\.ts$/.test(process.argv[1])) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name)
    return i > 0 ? Number(process.argv[i + 1]) : undefined
  }
  runClusterBench({ articles: arg('--articles'), seed: arg('--seed'), log: true })
}
