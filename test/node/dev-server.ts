/**
 * A real `npm start` for tests that drive the service from outside (feed readers, a browser,
 * concurrent clients): its own port and its own local D1 state in a temp dir, so tests never
 * touch the developer's data. `restart()` kills the server and starts it again on the same state.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export interface DevServer {
  base: string
  token: string
  state: string
  log: () => string
  restart: () => Promise<void>
  stop: () => Promise<void>
}


/** Starts `npm start` on a free port with a fresh state dir and waits until it answers; `env` adds to its environment. */
export async function startDevServer(env: Record<string, string> = {}): Promise<DevServer> {
  const port = await freePort()
  // Its own devtools port too: with wrangler's default (9229), servers started at the same time
  // (this suite's, or another checkout's test run beside it) race for it and one exits.
  const inspectorPort = await freePort()
  const state = mkdtempSync(join(tmpdir(), 'storyfold-state-'))
  const base = `http://127.0.0.1:${port}`
  const token = randomBytes(16).toString('hex')
  let child: ChildProcess | null = null
  let output = ''

  const launch = async () => {
    output = ''
    child = spawn('node', [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), INSPECTOR_PORT: String(inspectorPort), STORYFOLD_STATE: state, INGEST_TOKEN: token, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`)
      try {
        const res = await fetch(`${base}/health`)
        if (res.ok) return
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 300))
    }
    throw new Error(`npm start did not answer within 120 s:\n${output}`)
  }

  const kill = async () => {
    const c = child
    if (!c || c.exitCode !== null || c.pid === undefined) return
    const done = new Promise((r) => c.once('exit', r))
    try {
      process.kill(-c.pid, 'SIGKILL') // the whole group: npm start, wrangler, workerd
    } catch {
      // already gone
    }
    await done
  }

  await launch()
  return {
    base,
    token,
    state,
    log: () => output,
    restart: async () => {
      await kill()
      await launch()
    },
    stop: async () => {
      await kill()
      rmSync(state, { recursive: true, force: true })
    },
  }
}
