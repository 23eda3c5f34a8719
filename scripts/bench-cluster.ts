/**
 * Speed of the fold on a stream that looks like production: 100,000 items sampled with a fixed
 * seed, 80 % real feed items (title + a sentence or two, ../shared/realstream), 10 % full-text
 * articles and 10 % bare headlines (the labelled dev sets), lightly perturbed (dates shifted by
 * rounds, a few words swapped, fresh ids), folded by the in-memory Folder on one core from JSONL
 * lines, beside a bare pass over the same lines (JSON.parse, lowercase, split, count terms).
 * Also the Worker's per-article cost: featurize() + decide() against CANDIDATE_LIMIT candidates
 * and their development states round-tripped through JSON as D1 returns them.
 *
 *   npx tsx scripts/bench-cluster.ts [--articles 100000] [--seed 7]
 *
 * Prints figures and ends with one JSON line of them.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CANDIDATE_LIMIT, decide, Folder } from '../src/cluster'
import type { ArticleFeatures, CandidateDevelopment, ClusterArticle, FoldCandidate } from '../src/cluster'
import { rng } from '../src/cluster/partition'

/** Options of the bench. */
export interface ClusterBenchOptions {
  articles?: number
  seed?: number
  /** the shared data folder (default ../shared beside the project) */
  shared?: string
  /** print progress and figures to stderr/stdout */
  log?: boolean
}

/** What the bench measured. */
export interface ClusterBenchFigures {
  articles: number
  /** CPU seconds (user+system) of the fold */
  seconds: number
  articlesPerSecond: number
  /** the same lines read, JSON-parsed, lowercased, split and counted, per second */
  barePassPerSecond: number
  /** barePassPerSecond / articlesPerSecond */
  slowerThanBarePass: number
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

function readJsonl(path: string): ClusterArticle[] {
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch {
    throw new Error(`missing ${path}: the cluster bench needs ../shared beside the project`)
  }
  const out: ClusterArticle[] = []
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as Record<string, string | null>
    out.push({ id: r.id!, title: r.title ?? '', text: r.text ?? '', published: r.published ? Date.parse(r.published) : null, outlet: r.outlet ?? null })
  }
  return out
}

/** The three kinds of input, each sampled at its share of the stream. */
interface Pool {
  feedItems: ClusterArticle[]
  fullText: ClusterArticle[]
  headlines: ClusterArticle[]
}

function loadPool(shared: string): Pool {
  return {
    feedItems: readJsonl(`${shared}/realstream/may-2020/items.jsonl`),
    fullText: [...readJsonl(`${shared}/eval/newscluster.dev.jsonl`), ...readJsonl(`${shared}/eval/ecbplus.dev.jsonl`)],
    headlines: readJsonl(`${shared}/eval/uci-newsagg.dev.jsonl`),
  }
}

const SPAN = 9 * 86_400_000

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

/**
 * The perturbed stream as JSONL lines: n items, deterministic for a seed. Feed items keep their
 * order within a round of the real nine days; each round is shifted nine days on.
 */
export function benchStream(pool: Pool, n: number, seed: number): string[] {
  const random = rng(seed)
  const out: string[] = []
  const t0 = Date.parse('2020-05-01T00:00:00Z')
  for (let i = 0; i < n; i++) {
    const r = random()
    const kind = r < 0.8 ? pool.feedItems : r < 0.9 ? pool.fullText : pool.headlines
    const a = kind[Math.floor(random() * kind.length)] as ClusterArticle
    const round = Math.floor(i / 5000)
    const base = kind === pool.feedItems ? a.published : t0 + ((i % 5000) / 5000) * SPAN
    const shift = round * SPAN + Math.floor(random() * 3_600_000)
    out.push(JSON.stringify({
      id: `${a.id}#${i}`,
      title: random() < 0.5 ? swapWords(a.title, random, 1) : a.title,
      text: a.text ? swapWords(a.text, random, 1 + Math.floor(a.text.length / 400)) : '',
      published: base === null ? null : new Date(base + shift).toISOString(),
      outlet: a.outlet,
    }))
  }
  return out
}

/** Articles per second of a bare pass over the lines: JSON.parse, lowercase, split, count terms. */
function barePass(lines: string[]): number {
  const started = process.cpuUsage()
  const counts = new Map<string, number>()
  for (const line of lines) {
    const o = JSON.parse(line) as { title: string; text: string }
    for (const w of (o.title + ' ' + o.text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  const u = process.cpuUsage(started)
  return lines.length / ((u.user + u.system) / 1e6)
}

function parseLine(line: string): ClusterArticle {
  const o = JSON.parse(line) as { id: string; title: string; text: string; published: string | null; outlet: string | null }
  return { id: o.id, title: o.title, text: o.text, published: o.published ? Date.parse(o.published) : null, outlet: o.outlet }
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
    const f = folder.analyze(a).features
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
  const lines = benchStream(loadPool(opts.shared ?? resolve(import.meta.dirname, '../../shared')), n, opts.seed ?? 7)
  const bare = barePass(lines)
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
  for (const line of lines) {
    const a = parseLine(line)
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
    barePassPerSecond: Math.round(bare),
    slowerThanBarePass: Math.round((bare / (n / seconds)) * 10) / 10,
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
    console.log(`stream: ${n} items, 80 % real feed items, 10 % full text, 10 % headlines`)
    console.log(`folded ${n} articles in ${figures.seconds} CPU s (${figures.wallSeconds} s wall): ${figures.articlesPerSecond} articles/s on one core`)
    console.log(`bare pass over the same lines: ${figures.barePassPerSecond} articles/s; the fold is ${figures.slowerThanBarePass}× slower`)
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
