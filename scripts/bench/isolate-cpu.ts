/**
 * The CPU time of ONE Worker's V8 isolate, read from workerd's V8 inspector (Chrome DevTools
 * Protocol), for scripts/bench-serve.ts:
 *
 * - a minimal WebSocket client (RFC 6455, unfragmented masked text frames out; text, continuation,
 *   ping and close frames in) over node:http, because Node 20 has `WebSocket` only behind
 *   --experimental-websocket and `ws`/`undici` are not dependencies of this project (only
 *   transitive ones of miniflare and wrangler);
 * - finding the user Worker's inspector target by name among Miniflare's internal Workers;
 * - profiling a batch, measuring the sampler's real period, and reading a profile into time
 *   inside the isolate per category and self time per function.
 */
import { createHash, randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { Socket } from 'node:net'

// ---------------------------------------------------------------------------------------------
// WebSocket + CDP.

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

/** One CDP connection to one inspector target. */
export class InspectorSession {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>()
  private chunks: Buffer[] = []
  private buffered = 0
  private message: Buffer[] = []
  private closed: Error | null = null
  /** Called with every CDP event (messages without an id). */
  onEvent: ((event: { method: string; params: unknown }) => void) | null = null

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    const fail = (err: Error) => {
      this.closed ??= err
      for (const p of this.pending.values()) p.reject(new Error(`inspector: ${p.method}: ${err.message}`))
      this.pending.clear()
    }
    socket.on('error', fail)
    socket.on('close', () => fail(new Error('connection closed')))
  }

  static connect(wsUrl: string): Promise<InspectorSession> {
    const url = new URL(wsUrl)
    const key = randomBytes(16).toString('base64')
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
      })
      req.on('upgrade', (res, socket, head) => {
        const expected = createHash('sha1').update(key + WS_GUID).digest('base64')
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy()
          reject(new Error(`inspector: bad WebSocket handshake from ${wsUrl}`))
          return
        }
        const session = new InspectorSession(socket)
        if (head.length) session.onData(head)
        resolve(session)
      })
      req.on('response', (res) => reject(new Error(`inspector: ${wsUrl} answered ${res.statusCode} instead of upgrading`)))
      req.on('error', reject)
      req.end()
    })
  }

  /** Sends a CDP command and resolves with its result (rejects with the CDP error). */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`inspector: ${method}: ${this.closed.message}`))
    const id = this.nextId++
    const payload = Buffer.from(JSON.stringify({ id, method, params }), 'utf8')
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method })
      this.writeFrame(0x1, payload)
    })
  }

  close(): void {
    if (!this.socket.destroyed) {
      this.writeFrame(0x8, Buffer.alloc(0))
      this.socket.end()
    }
  }

  /** Client frames are always masked (RFC 6455 §5.3). */
  private writeFrame(opcode: number, payload: Buffer): void {
    const len = payload.length
    const header = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10)
    header[0] = 0x80 | opcode
    if (len < 126) header[1] = 0x80 | len
    else if (len < 65536) {
      header[1] = 0x80 | 126
      header.writeUInt16BE(len, 2)
    } else {
      header[1] = 0x80 | 127
      header.writeBigUInt64BE(BigInt(len), 2)
    }
    const mask = randomBytes(4)
    const masked = Buffer.allocUnsafe(len)
    for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ mask[i & 3]!
    this.socket.write(Buffer.concat([header, mask, masked]))
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    for (;;) {
      if (this.buffered < 2) return
      let head = this.chunks[0]!
      if (head.length < 14 && this.chunks.length > 1) {
        head = Buffer.concat(this.chunks)
        this.chunks = [head]
      }
      const fin = (head[0]! & 0x80) !== 0
      const opcode = head[0]! & 0x0f
      const isMasked = (head[1]! & 0x80) !== 0
      let len = head[1]! & 0x7f
      let offset = 2
      if (len === 126) {
        if (this.buffered < 4) return
        len = head.readUInt16BE(2)
        offset = 4
      } else if (len === 127) {
        if (this.buffered < 10) return
        len = Number(head.readBigUInt64BE(2))
        offset = 10
      }
      const maskKey = isMasked ? head.subarray(offset, offset + 4) : null
      if (isMasked) offset += 4
      if (this.buffered < offset + len) return
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
      const payload = Buffer.from(all.subarray(offset, offset + len))
      if (maskKey) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ maskKey[i & 3]!
      const rest = all.subarray(offset + len)
      this.chunks = rest.length ? [rest] : []
      this.buffered = rest.length
      this.onFrame(fin, opcode, payload)
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0x9) return this.writeFrame(0xa, payload) // ping → pong
    if (opcode === 0xa) return
    if (opcode === 0x8) {
      this.socket.end()
      return
    }
    if (opcode === 0x1 || opcode === 0x0) {
      this.message.push(payload)
      if (!fin) return
      const text = Buffer.concat(this.message).toString('utf8')
      this.message = []
      const msg = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string; code?: number } }
      if (msg.id === undefined) return this.onEvent?.(msg as { method: string; params: unknown }) // an event
      const p = this.pending.get(msg.id)
      if (!p) return
      this.pending.delete(msg.id)
      if (msg.error) p.reject(new Error(`inspector: ${p.method}: ${msg.error.message}`))
      else p.resolve(msg.result)
    }
  }
}

