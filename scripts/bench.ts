/**
 * `npm run bench`: the fold (scripts/bench-cluster.ts) and serving (scripts/bench/serve.ts), each
 * printing its figures, then one JSON line of them all with the machine, for comparing runs.
 */
import { cpus } from 'node:os'
import { runServeBench } from './bench/serve'
import { runClusterBench } from './bench-cluster'

const figures: Record<string, number | string> = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }
console.log(`== fold (scripts/bench-cluster.ts) on ${figures.cpu}, ${figures.cores} cores, node ${figures.node}`)
Object.assign(figures, runClusterBench({ log: true }))
console.log('== serving (scripts/bench/serve.ts)')
Object.assign(figures, await runServeBench())
console.log(JSON.stringify(figures))
