/**
 * Real feed readers against a running `npm start` (one dev server for the whole file):
 *
 * - Debian's Python feedparser fetches RSS and Atom over HTTP itself (main feed, a story's feed and
 *   a filtered feed) and must read them without the bozo flag; JSON Feed, which feedparser 6 does
 *   not read, is fetched and read with Python's json. All three must agree with each other and with
 *   the JSON API on ids, titles and dates. feedparser's own conditional GET must get a 304.
 * - newsboat loads RSS and Atom with the right item count; reloading an unchanged feed adds
 *   nothing (and is answered 304 once newsboat holds the validators); when a development gains an
 *   outlet, newsboat updates that item in place instead of adding a second one; when the report an
 *   entry's headline came from is removed (DELETE /api/articles/:id), newsboat holds that item once,
 *   retitled and saying why, and feedparser no longer sees a removed test post.
 *
 * Missing tools: with `CI` set the file fails with an install hint; otherwise the suite is skipped
 * with the reason logged.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from './dev-server'
import { NEWSBOAT, PYTHON, requireClients, type ReaderEntry } from './real-clients'

// newsboat's cache is read with /usr/bin/python3's sqlite3, so it needs Debian's python too.
requireClients('readers', ['feedparser', 'newsboat'])

let server: DevServer
const tmp = mkdtempSync(join(tmpdir(), 'storyfold-readers-'))

/**
 * An Arabic report (issue 15: languages reach the feeds): every reader test below reads feeds
 * that hold it. Dated within the seed corpus's days, so the top developments (ranked against the
 * newest report stored) stay the corpus's.
 */
const ARABIC = {
  url: 'https://arabic.example.org/news/taiwan-quake',
  outlet: 'Arabic Example',
  title: 'زلزال بقوة 7.4 درجات يضرب شرق تايوان',
  published: '2023-08-16T09:00:00Z',
  lang: 'ar',
  text: 'ضرب زلزال بقوة 7.4 درجات على مقياس ريختر شرق تايوان صباح الأربعاء، وقالت السلطات إن تسعة أشخاص على الأقل لقوا حتفهم وأصيب أكثر من ثمانمئة.',
}

beforeAll(async () => {
  server = await startDevServer()
  const res = await fetch(`${server.base}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([ARABIC]),
  })
  expect(res.status, await res.clone().text()).toBe(201)
})
afterAll(async () => {
  await server?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

/** Runs Python code with arguments, returning its stdout parsed as JSON. */
function python<T>(code: string, args: string[]): T {
  const run = spawnSync(PYTHON, ['-c', code, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: tmp, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
    timeout: 30_000,
  })
  if (run.status !== 0) throw new Error(`python failed (${run.status}): ${run.stderr}`)
  return JSON.parse(run.stdout) as T
}

interface ReadFeed {
  status: number | null
  bozo?: boolean
  bozo_exception?: string
  version: string
  etag?: string | null
  entries: ReaderEntry[]
}

/**
 * feedparser fetches each XML URL itself (its own HTTP client, as a reader would); the JSON Feed
 * URL is fetched with urllib and read with json. Prints one normalised summary per URL.
 */
const READ = String.raw`
import calendar, json, sys, urllib.request, feedparser
from datetime import datetime
def epoch(t): return calendar.timegm(t) if t else None
def iso(s): return int(datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp())
out = []
for url in sys.argv[1:]:
    if '/feed.json' in url:
        with urllib.request.urlopen(url, timeout=20) as r:
            status = r.status
            j = json.loads(r.read().decode('utf-8'))
        out.append({'status': status, 'version': j['version'], 'entries': [
            {'id': i['id'], 'title': i['title'], 'link': i['url'], 'published': iso(i['date_published']),
             'updated': iso(i['date_modified']) if i.get('date_modified') else None} for i in j['items']]})
        continue
    d = feedparser.parse(url)
    out.append({
        'status': d.get('status'), 'bozo': bool(d.bozo), 'bozo_exception': str(d.get('bozo_exception', '')),
        'version': d.version, 'etag': d.get('etag'),
        'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'),
                     'published': epoch(e.get('published_parsed')), 'updated': epoch(e.get('updated_parsed')),
                     'content': (e.get('content') or [{}])[0].get('value', '')} for e in d.entries],
    })
