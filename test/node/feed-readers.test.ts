/**
 * Real-reader check: the rendered RSS, Atom and JSON Feed documents, written to files and read
 * back by Debian's Python feedparser (and Python's json for JSON Feed, which feedparser 6 does not
 * read), must parse without the bozo flag and agree on ids, titles, dates and entry counts.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderAtom } from '../../src/feed/atom'
import { renderJsonFeed } from '../../src/feed/json'
import { renderRss } from '../../src/feed/rss'
import { developments, hostileTitle, meta } from '../../src/feed/testdata/fixtures'
import { PYTHON, requireClients, type ReaderEntry } from './real-clients'

requireClients('feed-readers', ['feedparser'])

/** Reads each file with feedparser (XML) or json (JSON Feed) and prints one normalised summary. */
const READER = String.raw`
import calendar, json, sys, feedparser
from datetime import datetime
def epoch(t): return calendar.timegm(t) if t else None
def iso(s): return int(datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp())
out = {}
for kind, path in zip(['rss', 'atom'], sys.argv[1:3]):
    d = feedparser.parse(path)
    out[kind] = {
        'bozo': bool(d.bozo), 'bozo_exception': str(d.get('bozo_exception', '')), 'version': d.version,
        'language': d.feed.get('language'), 'updated': epoch(d.feed.get('updated_parsed')),
        'links': sorted([l.get('rel'), l.get('href')] for l in d.feed.get('links', [])),
        'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'),
                     'published': epoch(e.get('published_parsed')), 'updated': epoch(e.get('updated_parsed')),
                     'content': (e.get('content') or [{}])[0].get('value', '')}
                    for e in d.entries],
    }
with open(sys.argv[3], encoding='utf-8') as f:
    j = json.load(f)
out['json'] = {'version': j['version'], 'language': j.get('language'), 'entries': [
    {'id': i['id'], 'title': i['title'], 'link': i['url'],
     'published': iso(i['date_published']),
     'updated': iso(i['date_modified'])} for i in j['items']]}
print(json.dumps(out))
`

interface ReaderFeed {
  bozo?: boolean
  bozo_exception?: string
  version: string
  language: string | null
  updated?: number | null
  links?: [string, string][]
  entries: ReaderEntry[]
}

const dir = mkdtempSync(join(tmpdir(), 'storyfold-feeds-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function readAll(): Record<'rss' | 'atom' | 'json', ReaderFeed> {
  const files = {
    rss: join(dir, 'feed.xml'),
    atom: join(dir, 'atom.xml'),
    json: join(dir, 'feed.json'),
  }
  writeFileSync(files.rss, renderRss({ ...meta, selfUrl: meta.links.rss }, developments))
  writeFileSync(files.atom, renderAtom({ ...meta, selfUrl: meta.links.atom }, developments))
  writeFileSync(files.json, renderJsonFeed({ ...meta, selfUrl: meta.links.json }, developments))
  const run = spawnSync(PYTHON, ['-c', READER, files.rss, files.atom, files.json], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`feedparser run failed: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

const seconds = (iso: string) => Date.parse(iso) / 1000

describe('feed readers: Python feedparser', () => {
  const feeds = readAll()

  it('reads RSS 2.0 and Atom 1.0 without the bozo flag', () => {
    expect(feeds.rss.bozo, feeds.rss.bozo_exception).toBe(false)
    expect(feeds.atom.bozo, feeds.atom.bozo_exception).toBe(false)
    expect(feeds.rss.version).toBe('rss20')
    expect(feeds.atom.version).toBe('atom10')
    expect(feeds.json.version).toBe('https://jsonfeed.org/version/1.1')
  })

  it('sees language, feed update time, self and next links', () => {
    for (const kind of ['rss', 'atom'] as const) {
      expect(feeds![kind].language).toBe('en')
      expect(feeds![kind].updated).toBe(seconds(meta.updated))
      expect(feeds![kind].links).toContainEqual(['next', meta.nextUrl])
    }
    expect(feeds.rss.links).toContainEqual(['self', meta.links.rss])
    expect(feeds.atom.links).toContainEqual(['self', meta.links.atom])
  })

  it('gets the same entries, ids, titles, links and first-report dates from all three formats', () => {
    const expected = developments.map((d) => ({
      id: `tag:storyfold.example,2024:development:${d.id}`,
      link: `https://storyfold.example/developments/${d.id}`,
      published: seconds(d.published),
    }))
    for (const kind of ['rss', 'atom', 'json'] as const) {
      const entries = feeds![kind].entries
      expect(entries, kind).toHaveLength(developments.length)
      expect(entries.map(({ id, link, published }) => ({ id, link, published })), kind).toEqual(expected)
      expect(entries[0]?.title, kind).toBe(hostileTitle)
      expect(entries[1]?.title, kind).toBe(developments[1]!.title)
    }
  })

  it('gets the last real change as updated from Atom and JSON Feed', () => {
    const updated = developments.map((d) => seconds(d.updated))
    expect(feeds.atom.entries.map((e) => e.updated)).toEqual(updated)
    expect(feeds.json.entries.map((e) => e.updated)).toEqual(updated)
  })

  it('keeps outlet links and escaped article markup in the content a reader shows', () => {
    for (const kind of ['rss', 'atom'] as const) {
      const [hostile, drones] = feeds![kind].entries
      expect(drones?.content, kind).toContain('<a href="https://www.ft.com/content/3b3c-iran-drones">')
      // The Reuters copy reads as the Jerusalem Post's report carried by one more outlet; three distinct outlets.
      expect(drones?.content, kind).toContain('Also carried by <a href="https://www.timesofisrael.com/liveblog_entry/us-said-pressing-iran/"><strong>The Times of Israel</strong></a>')
      expect(drones?.content, kind).toContain('Covered by 3 outlets')
      expect(hostile?.content, kind).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(hostile?.content, kind).not.toContain('<script')
    }
  })
})
