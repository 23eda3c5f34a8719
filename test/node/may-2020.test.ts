/**
 * Issue 15, done when: the nine days of 16 real outlets' feeds (../shared/realstream/may-2020/feeds/),
 * served on 127.0.0.1 and added as sources of a real `npm start` (workerd, local D1), each polled
 * through the real poll path (`POST /api/sources/:id/poll`, again while a poll leaves items for
 * the next, as the cron would), store every item that has a
 * title or a description. The items are counted by an independent parser (Debian's Python
 * feedparser, as the real-reader tests use), not by ours; each is then looked up among the
 * articles the API shows for its outlet: by its link, else by its headline (the same report
 * again at another URL is one article by design: same outlet, same headline and text). The
 * counts per outlet are printed: the report the issue asks for.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from './dev-server'

const FEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'realstream', 'may-2020', 'feeds')
const PYTHON = '/usr/bin/python3'

/** One raw item as feedparser reads it. */
interface RawItem {
  link: string
  title: string
  /** It has a title or a description (summary, content or media:description). */
  usable: boolean
}

/** Every item of every feed file, read by Python's feedparser. */
function rawItems(files: string[]): Record<string, RawItem[]> {
  const script = `
import feedparser, json, sys
out = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    items = []
    for e in d.entries:
        title = (e.get('title') or '').strip()
        desc = (e.get('summary') or e.get('description') or '').strip() or any((c.get('value') or '').strip() for c in e.get('content', [])) or (e.get('media_description') or '').strip()
        items.append({'link': e.get('link') or '', 'title': title, 'usable': bool(title or desc)})
    out[path.rsplit('/', 1)[-1]] = items
print(json.dumps(out))
`
  let out: string
  try {
    out = execFileSync(PYTHON, ['-c', script, ...files.map((f) => join(FEEDS, f))], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    throw new Error(`missing python3-feedparser (apt-get install python3-feedparser): ${(e as Error).message}`)
  }
  return JSON.parse(out) as Record<string, RawItem[]>
}

interface Coverage {
  articleId: string
  outlet: string
  title: string
  url: string | null
}

const outletOf = (file: string) => file.replace(/\.xml$/, '')
/** A link as compared: parsed and without its fragment (both parsers resolve relative links). */
const linkKey = (u: string | null) => {
  try {
    const x = new URL(u ?? '')
    x.hash = ''
    return x.href
  } catch {
    return ''
  }
}
const titleKey = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase()

let dev: DevServer
let upstream: Server
let files: string[] = []
let raw: Record<string, RawItem[]> = {}
const outcomes: Record<string, { status: string; itemsSeen: number; itemsNew: number; skipped: number; polls: number }> = {}
/** Requests local workerd answered with a restart (503, retried). */
const restarts: string[] = []

beforeAll(async () => {
  files = readdirSync(FEEDS).filter((f) => f.endsWith('.xml')).sort()
  if (files.length !== 16) throw new Error(`missing May 2020 feeds: ${files.length} of 16 in ${FEEDS}`)
  raw = rawItems(files)
  upstream = createServer((req, res) => {
    const name = /^\/feeds\/([\w.-]+\.xml)$/.exec(req.url ?? '')?.[1]
    if (!name || !files.includes(name)) return void res.writeHead(404).end()
    const body = readFileSync(join(FEEDS, name))
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(body.length) }).end(body)
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
  // The settings a deployment has (200 new items per poll): a big feed comes in over several polls.
  dev = await startDevServer({ DEFAULT_SOURCES: '[]', ALLOW_PRIVATE_SOURCES: 'true' })
  const auth = { authorization: `Bearer ${dev.token}` }
  /** A POST, sent again when local workerd answers that it restarted mid-request (it says to retry; nothing half-written stays). */
  const post = async (url: string, init: RequestInit): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(600_000) })
      if (res.status !== 503 || attempt >= 5) return res
      restarts.push(`${url}: ${(await res.text()).slice(0, 120)}`)
      await new Promise((r) => setTimeout(r, 2_000))
    }
  }
  for (const file of files) {
    const added = await post(`${dev.base}/api/sources`, {
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ outlet: outletOf(file), url: `${up}/feeds/${file}` }),
    })
    expect(added.status, `${file}: ${await added.clone().text()}\n${dev.log().slice(-4000)}`).toBe(201)
    const { source } = (await added.json()) as { source: { id: number } }
    // Polled now, again while the last poll left items for later (the per-poll cap), as the cron would.
    const total = { status: 'ok', itemsSeen: 0, itemsNew: 0, skipped: 0, polls: 0 }
    for (let more = true; more && total.polls < 40; ) {
      const polled = await post(`${dev.base}/api/sources/${source.id}/poll`, { headers: auth })
      expect(polled.status, `${file}: ${dev.log().slice(-2000)}`).toBe(200)
      const { outcome } = (await polled.json()) as { outcome: { status: string; itemsSeen: number; itemsNew: number; skipped: number; deferred?: number; error?: string } }
      expect(outcome.status, `${file}: ${outcome.error}`).toBe('ok')
      total.polls += 1
      total.itemsSeen = outcome.itemsSeen
      total.itemsNew += outcome.itemsNew
      total.skipped += outcome.skipped
      more = (outcome.deferred ?? 0) > 0
    }
    outcomes[file] = total
  }
}, 3_000_000)