print(json.dumps(out))
`

/** The language feedparser sees for each entry: Atom's xml:lang (title_detail), RSS's dc:language. */
const LANGUAGES = String.raw`
import json, sys, feedparser
atom = feedparser.parse(sys.argv[1])
rss = feedparser.parse(sys.argv[2])
print(json.dumps({'bozo': [bool(atom.bozo), bool(rss.bozo)],
  'atom': {e.title: e.title_detail.get('language') for e in atom.entries},
  'rss': {e.title: e.get('language') for e in rss.entries}}))
`

/** feedparser's conditional GET: the ETag it saw, sent back, must get a 304 with no entries. */
const CONDITIONAL = String.raw`
import json, sys, feedparser
url = sys.argv[1]
first = feedparser.parse(url)
again = feedparser.parse(url, etag=first.get('etag'))
by_date = feedparser.parse(url, modified=first.get('modified'))
print(json.dumps({'etag': first.get('etag'), 'status': again.get('status'), 'entries': len(again.entries),
                  'by_date_status': by_date.get('status')}))
`

interface ApiDevelopment {
  id: string
  storyId: string
  title: string
  published: string
  updated: string
  outlets: { outlet: string | null; url: string | null }[]
}

async function apiDevelopments(query = ''): Promise<ApiDevelopment[]> {
  const res = await fetch(`${server.base}/api/developments${query}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { developments: ApiDevelopment[] }).developments
}

const entryId = (id: string) => `tag:storyfold.localhost,2023:development:${id}`
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/** Reads RSS, Atom and JSON Feed at `prefix` (+ query) and checks them against the API's list. */
async function checkAllFormats(prefix: string, query: string, expected: ApiDevelopment[]): Promise<void> {
  const urls = ['feed.xml', 'atom.xml', 'feed.json'].map((f) => `${server.base}${prefix}/${f}${query}`)
  const [rss, atom, json] = python<ReadFeed[]>(READ, urls) as [ReadFeed, ReadFeed, ReadFeed]
  expect(rss.status, urls[0]).toBe(200)
  expect(atom.status, urls[1]).toBe(200)
  expect(json.status, urls[2]).toBe(200)
  expect(rss.bozo, `${urls[0]}: ${rss.bozo_exception}`).toBe(false)
  expect(atom.bozo, `${urls[1]}: ${atom.bozo_exception}`).toBe(false)
  expect(rss.version).toBe('rss20')
  expect(atom.version).toBe('atom10')
  expect(json.version).toBe('https://jsonfeed.org/version/1.1')

  const want = expected.map((d) => ({
    id: entryId(d.id),
    title: d.title,
    link: `${server.base}/developments/${d.id}`,
    published: seconds(d.published),
  }))
  for (const [kind, feed] of [['rss', rss], ['atom', atom], ['json', json]] as const) {
    expect(feed.entries.map(({ id, title, link, published }) => ({ id, title, link, published })), `${kind} ${prefix}${query}`).toEqual(want)
  }
  // RSS items carry no update time; Atom and JSON Feed must agree with the store's last real change.
  const updated = expected.map((d) => seconds(d.updated))
  expect(atom.entries.map((e) => e.updated)).toEqual(updated)
  expect(json.entries.map((e) => e.updated)).toEqual(updated)
}

describe('Python feedparser against the running server', () => {
  it("reads each entry's language: the Arabic one as ar, the others as the feed's en", () => {
    const got = python<{ bozo: boolean[]; atom: Record<string, string | null>; rss: Record<string, string | null> }>(LANGUAGES, [`${server.base}/atom.xml`, `${server.base}/feed.xml`])
    expect(got.bozo).toEqual([false, false])
    expect(got.atom[ARABIC.title]).toBe('ar')
    expect(got.rss[ARABIC.title]).toBe('ar')
    for (const [title, lang] of Object.entries(got.atom)) if (title !== ARABIC.title) expect(lang, title).toBe('en')
    for (const [title, lang] of Object.entries(got.rss)) if (title !== ARABIC.title) expect(lang, title).toBeNull()
  })

  it('reads the main feed in every format: no bozo, same ids, titles and dates as the API', async () => {
    const all = await apiDevelopments()
    expect(all.length).toBeGreaterThanOrEqual(2)
    await checkAllFormats('', '', all)
  })

  it("reads a story's own feeds the same way", async () => {
    const all = await apiDevelopments()
    const storyId = all[0]!.storyId
    const ofStory = all.filter((d) => d.storyId === storyId)
    expect(ofStory.length).toBeGreaterThan(0)
    await checkAllFormats(`/stories/${storyId}`, '', ofStory)
  })

  it('reads a filtered feed (one outlet) and a paged one, each matching the API with the same filter', async () => {
    const rudaw = await apiDevelopments('?outlet=Rudaw')
    expect(rudaw).toHaveLength(1)
    await checkAllFormats('', '?outlet=Rudaw', rudaw)
    const firstPage = await apiDevelopments('?limit=1')
    expect(firstPage).toHaveLength(1)
    await checkAllFormats('', '?limit=1', firstPage)
  })

  it("gets a 304 for feedparser's own conditional GET, by ETag and by date", () => {
    for (const path of ['/feed.xml', '/atom.xml']) {
      const r = python<{ etag: string | null; status: number; entries: number; by_date_status: number }>(CONDITIONAL, [
        `${server.base}${path}`,
      ])
      expect(r.etag, path).toMatch(/^"[^"]+"$/)
      expect(r.status, path).toBe(304)
      expect(r.entries, path).toBe(0)
      expect(r.by_date_status, path).toBe(304)
    }
  })
})