interface InspectorTarget {
  id: string
  title: string
  webSocketDebuggerUrl: string
}

/**
 * The inspector target of the user Worker called `workerName`. Miniflare names user Workers
 * `core:user:<name>` in workerd; its own Workers (core:entry, which proxies every request to the
 * user Worker, the D1 and cache Durable Objects, …) are separate targets, i.e. separate isolates.
 */
export async function findWorkerTarget(inspectorUrl: URL, workerName: string): Promise<InspectorTarget> {
  const res = await fetch(`http://${inspectorUrl.host}/json`)
  const targets = (await res.json()) as InspectorTarget[]
  const wanted = `core:user:${workerName}`
  const matches = targets.filter((t) => t.id === wanted)
  if (matches.length !== 1) {
    throw new Error(`inspector: expected one target ${wanted}, found ${matches.length} among ${targets.map((t) => t.id).join(', ')}`)
  }
  return matches[0]!
}

// ---------------------------------------------------------------------------------------------
// Profiles.
//
// How workerd's profiles read (found empirically with workerd 1.20260310; what the figures mean is
// in the header of scripts/bench-serve.ts): V8's sampler thread signals workerd's one thread every
// period P (the requested interval plus the sampler's wake-up latency: ~120–140 µs for 50 µs
// requested), and V8 RECORDS A SAMPLE ONLY IF THE THREAD HOLDS THIS ISOLATE'S LOCK at that tick.
// While the thread runs another isolate (Miniflare's core:entry, the D1 or cache Durable Objects),
// native code outside the lock, or waits for the network, ticks are dropped (a 3 s idle profile
// holds 1–3 samples). So `timeDeltas` are not per-sample durations: after a gap, the next sample's
// delta swallows the whole gap (milliseconds). Raw deltas summed by category add up to the wall
// time of the batch but spread the time spent elsewhere over whichever sample comes next. Each
// recorded sample instead stands for ONE period inside the isolate: sample i weighs
// min(delta_i, P), with P the median delta between back-to-back samples (no tick dropped between
// them) of the same profile or, when a profile has too few of those (floor, 304), a P measured
// elsewhere: in a dense profile taken under the same load, or with the isolate kept busy
// (calibrate()). Ticks fall independently of when the lock is held, so
// count × P estimates the time under the lock without bias, within about 1/√samples.

export interface CpuProfileNode {
  id: number
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}

export interface CpuProfile {
  nodes: CpuProfileNode[]
  /** µs */
  startTime: number
  endTime: number
  samples?: number[]
  /** µs, from the previous sample (the first from startTime) */
  timeDeltas?: number[]
}

const PROGRAM = '(program)'
const IDLE = '(idle)'
const GC = '(garbage collector)'
const ROOT = '(root)'

/**
 * Starts the profiler at `intervalUs`, runs `run`, stops the profiler. `wallMs` is the time from
 * the Profiler.start reply to sending Profiler.stop.
 */
export async function profiled(
  session: InspectorSession,
  intervalUs: number,
  run: () => Promise<void>,
): Promise<{ profile: CpuProfile; wallMs: number }> {
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs })
  await session.send('Profiler.start')
  const t0 = performance.now()
  try {
    await run()
  } catch (err) {
    await session.send('Profiler.stop').catch(() => undefined)
    throw err
  }
  const wallMs = performance.now() - t0
  const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop')
  return { profile, wallMs }
}

/**
 * The sampler's period P, measured with the isolate kept busy (a ~50 ms JS loop run through
 * Runtime.evaluate), so that no tick is dropped: the median delta between samples of the loop.
 */
