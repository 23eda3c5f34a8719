/**
 * The feeds: `/feed.xml` (RSS 2.0), `/atom.xml` (Atom 1.0), `/feed.json` (JSON Feed 1.1), and the
 * same three per story under `/stories/:id/`. Routes gather format-neutral data; `src/feed/`
 * renders it. Filters and paging come from the query (see ./query.ts).
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { FeedMeta } from '../feed/meta'
import { lastRealChange } from '../feed/meta'
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from '../feed/render'
import { getStory, listDevelopments } from '../store/developments'
import { topDevelopments } from '../store/top'
import type { AppEnv } from './env'
import { FEED_CACHE_CONTROL, serveVersioned } from './conditional'
import { Problem } from './problem'
import { encodeCursor, parseListQuery } from './query'
import { siteUrl, toFeedEntries } from './views'

type Format = FeedFormat

/** The file each format is served as. */
const FORMATS: Record<Format, { file: string }> = {
  rss: { file: 'feed.xml' },
  atom: { file: 'atom.xml' },
  json: { file: 'feed.json' },
}

/**
 * A permanent feed id: a tag URI on the configured site's host, never on the host a request
 * happened to use, so entry ids stay the same however the feed is reached.
 */
function tagId(configured: string | undefined, path: string): string {
  const host = configured && /^https?:\/\//.test(configured) ? new URL(configured).hostname : 'storyfold.localhost'
  return `tag:${host},2023:${path}`
}

async function serveFeed(c: Context<AppEnv>, format: Format, storyId: string | null): Promise<Response> {
  const url = new URL(c.req.url)
  const query = parseListQuery(url)
  const db = c.env.DB
  const version = c.get('version')
  // The story is looked up only when rendering: a matching ETag means the data (and so the story)
  // is as it was when the client got the feed, so a 304 or a cached body needs no D1 read.
  return serveVersioned(c, version, FEED_CONTENT_TYPES[format], FEED_CACHE_CONTROL, async () => {
    const story = storyId === null ? null : await getStory(db, storyId)
    if (storyId !== null && !story) throw new Problem(404, 'No such story', `There is no story ${storyId}.`)
    const site = siteUrl(c.env.SITE_URL, c.req.url)
    let title = c.env.SITE_TITLE || 'storyfold'
    let description = 'Every development of the news, once: articles that report the same development fold into one entry with all their outlets.'
    let base = site
    let html = `${site}/`
    if (story) {
      query.filter.story = story.id
      title = `${story.title} — ${title}`
      description = `Every development of the story “${story.title}”, once.`
      base = `${site}/stories/${story.id}`
      html = base
    }
    const page = await listDevelopments(db, query.filter, query.limit, query.cursor)
    // Entries show the story so far (src/feed/content.ts): no later developments, no story size.
    const views = await toFeedEntries(db, page.developments)
    const self = `${base}/${FORMATS[format].file}${url.search}`
    let nextUrl: string | null = null
    if (page.next) {
      const n = new URL(`${base}/${FORMATS[format].file}${url.search}`)
      n.searchParams.set('cursor', encodeCursor(page.next))
      nextUrl = n.toString()
    }
    const meta: FeedMeta = {
      id: tagId(c.env.SITE_URL, story ? `story:${story.id}` : 'feed'),
      title,
      description,
      siteUrl: site,
      selfUrl: self,
      links: {
        rss: `${base}/feed.xml`,
        atom: `${base}/atom.xml`,
        json: `${base}/feed.json`,
        html,
      },
      lang: 'en',
      updated: views.length ? lastRealChange(views, views[0]!.updated) : version.at,
      nextUrl,
      generator: 'storyfold',
    }
    return renderFeed(format, meta, views).body
  })
}

/** The file each format of the top feed is served as. */
export const TOP_FILES: Record<Format, string> = { rss: 'top.xml', atom: 'top.atom', json: 'top.json' }

/** Entries of the top feeds when `limit` is not given: the big news only. */
export const TOP_DEFAULT_LIMIT = 20

/**
 * A top feed: the developments most outlets cover now (store/top.ts `topDevelopments`),
 * best first, filtered like the other feeds (no `cursor`: a ranking has no pages).
 */
async function serveTopFeed(c: Context<AppEnv>, format: Format): Promise<Response> {
  const url = new URL(c.req.url)
  const query = parseListQuery(url)
  if (query.cursor) throw new Problem(400, 'Invalid query parameters', 'The top feeds have no pages: cursor is not accepted.', [{ field: 'cursor', reason: 'not accepted by the top feeds' }])
  const limit = url.searchParams.has('limit') ? query.limit : TOP_DEFAULT_LIMIT
  const db = c.env.DB
  const version = c.get('version')
  return serveVersioned(c, version, FEED_CONTENT_TYPES[format], FEED_CACHE_CONTROL, async () => {
    const site = siteUrl(c.env.SITE_URL, c.req.url)
    const top = await topDevelopments(db, query.filter, limit)
    const views = await toFeedEntries(db, top.entries.map((e) => e.development))
    const meta: FeedMeta = {
      id: tagId(c.env.SITE_URL, 'top'),
      title: `Top developments — ${c.env.SITE_TITLE || 'storyfold'}`,
      description: 'The developments most outlets are covering now: distinct outlets, each weighted by how recent its report is (half as much every 12 hours).',
      siteUrl: site,
      selfUrl: `${site}/${TOP_FILES[format]}${url.search}`,
      links: { rss: `${site}/top.xml`, atom: `${site}/top.atom`, json: `${site}/top.json`, html: `${site}/` },
      lang: 'en',
      updated: views.length ? lastRealChange(views, views[0]!.updated) : version.at,
      generator: 'storyfold',
    }
    return renderFeed(format, meta, views).body
  })
}

export const feeds = new Hono<AppEnv>()

for (const format of Object.keys(TOP_FILES) as Format[]) feeds.get(`/${TOP_FILES[format]}`, (c) => serveTopFeed(c, format))

for (const format of Object.keys(FORMATS) as Format[]) {
  feeds.get(`/${FORMATS[format].file}`, (c) => serveFeed(c, format, null))
  feeds.get(`/stories/:id/${FORMATS[format].file}`, (c) => serveFeed(c, format, c.req.param('id')))
}