/** Each feed as feedparser reads it: bozo, version, and per entry its title, author(s) and content. */
const AUTHORS = String.raw`
import json, sys, feedparser
out = []
for url in sys.argv[1:]:
    d = feedparser.parse(url)
    out.append({'status': d.get('status'), 'bozo': bool(d.bozo), 'bozo_exception': str(d.get('bozo_exception', '')),
                'version': d.version, 'entries': [{'title': e.get('title'), 'author': e.get('author'),
                'authors': [a.get('name') for a in e.get('authors', [])],
                'content': (e.get('content') or [{}])[0].get('value', '')} for e in d.entries]})
print(json.dumps(out))
`

interface AuthoredFeed {
  status: number
  bozo: boolean
  bozo_exception: string
  version: string
  entries: { title: string; author: string | null; authors: string[]; content: string }[]
}

/** The seed's 16 Aug development: four outlets, each once. */
const AUG16_OUTLETS = ['Army Technology', 'Rudaw', 'The Jerusalem Post', 'The New Voice of Ukraine']

describe('what a feedparser reader sees in each entry', () => {
  it('reads the top feeds without bozo, best first, and an author and distinct outlet count in every entry of every feed', async () => {
    const paths = ['/feed.xml', '/atom.xml', '/top.xml', '/top.atom']
    const feeds = python<AuthoredFeed[]>(AUTHORS, paths.map((p) => `${server.base}${p}`))
    const all = await apiDevelopments()
    const aug16 = all.find((d) => d.outlets.some((o) => o.outlet === 'Rudaw'))!
    feeds.forEach((feed, i) => {
      const path = paths[i]!
      expect(feed.status, path).toBe(200)
      expect(feed.bozo, `${path}: ${feed.bozo_exception}`).toBe(false)
      expect(feed.version, path).toBe(path.endsWith('xml') && !path.includes('atom') ? 'rss20' : 'atom10')
      expect(feed.entries.length, path).toBeGreaterThanOrEqual(2)
      for (const e of feed.entries) expect(e.author, `${path}: ${e.title}`).toBeTruthy()
      const entry = feed.entries.find((e) => e.title === aug16.title)!
      expect(entry, path).toBeDefined()
      if (feed.version === 'rss20') expect(entry.author, path).toBe(AUG16_OUTLETS.join(', '))
      else expect(entry.authors, path).toEqual(AUG16_OUTLETS)
      expect(entry.content, path).toContain('Covered by 4 outlets')
      // Three of the four give only the date: nobody is "first to report".
      expect(entry.content, path).not.toContain('first to report')
      expect(entry.content, path).toContain('among the first')
    })
    // The top feeds lead with the newest big news: at the corpus's end (26 Aug), its one report of that day.
    const newest = [...all].sort((a, b) => (a.published < b.published ? 1 : -1))[0]!
    expect(feeds[2]!.entries[0]!.title).toBe(newest.title)
    expect(feeds[3]!.entries[0]!.title).toBe(newest.title)
  })
})

interface CachedItem {
  guid: string
  title: string
  author: string
  content: string
  unread: number
  feedurl: string
}

/**
 * One newsboat per feed URL, each with its own config dir, cache and HOME: newsboat keys cached
 * items by guid across all its feeds, and our RSS and Atom share entry ids on purpose, so one cache
 * for both would fold the two feeds' items into one set.
 */