export async function calibrate(session: InspectorSession, intervalUs: number): Promise<number> {
  let contextId: number | null = null
  const previous = session.onEvent
  session.onEvent = (e) => {
    if (e.method === 'Runtime.executionContextCreated') contextId ??= (e.params as { context: { id: number } }).context.id
  }
  try {
    await session.send('Runtime.enable') // reports the existing execution context as an event
    for (let i = 0; i < 50 && contextId === null; i++) await new Promise((r) => setTimeout(r, 20))
    if (contextId === null) throw new Error('inspector: no execution context reported by Runtime.enable')
    // ~50 ms of JS at the default 50 µs, longer at coarser intervals: enough back-to-back samples either way.
    const iterations = Math.round(3e7 * Math.max(1, intervalUs / 50))
    const expression = `(() => { let x = 0; for (let i = 0; i < ${iterations}; i++) x += i % 7; return x })()`
    const { profile } = await profiled(session, intervalUs, async () => {
      await session.send('Runtime.evaluate', { expression, contextId })
    })
    const byId = nodesById(profile)
    const deltas: number[] = []
    const samples = profile.samples ?? []
    const timeDeltas = profile.timeDeltas ?? []
    for (let i = 1; i < samples.length; i++) {
      if (category(byId.get(samples[i]!)!) === 'js' && category(byId.get(samples[i - 1]!)!) === 'js') deltas.push(timeDeltas[i]!)
    }
    if (deltas.length < 100) throw new Error(`inspector: calibration loop gave only ${deltas.length} samples`)
    return median(deltas)
  } finally {
    await session.send('Runtime.disable')
    session.onEvent = previous
  }
}

type Category = 'js' | 'gc' | 'program' | 'idle'

function category(node: CpuProfileNode): Category {
  switch (node.callFrame.functionName) {
    case GC:
      return 'gc'
    case PROGRAM:
    case ROOT:
      return 'program'
    case IDLE:
      return 'idle'
    default:
      return 'js'
  }
}

const nodesById = (profile: CpuProfile) => new Map(profile.nodes.map((n) => [n.id, n]))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

export interface IsolateTime {
  /** Time inside the isolate by category, ms (sum over the whole profile). */
  js: number
  gc: number
  program: number
  idle: number
  samples: number
  /** P used to weigh samples, µs, and where it came from ('profile': this one). */
  periodUs: number
  periodFrom: string
  /** Sum of the raw timeDeltas (all categories), ms: the profile's extent, gaps included. */
  rawMs: number
  /** endTime − startTime, ms. */
  spanMs: number
}

/**
 * Reads a profile as time inside the isolate (see the comment above). P comes from the profile
 * itself when it has enough back-to-back samples, else from `fallback` (a P measured elsewhere).
 */
export function isolateTime(profile: CpuProfile, fallback: { periodUs: number; from: string }): IsolateTime {
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const backToBack = deltas.slice(1).filter((d) => d < 1.5 * fallback.periodUs)
  const fromProfile = backToBack.length >= 200
  const period = fromProfile ? median(backToBack) : fallback.periodUs
  const byId = nodesById(profile)
  const t: IsolateTime = {
    js: 0, gc: 0, program: 0, idle: 0, samples: samples.length, periodUs: period,
    periodFrom: fromProfile ? 'profile' : fallback.from, rawMs: 0, spanMs: (profile.endTime - profile.startTime) / 1000,
  }
  for (let i = 0; i < samples.length; i++) {
    const d = deltas[i] ?? 0
    t.rawMs += d / 1000
    t[category(byId.get(samples[i]!)!)] += Math.min(d, period) / 1000
  }
  return t
}

export interface HotFunction {
  name: string
  /** file:line (1-based), through `locate` when given. */
  where: string
  selfMs: number
}

/**
 * JS functions by self time (weighted as in isolateTime), biggest first. `locate` maps a bundle
 * position (0-based line and column, as in the profile) to something readable.
 */
export function topSelf(
  profile: CpuProfile,
  periodUs: number,
  count: number,
  locate: (url: string, line: number, column: number) => string,
): HotFunction[] {
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const byId = nodesById(profile)
  const self = new Map<string, HotFunction>()
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!)!
    if (category(node) !== 'js') continue
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const name = functionName || '(anonymous)'
    const where = url ? locate(url, lineNumber, columnNumber) : '(native)'
    const key = `${name} ${where}`
    const hot = self.get(key) ?? { name, where, selfMs: 0 }
    hot.selfMs += Math.min(deltas[i] ?? 0, periodUs) / 1000
    self.set(key, hot)
  }
  return [...self.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, count)
}
