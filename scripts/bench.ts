/**
 * `npm run bench`: the clustering bench (scripts/bench-cluster.ts, `runClusterBench`), the render
 * bench, the large-development bench (scripts/bench-large.ts, `runLargeBench`) and the
 * serving bench (scripts/bench-serve.ts, `runServeBench`), each printing its own summary, then ONE
 * JSON line merging every figure of both (plus the machine), for comparing runs.
 */
import { cpus } from 'node:os'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runLargeBench } from './bench-large'
import { runRenderBench } from './bench-render'
import { runServeBench } from './bench-serve'

const here = dirname(fileURLToPath(import.meta.url))
const figures: Record<string, number | string> = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }
const notes: string[] = []

const clusterPath = join(here, 'bench-cluster.ts')
if (existsSync(clusterPath)) {
  const mod = (await import(pathToFileURL(clusterPath).href)) as { runClusterBench?: () => Promise<Record<string, number>> }
  if (typeof mod.runClusterBench === 'function') {
    console.log('== cluster bench (scripts/bench-cluster.ts)')
    Object.assign(figures, await mod.runClusterBench())
  } else {
    notes.push('scripts/bench-cluster.ts does not export runClusterBench(); cluster figures missing')
  }
} else {
  notes.push('scripts/bench-cluster.ts is missing; cluster figures missing')
}
for (const note of notes) console.log(`note: ${note}`)

console.log('== render bench (scripts/bench-render.ts): the pure renderers in Node')
Object.assign(figures, await runRenderBench())

console.log('== large development bench (scripts/bench-large.ts): 5 articles joining a development of 100, 3,215 and 9,000')
Object.assign(figures, await runLargeBench())

console.log('== serve bench (scripts/bench-serve.ts)')
const serve = await runServeBench()
for (const [k, v] of Object.entries(serve)) {
  // Keys both benches report (e.g. cores) keep the first value; serve figures never silently replace cluster ones.
  if (k in figures && figures[k] !== v) figures[`serve_${k}`] = v
  else figures[k] = v
}
if (notes.length) figures.notes = notes.join('; ')
console.log(JSON.stringify(figures))
