/**
 * Speed of the fold on a stream that looks like production: 100,000 items sampled with a fixed
 * seed, 80 % real feed items (title + a sentence or two, ../shared/realstream), 10 % full-text
 * articles and 10 % bare headlines (the labelled dev sets), lightly perturbed (dates shifted by
 * rounds, a few words swapped, fresh ids), folded by the in-memory Folder on one core from JSONL
 * lines, beside a bare pass over the same lines (JSON.parse, lowercase, split, count terms).
 * Also the Worker's per-article cost: featurize() + decide() against CANDIDATE_LIMIT candidates
 * and their development states read from JSON as D1 returns them (see workerCost).
 *
 *   npx tsx scripts/bench-cluster.ts [--articles 100000] [--seed 7]
 *
 * Prints figures and ends with one JSON line of them.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CANDIDATE_LIMIT, decide, documentTerms, featurize, Folder, idfFrom, indexKeys } from '../src/cluster'
import { readText } from '../src/cluster/text'
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
  /** Worker path: featurize + decide against CANDIDATE_LIMIT JSON-parsed candidates, CPU ms per article, median of 5 rounds */
  candidateLimit: number
  workerFeaturizeMs: number
  workerDecideMs: number
  workerTotalMs: number
  /** the fastest and slowest of the rounds (featurize + decide) */
  workerTotalMsRange: [number, number]
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

/** What the Worker reads from D1 to fold one article into the 100k store, as JSON. */
interface WorkerInput {
  a: ClusterArticle
  /** the stream's counts of the article's count keys (readTermCounts) */
  counts: string
  /** the candidates (ranked by shared index keys) and their developments' states */
  candidates: string
  developments: string
}

/** Captures what the Worker would read for each probe from the folded store. */
function workerInputs(probes: ClusterArticle[], folder: Folder): WorkerInput[] {
  return probes.map((a) => {
    const { keys, terms } = folder.analyze(a)
    const cands = folder.candidates(keys).slice(0, CANDIDATE_LIMIT)
    return {
      a,
      counts: JSON.stringify([...folder.termCounts(terms)]),
      candidates: JSON.stringify(cands),
      developments: JSON.stringify([...folder.developmentsOf(cands)]),
    }
  })
}

/**
 * The Worker's CPU per article against the 100k store: featurize (text, terms, weights from the
 * counts D1 returns) and decide against CANDIDATE_LIMIT candidates parsed from JSON. Measured in
 * rounds over the probes after the in-memory fold is dropped, the median round reported: a
 * Worker's isolate does not hold a 1 GB fold, whose collections (a major one takes seconds on
 * this heap) otherwise land in whichever short window is being timed.
 */
function workerCost(inputs: WorkerInput[], rounds = 5): { featurizeMs: number[]; decideMs: number[]; bytes: number } {
  const cpu = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const featurizeMs: number[] = []
  const decideMs: number[] = []
  let bytes = 0
  for (let r = 0; r < rounds; r++) {
    const wires = inputs.map((w) => ({
      a: w.a,
      counts: new Map(JSON.parse(w.counts) as [string, number][]),
      candidates: JSON.parse(w.candidates) as FoldCandidate[],
      developments: new Map(JSON.parse(w.developments) as [string, CandidateDevelopment][]),
    }))
    const t0 = cpu()
    const features: ArticleFeatures[] = []
    for (const w of wires) {
      const text = readText(w.a.title, w.a.text)
      const terms = documentTerms(text)
      const counts = { count: (k: string) => w.counts.get(k) ?? 0 }
      const f = featurize(w.a, idfFrom(counts, w.a.outlet, new Set(terms)), undefined, text)
      indexKeys(f)
      features.push(f)
    }
    const t1 = cpu()
    wires.forEach((w, i) => decide({ id: w.a.id, features: features[i] as ArticleFeatures }, w.candidates, w.developments))
    const t2 = cpu()
    featurizeMs.push((t1 - t0) / inputs.length)
    decideMs.push((t2 - t1) / inputs.length)
    if (r === 0) bytes = features.reduce((sum, f) => sum + JSON.stringify(f).length, 0) / inputs.length
  }
  return { featurizeMs, decideMs, bytes }
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/**
 * Runs the bench and returns its figures.
 * @example const figures = runClusterBench({ articles: 20_000 }); figures.articlesPerSecond
 */
export function runClusterBench(opts: ClusterBenchOptions = {}): ClusterBenchFigures {
  const n = opts.articles ?? 100_000
  const log = opts.log ?? false
  let lines = benchStream(loadPool(opts.shared ?? resolve(import.meta.dirname, '../../shared')), n, opts.seed ?? 7)
  const bare = barePass(lines)
  const probes: ClusterArticle[] = []
  let folder: Folder | null = new Folder()
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
  const developments = new Set([...folder.assignments().values()].map((g) => g.developmentId)).size
  const inputs = workerInputs(probes, folder)
  folder = null // the Worker holds only what it reads (see workerCost)
  lines = []
  const worker = workerCost(inputs)
  const workerFeaturizeMs = median(worker.featurizeMs)
  const workerDecideMs = median(worker.decideMs)
  const workerTotals = worker.featurizeMs.map((f, r) => f + (worker.decideMs[r] as number))
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
    workerFeaturizeMs: Math.round(workerFeaturizeMs * 1000) / 1000,
    workerDecideMs: Math.round(workerDecideMs * 1000) / 1000,
    workerTotalMs: Math.round(median(workerTotals) * 1000) / 1000,
    workerTotalMsRange: [Math.round(Math.min(...workerTotals) * 1000) / 1000, Math.round(Math.max(...workerTotals) * 1000) / 1000],
    featuresBytesMean: Math.round(worker.bytes),
    developments,
  }
  if (log) {
    console.log(`stream: ${n} items, 80 % real feed items, 10 % full text, 10 % headlines`)
    console.log(`folded ${n} articles in ${figures.seconds} CPU s (${figures.wallSeconds} s wall): ${figures.articlesPerSecond} articles/s on one core`)
    console.log(`bare pass over the same lines: ${figures.barePassPerSecond} articles/s; the fold is ${figures.slowerThanBarePass}× slower`)
    console.log(`per article: ${figures.usPerArticleAt10k} µs over the first ${window}, ${figures.usPerArticleAt100k} µs over the last ${window} (ratio ${figures.costRatio})`)
    console.log(`peak RSS ${figures.peakRssMb} MB; ${developments} developments`)
    console.log(
      `Worker path: featurize ${figures.workerFeaturizeMs} ms + decide(${CANDIDATE_LIMIT} candidates) ${figures.workerDecideMs} ms per article (median of 5 rounds of 500; totals ${figures.workerTotalMsRange[0]}–${figures.workerTotalMsRange[1]} ms); features ${figures.featuresBytesMean} B`,
    )
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
