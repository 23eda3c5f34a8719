/**
 * Render bench: one 50-entry page (4 outlets per development, 10-step story timelines, a few
 * hostile headlines) rendered as RSS, Atom and JSON Feed in Node, N times each after warm-up, two
 * ways: as the Worker serves it, each entry carrying the outlet section its format needs as the
 * store keeps it (`*_render_ms`; src/feed/sections.ts), and from the outlets alone, rendering the
 * sections too (`*_render_from_outlets_ms`: a development whose stored sections are of an older
 * version, and the whole work of a render). Also what writing the sections costs per development
 * (`sections_write_us`, paid by the pipeline when it writes a development). Prints CPU ms per
 * render per format and ends with one JSON line. `runRenderBench()` returns the figures so
 * scripts/bench.ts can merge them.
 *
 *   npx tsx scripts/bench-render.ts        # N=2000
 *   BENCH_RENDER_N=500 npx tsx scripts/bench-render.ts
 */
import { pathToFileURL } from 'node:url'
import { FEED_SECTIONS, renderFeed, type FeedFormat } from '../src/feed/render'
import type { DevelopmentView } from '../src/schema'
import { outletSections, type FeedEntry, type OutletSections } from '../src/feed/sections'
import { benchDevelopments, benchMeta } from '../test/bench-page'

/**
 * The page as a feed request reads it from the store: each entry with the outlet sections its
 * format needs and no outlets. The strings are flat, as D1 hands them over.
 */
export function storedEntries(devs: readonly DevelopmentView[], format: FeedFormat): FeedEntry[] {
  return devs.map(({ outlets, ...dev }) => {
    const all = outletSections(outlets)
    const sections: Partial<OutletSections> = {}
    for (const part of FEED_SECTIONS[format]) sections[part] = flat(all[part])
    return { ...dev, sections }
  })
}

/** A flat copy of a string (not a rope of concatenations). */
const flat = (s: string): string => Buffer.from(s, 'utf8').toString('utf8')

/** CPU ms per call of `fn`: the median of 20 batches after 200 warm-up calls. */
function cpuPerCall(n: number, fn: () => number): { ms: number; min: number; calls: number } {
  let sink = 0
  for (let i = 0; i < 200; i++) sink += fn()
  const batches = 20
  const per = Math.max(1, Math.round(n / batches))
  const times: number[] = []
  for (let b = 0; b < batches; b++) {
    const c0 = process.cpuUsage()
    for (let i = 0; i < per; i++) sink += fn()
    const c = process.cpuUsage(c0)
    times.push((c.user + c.system) / 1000 / per)
  }
  times.sort((a, b) => a - b)
  return { ms: times[batches >> 1]! + (sink === -1 ? 1 : 0), min: times[0]!, calls: per * batches }
}

/**
 * CPU ms per render for each format (process CPU time, GC included, as the Worker's CPU limit
 * counts it): N renders after 200 warm-up ones, in 20 batches; the figure is the median batch
 * (robust to other load on a shared machine). Each body is flattened (one
 * `charCodeAt`) so a rope's deferred concatenation is counted, as the Worker pays it when it
 * encodes the body.
 * Both ways for each format (stored sections, from outlets), then the cost of writing sections.
 */
export function runRenderBench(n = Number(process.env.BENCH_RENDER_N ?? 2000)): Record<string, number> {
  const devs = benchDevelopments()
  const self: Record<FeedFormat, string> = { rss: benchMeta.links.rss, atom: benchMeta.links.atom, json: benchMeta.links.json }
  const out: Record<string, number> = {}
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  for (const format of ['rss', 'atom', 'json'] as const) {
    const meta = { ...benchMeta, selfUrl: self[format] }
    const variants: [key: string, label: string, entries: readonly FeedEntry[]][] = [
      [`${format}_render_ms`, 'stored sections', storedEntries(devs, format)],
      [`${format}_render_from_outlets_ms`, 'from outlets', devs],
    ]
    for (const [key, label, entries] of variants) {
      const t = cpuPerCall(n, () => {
        const body = renderFeed(format, meta, entries).body
        return body.charCodeAt(body.length >> 1) + body.length
      })
      out[key] = round(t.ms)
      const chars = renderFeed(format, meta, entries).body.length
      console.log(`  ${format.padEnd(4)} ${label.padEnd(15)} ${t.ms.toFixed(3)} ms CPU/render (median of 20 batches; min ${t.min.toFixed(3)})  50 entries, ${chars} chars, N=${t.calls}`)
    }
  }
  // What the pipeline pays to write the sections of one development (4 outlets): per development, in µs.
  const w = cpuPerCall(n, () => {
    let len = 0
    for (const d of devs) len += outletSections(d.outlets).html.length
    return len
  })
  out.sections_write_us = Math.round((w.ms * 1000) / devs.length * 10) / 10
  console.log(`  outlet sections written at ingest: ${out.sections_write_us} µs CPU per development (4 outlets)`)
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(runRenderBench()))
}
