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
import { FeedMeta } from '../src/feed/meta'
import type { DevelopmentView } from '../src/schema'
import { outletSections, type FeedEntry, type OutletSections } from '../src/feed/sections'

const SITE = 'https://storyfold.example'
const OUTLETS = ['Reuters', 'Financial Times', 'The Jerusalem Post', 'Al-Monitor', 'BBC News', 'Le Monde', 'AP & Co']

/** 50 developments in 5 stories of 10, newest first, like a first page of the main feed. */
export function benchDevelopments(count = 50): DevelopmentView[] {
  const base = Date.parse('2024-03-01T00:00:00.000Z')
  const at = (i: number, min = 0) => new Date(base - i * 3_600_000 + min * 60_000).toISOString()
  const title = (i: number) =>
    i % 7 === 0 ? `Q&A #${i}: <drones> & "ammo" ]]> sold 🚀 at 5 < 6 (AT&amp;T)` : `Development ${i}: officials confirm talks on the ${i}th round of sanctions relief`
  return Array.from({ length: count }, (_, i) => {
    const story = Math.floor(i / 10)
    return {
      id: `d_${i}`,
      storyId: `s_${story}`,
      title: title(i),
      summary: `Officials said on day ${i} that talks would continue & that <no> deal was near. A second sentence adds context about the negotiations and who is involved.`,
      published: at(i),
      updated: at(i, 45),
      articleCount: 4,
      outletCount: 4,
      outlets: Array.from({ length: 4 }, (_, k) => ({
        articleId: `a_${i}_${k}`,
        outlet: OUTLETS[(i + k) % OUTLETS.length]!,
        title: `${OUTLETS[(i + k) % OUTLETS.length]} reports: ${title(i)}`,
        url: `https://news${k}.example/${i}/article-${k}?utm_source=rss&ref=${k}`,
        published: at(i, k * 10),
        adds: k === 1 ? ['The ministry declined to comment.', 'Markets rose 2% on the news.'] : [],
        copyOf: k === 3 ? `a_${i}_0` : null,
        byline: k === 0 ? 'Reuters' : null,
      })),
      // The story window a view carries (src/http/views.ts): up to 5 earlier, itself, up to 5 later.
      timeline: Array.from({ length: 10 }, (_, t) => story * 10 + 9 - t)
        .filter((j) => Math.abs(j - i) <= 5)
        .map((j) => ({ id: `d_${j}`, title: title(j), published: at(j) })),
      storySize: 10,
    }
  })
}

export const benchMeta: FeedMeta = FeedMeta.parse({
  id: 'tag:storyfold.example,2024:feed',
  title: 'storyfold',
  description: "One entry per development: every outlet's report of the same news, folded.",
  siteUrl: SITE,
  selfUrl: `${SITE}/feed.xml`,
  links: { rss: `${SITE}/feed.xml`, atom: `${SITE}/atom.xml`, json: `${SITE}/feed.json`, html: `${SITE}/` },
  lang: 'en',
  updated: '2024-03-01T00:45:00.000Z',
  nextUrl: `${SITE}/feed.xml?before=2024-02-28T23%3A00%3A00.000Z&id=d_49`,
  prevUrl: null,
  generator: 'storyfold',
})

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
