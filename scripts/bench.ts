/**
 * `npm run bench`: the fold (scripts/bench-cluster.ts), serving (scripts/bench/serve.ts) and a
 * batch joining a very large development (scripts/bench/large.ts), each printing its figures,
 * then one JSON line of them all with the machine, for comparing runs.
 */
import { cpus } from 'node:os'
import { runLargeBench } from './bench/large'
import { runServeBench } from './bench/serve'
import { runClusterBench } from './bench-cluster'

const figures: Record<string, number | string> = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }
console.log(`== fold (scripts/bench-cluster.ts) on ${figures.cpu}, ${figures.cores} cores, node ${figures.node}`)
Object.assign(figures, runClusterBench({ log: true }))
console.log('== serving (scripts/bench/serve.ts)')
Object.assign(figures, await runServeBench())
console.log('== large development (scripts/bench/large.ts): 5 articles joining a development of 100, 3,215 and 9,000')
Object.assign(figures, await runLargeBench())
console.log(JSON.stringify(figures))
