/**
 * CPU time of local processes from /proc (Linux): what a workerd process spent, for the benches
 * that measure a dev server from outside (scripts/bench-ingest.ts).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** utime + stime of a process, all threads, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK
}

/**
 * The workerd processes started by this Node process: Miniflare spawns exactly one; `wrangler dev`
 * two, a proxy that takes the requests and the runtime of the Worker itself (with D1), see
 * {@link isWorkerRuntime}.
 */
export function workerdPids(): number[] {
  const parent = new Map<number, number>()
  const comm = new Map<number, string>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const pid = Number(entry)
      comm.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // process went away
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true
    return false
  }
  return [...comm].filter(([pid, name]) => name === 'workerd' && mine(pid)).map(([pid]) => pid)
}

/** Resident memory of a process (VmRSS), in MB: how a long-running workerd's heap grows. */
export function processRssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : Number.NaN
}

/** Whether a workerd process is the one running the Worker (wrangler dev gives only that one a devtools inspector; its proxy has none). */
export function isWorkerRuntime(pid: number): boolean {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((a) => a.startsWith('--inspector-addr'))
}