function newsboatFor(url: string, name: string) {
  const dir = join(tmp, `newsboat-${name}`)
  const home = join(dir, 'home')
  mkdirSync(home, { recursive: true })
  const urls = join(dir, 'urls')
  const config = join(dir, 'config')
  const cache = join(dir, 'cache.db')
  const log = join(dir, 'debug.log')
  writeFileSync(urls, `${url}\n`)
  writeFileSync(config, 'reload-threads 1\ndownload-timeout 20\ndownload-retries 1\n')
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  }
  const run = (...cmd: string[]) => {
    const r = spawnSync(NEWSBOAT, ['-u', urls, '-c', cache, '-C', config, '-d', log, '-l', '4', ...cmd], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    })
    if (r.status !== 0) throw new Error(`newsboat ${cmd.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`)
    return r.stdout
  }
  const sql = <T>(query: string): T =>
    python<T>(
      'import json, sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.row_factory = sqlite3.Row\n' +
        'print(json.dumps([dict(r) for r in c.execute(sys.argv[2])]))\nc.commit()',
      [cache, query],
    )
  return {
    reload: () => run('-x', 'reload'),
    printUnread: () => run('-x', 'print-unread').trim(),
    items: () => sql<CachedItem[]>('SELECT guid, title, author, content, unread, feedurl FROM rss_item WHERE deleted = 0 ORDER BY guid'),
    markAllRead: () => sql<[]>('UPDATE rss_item SET unread = 0 RETURNING id'),
    exists: () => existsSync(cache),
  }
}

/** A rewrite of seed 004's development by another outlet: Ryabkov, 26 Aug 2023. */
const RYABKOV_REWRITE = {
  url: 'https://www.example-news.org/world/russia-iran-drones-ryabkov',
  outlet: 'Example World News',
  title: 'Ryabkov: Russia-Iran drone cooperation will continue despite US pressure',
  published: '2023-08-26T18:05:00Z',
  text:
    "Russia's deputy foreign minister Sergei Ryabkov said on Saturday that military cooperation with Iran will continue and " +
    'will not bow to pressure from Washington, after reports that the United States asked Tehran to stop selling drones to Moscow.\n\n' +
    '"There are no changes, and cooperation with Iran will continue," Ryabkov told the state news agency RIA. He said Russia and ' +
    'Iran are independent states that do not succumb to the dictates of the United States.\n\n' +
    'The Financial Times reported this month that the US is pressing Iran to stop selling the armed drones Russia uses in its war ' +
    "in Ukraine. Iran's defense ministry spokesperson Reza Talaei-Nik said none of its drone transactions with Russia had been canceled.",
}

