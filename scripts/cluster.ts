/**
 * Cluster a JSONL stream of articles into developments and stories.
 *
 *   npx tsx scripts/cluster.ts IN.jsonl > OUT.jsonl        (IN may be '-' for stdin)
 *   npx tsx scripts/cluster.ts --explain IN.jsonl          adds an "explain" object per line
 *   npx tsx scripts/cluster.ts --build-background A.jsonl B.jsonl
 *       prints the LEVELS table of src/cluster/background.ts: stems in >= 2 % of the documents
 *       of BOTH corpora, at 10 x -ln(the smaller fraction); labels are never read
 *
 * Input lines: {"id","title","text","published","outlet","url","lang"} (fields may be null,
 * published an ISO string). Output: one {"id","cluster","story"} line per article, in input order.
 */
import { readFileSync } from 'node:fs'
import { Folder } from '../src/cluster'
import type { ClusterArticle, Explanation } from '../src/cluster'
import { cleanBody, isContentTerm, termOf, tokenize } from '../src/cluster/text'

/** Parses one input line into a ClusterArticle; throws with a reason on a malformed line. */
export function parseArticle(line: string): ClusterArticle {
  const o = JSON.parse(line) as Record<string, unknown>
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object')
  if (typeof o.id !== 'string' && typeof o.id !== 'number') throw new Error('missing "id"')
  const str = (v: unknown): string => (typeof v === 'string' ? v : '')
  let published: number | null = null
  if (typeof o.published === 'string' && o.published) {
    const t = Date.parse(o.published)
    if (Number.isNaN(t)) throw new Error(`unreadable "published": ${o.published}`)
    published = t
  } else if (typeof o.published === 'number') published = o.published
  return { id: String(o.id), title: str(o.title), text: str(o.text), published, outlet: typeof o.outlet === 'string' ? o.outlet : null }
}

/** Reads a JSONL file (or stdin for '-') into articles; exits 1 naming the bad line. */
export function readArticles(path: string): ClusterArticle[] {
  let raw: string
  try {
    raw = readFileSync(path === '-' ? 0 : path, 'utf8')
  } catch (e) {
    process.stderr.write(`error: cannot read ${path}: ${(e as Error).message}\n`)
    process.exit(1)
  }
  const out: ClusterArticle[] = []
  const lines = raw.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim()
    if (!line) continue
    try {
      out.push(parseArticle(line))
    } catch (e) {
      process.stderr.write(`error: ${path} line ${n + 1}: ${(e as Error).message}\n`)
      process.exit(1)
    }
  }
  return out
}

/** Background levels from independent corpora (see src/cluster/background.ts). */
export function backgroundLevels(corpora: ClusterArticle[][], minFraction = 0.02): Map<number, string[]> {
  const fractions = corpora.map((docs) => {
    const df = new Map<string, number>()
    for (const d of docs) {
      const seen = new Set<string>()
      for (const t of tokenize(d.title + '\n' + cleanBody(d.text))) if (isContentTerm(t)) seen.add(termOf(t))
      for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1)
    }
    return new Map([...df].map(([k, v]) => [k, v / docs.length]))
  })
  const levels = new Map<number, string[]>()
  const [first, ...rest] = fractions
  for (const [term, f0] of first ?? new Map<string, number>()) {
    const f = Math.min(f0, ...rest.map((m) => m.get(term) ?? 0))
    if (f < minFraction) continue
    const level = Math.round(-Math.log(f) * 10)
    levels.set(level, [...(levels.get(level) ?? []), term])
  }
  return new Map([...levels].sort((a, b) => a[0] - b[0]).map(([l, ws]) => [l, ws.sort()]))
}

/**
 * The order a live feed would bring articles in: by publication time (stable), undated ones
 * after the dated, in file order (the same order as ../shared/eval/peers.py).
 */
export function streamOrder(articles: ClusterArticle[]): ClusterArticle[] {
  const dated = articles.filter((a) => a.published !== null).sort((a, b) => (a.published as number) - (b.published as number))
  return [...dated, ...articles.filter((a) => a.published === null)]
}

function main(argv: string[]): void {
  if (argv[0] === '--build-background') {
    const levels = backgroundLevels(argv.slice(1).map(readArticles))
    for (const [l, ws] of levels) process.stdout.write(`  ${l}: '${ws.join(' ').replace(/'/g, "\\'")}',\n`)
    return
  }
  const explain = argv.includes('--explain')
  const files = argv.filter((a) => a !== '--explain')
  if (files.length !== 1) {
    process.stderr.write('usage: cluster.ts [--explain] IN.jsonl|- > OUT.jsonl\n')
    process.exit(2)
  }
  // read once: standard input cannot be read again for the output's order
  const input = readArticles(files[0] as string)
  const articles = streamOrder(input)
  const folder = new Folder()
  const explanations = new Map<string, Explanation & { copyOf: string | null }>()
  const started = Date.now()
  for (const a of articles) {
    const d = folder.add(a)
    if (explain) explanations.set(a.id, { ...d.explain, copyOf: d.copyOf })
    if (folder.size % 10_000 === 0) {
      const rate = Math.round(folder.size / ((Date.now() - started) / 1000))
      process.stderr.write(`clustered ${folder.size}/${articles.length} (${rate}/s)\n`)
    }
  }
  const assigned = folder.assignments()
  const out: string[] = []
  for (const a of input) {
    const g = assigned.get(a.id)
    if (!g) continue
    const row: Record<string, unknown> = { id: a.id, cluster: g.developmentId, story: g.storyId }
    if (explain) row.explain = explanations.get(a.id)
    out.push(JSON.stringify(row))
  }
  process.stdout.write(out.join('\n') + '\n')
}

if (process.argv[1] && /cluster\.ts$/.test(process.argv[1])) main(process.argv.slice(2))