afterAll(async () => {
  await dev?.stop()
  upstream?.closeAllConnections()
  await new Promise((r) => upstream?.close(r))
})

/** Every article the API shows for an outlet (developments filtered by it, page by page). */
async function storedOf(outlet: string): Promise<Coverage[]> {
  const found = new Map<string, Coverage>()
  let url: string | null = `${dev.base}/api/developments?limit=200&since=2000-01-01&outlet=${encodeURIComponent(outlet)}`
  while (url) {
    const res: Response = await fetch(url)
    expect(res.status).toBe(200)
    const page = (await res.json()) as { developments: { outlets: Coverage[] }[]; next: string | null }
    for (const d of page.developments) for (const o of d.outlets) if (o.outlet === outlet) found.set(o.articleId, o)
    url = page.next
  }
  return [...found.values()]
}

describe('the May 2020 feeds, polled as sources', () => {
  it('store every item that has a title or a description', { timeout: 600_000 }, async () => {
    const report: Record<string, Record<string, number>> = {}
    const missing: string[] = []
    for (const file of files) {
      const items = raw[file]!
      const outcome = outcomes[file]!
      expect(outcome, file).toMatchObject({ status: 'ok', itemsSeen: items.length, skipped: 0 })
      const stored = await storedOf(outletOf(file))
      const byLink = new Set(stored.map((s) => linkKey(s.url)).filter((k) => k !== ''))
      const byTitle = new Set(stored.map((s) => titleKey(s.title)))
      let link = 0
      let headline = 0
      const usable = items.filter((i) => i.usable)
      const titles = new Map<string, number>()
      for (const item of items) titles.set(titleKey(item.title), (titles.get(titleKey(item.title)) ?? 0) + 1)
      for (const item of usable) {
        if (byLink.has(linkKey(item.link))) link += 1
        else if (item.title && byTitle.has(titleKey(item.title))) {
          headline += 1
          // Found only by its headline: that must be the same report again (its headline repeats
          // in the feed), not a link we read wrong (nzherald's links escaped twice were).
          if ((titles.get(titleKey(item.title)) ?? 0) < 2) missing.push(`${file}: stored under another link: ${JSON.stringify(item)}`)
        } else missing.push(`${file}: ${JSON.stringify(item)}`)
      }
      report[outletOf(file)] = { polls: outcome.polls, items: items.length, 'with title or description': usable.length, 'stored articles': stored.length, 'found by link': link, 'found by headline (same report again)': headline }
    }
    console.log('May 2020 feeds, polled as sources (200 new items per poll):')
    console.table(report)
    if (restarts.length) {
      console.log(`local workerd restarted mid-request ${restarts.length} times (retried):`, restarts)
      console.log(dev.log().split('\n').filter((l) => /restart|memory|exceed|fatal|error|kj::/i.test(l)).slice(-20).join('\n'))
    }
    expect(missing).toEqual([])
    const total = (k: string) => Object.values(report).reduce((s, r) => s + r[k]!, 0)
    expect(total('found by link') + total('found by headline (same report again)')).toBe(total('with title or description'))
  })
})