describe('newsboat against the running server', () => {
  const formats = [
    ['rss', '/feed.xml'],
    ['atom', '/atom.xml'],
  ] as const

  it('loads RSS and Atom with one item per development, and a reload of an unchanged feed adds nothing', async () => {
    const all = await apiDevelopments()
    const want = all.map((d) => entryId(d.id)).sort()
    for (const [name, path] of formats) {
      const nb = newsboatFor(`${server.base}${path}`, name)
      nb.reload()
      const first = nb.items()
      expect(first.map((i) => i.guid), name).toEqual(want)
      expect(first.map((i) => i.title).sort(), name).toEqual(all.map((d) => d.title).sort())
      expect(nb.printUnread(), name).toBe(`${all.length} unread articles`)

      // Read everything, then reload twice with no change in the data: nothing new, nothing unread.
      nb.markAllRead()
      nb.reload()
      nb.reload()
      const again = nb.items()
      expect(again.map(({ guid, title, content }) => ({ guid, title, content })), name).toEqual(
        first.map(({ guid, title, content }) => ({ guid, title, content })),
      )
      expect(again.every((i) => i.unread === 0), name).toBe(true)
      expect(nb.printUnread(), name).toBe('0 unread articles')
    }
    // newsboat 2.21 keeps validators only from its second fetch on; its third fetch was conditional.
    for (const [, path] of formats) {
      expect(server.log(), `a 304 for newsboat on ${path}`).toMatch(new RegExp(`GET ${path.replace('.', '\\.')} 304`))
    }
  })

  it('updates an item in place when its development gains an outlet: same item count, new outlet in the content', async () => {
    const before = await apiDevelopments()
    const seed004 = before.find((d) => d.outlets.some((o) => o.url === 'https://www.jpost.com/middle-east/article-756319'))
    expect(seed004, 'the development of seed 004').toBeDefined()
    const boats = formats.map(([name, path]) => {
      const nb = newsboatFor(`${server.base}${path}`, name)
      if (!nb.exists()) nb.reload()
      return [name, nb, nb.items()] as const
    })
    for (const [name, , items] of boats) {
      const item = items.find((i) => i.guid === entryId(seed004!.id))
      expect(item, name).toBeDefined()
      expect(item!.content, name).not.toContain(RYABKOV_REWRITE.outlet)
    }

    const res = await fetch(`${server.base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(RYABKOV_REWRITE),
    })
    expect(res.status).toBe(201)
    const report = (await res.json()) as { changed: boolean; results: { status: string; developmentId: string }[] }
    expect(report.changed).toBe(true)
    expect(report.results).toHaveLength(1)
    expect(report.results[0]!.status).toBe('joined-development')
    expect(report.results[0]!.developmentId).toBe(seed004!.id)

    const after = await apiDevelopments()
    expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort())

    for (const [name, nb, items] of boats) {
      nb.reload()
      const now = nb.items()
      expect(now.map((i) => i.guid), name).toEqual(items.map((i) => i.guid))
      const item = now.find((i) => i.guid === entryId(seed004!.id))!
      expect(item.content, name).toContain(RYABKOV_REWRITE.outlet)
      expect(item.content, name).toContain(RYABKOV_REWRITE.url)
      // The headline the reader already has stays; the new outlet is among the entry's authors.
      expect(item.title, name).toBe(seed004!.title)
      expect(item.author, name).toContain(RYABKOV_REWRITE.outlet)
      expect(item.content, name).toContain('Covered by 2 outlets')
      // The new outlet is named only where it belongs.
      for (const other of now.filter((i) => i.guid !== item.guid)) expect(other.content, name).not.toContain(RYABKOV_REWRITE.outlet)
    }
  })

  it("shows no duplicate after an entry's own report is removed: the same item, retitled and saying why; a removed only article leaves the feeds", async () => {
    const before = await apiDevelopments()
    const seed004 = before.find((d) => d.outlets.some((o) => o.url === 'https://www.jpost.com/middle-east/article-756319'))!
    expect(seed004.outlets.map((o) => o.outlet), 'the previous test added an outlet').toContain(RYABKOV_REWRITE.outlet)
    // newsboat may poll with If-Modified-Since alone, and Last-Modified counts whole seconds: a
    // change in the same second as the previous test's would be answered 304. Wait a second.
    await new Promise((r) => setTimeout(r, 1_100))
    // A test post, as the README's example: ingested, then removed again.
    const post = await fetch(`${server.base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.org/a', outlet: 'Example', title: 'Headline', published: '2023-08-17T09:00:00Z', text: 'Body text …' }),
    })
    expect(post.status).toBe(201)
    const testPost = ((await post.json()) as { results: { articleId: string; developmentId: string }[] }).results[0]!
    const boats = formats.map(([name, path]) => {
      const nb = newsboatFor(`${server.base}${path}`, name)
      nb.reload()
      return [name, nb] as const
    })
    for (const [name, nb] of boats) expect(nb.items().map((i) => i.title), name).toContain('Headline')

    const remove = (id: string) => fetch(`${server.base}/api/articles/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${server.token}` } })
    const rep = await fetch(`${server.base}/api/developments/${seed004.id}`)
    const repId = ((await rep.json()) as { articles: { id: string; url: string | null }[] }).articles.find((a) => a.url === 'https://www.jpost.com/middle-east/article-756319')!.id
    await new Promise((r) => setTimeout(r, 1_100))
    expect((await remove(repId)).status).toBe(200)
    expect((await remove(testPost.articleId)).status).toBe(200)

    const after = await apiDevelopments()
    expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort())
    const retitled = after.find((d) => d.id === seed004.id)!
    expect(retitled.title).toBe(RYABKOV_REWRITE.title)
    // feedparser: every format agrees with the API, no entry twice, no removed test post.
    await checkAllFormats('', '', after)
    for (const [name, nb] of boats) {
      nb.reload()
      const items = nb.items()
      // newsboat keeps what it has read (the removed test post stays in its cache), but holds the
      // retitled development once, under its one guid, with the new headline and the reason.
      expect(new Set(items.map((i) => i.guid)).size, name).toBe(items.length)
      const mine = items.filter((i) => i.guid === entryId(seed004.id))
      expect(mine.map((i) => i.title), name).toEqual([RYABKOV_REWRITE.title])
      expect(mine[0]!.content, name).toContain('Headline changed')
      expect(items.filter((i) => i.title === seed004.title), name).toEqual([])
    }
  })
})
