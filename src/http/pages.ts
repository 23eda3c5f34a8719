/**
 * The web pages: `/` (latest developments, filterable like the feeds), `/developments/:id` and
 * `/stories/:id`. Rendered on the server by `src/feed/pages`; validators and caching as the feeds.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { FeedMeta } from '../feed/meta'
import { lastRealChange } from '../feed/meta'
import { renderDevelopmentPage, renderHomePage, renderStoryPage, renderTopPage, type HomeFilters } from '../feed/pages'
import type { DevelopmentView } from '../schema'
import { getDevelopment, getStory, listDevelopments, type StoredDevelopment } from '../store/developments'
import { topDevelopments } from '../store/top'
import type { AppEnv } from './env'
import { PAGE_CACHE_CONTROL, serveVersioned } from './conditional'
import { Problem } from './problem'
import { notStored } from './api'
import { encodeCursor, parseListQuery } from './query'
import { siteUrl, toViews } from './views'

const HTML = 'text/html; charset=utf-8'

function pageMeta(c: Context<AppEnv>, base: string, title: string, description: string, updated: string): FeedMeta {
  const site = siteUrl(c.env.SITE_URL, c.req.url)
  const url = new URL(c.req.url)
  return {
    id: `${site}${url.pathname}`,
    title,
    description,
    siteUrl: site,
    selfUrl: `${site}${url.pathname}${url.search}`,
    links: { rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json`, html: `${site}${url.pathname}` },
    lang: 'en',
    updated,
    siteName: c.env.SITE_TITLE || 'storyfold',
    generator: 'storyfold',
  }
}

export const pages = new Hono<AppEnv>()

/** Top developments on the home page: a first screen or two. */
const HOME_TOP = 15

/** The site URL and page head of a list page (home, /latest): its description, dated by its newest real change. */
function listMeta(c: Context<AppEnv>, description: string, developments: DevelopmentView[]) {
  const site = siteUrl(c.env.SITE_URL, c.req.url)
  const updated = developments.length ? lastRealChange(developments, (developments[0] as DevelopmentView).updated) : c.get('version').at
  return { site, meta: pageMeta(c, site, c.env.SITE_TITLE || 'storyfold', description, updated) }
}

/**
 * The chronological list (`/latest`, and `/` with filters or a page cursor, as before the home
 * page led with the top developments): newest first, filterable like the feeds.
 */
async function latest(c: Context<AppEnv>): Promise<Response> {
  const url = new URL(c.req.url)
  const query = parseListQuery(url)
  const version = c.get('version')
  return serveVersioned(c, version, HTML, PAGE_CACHE_CONTROL, async () => {
    const page = await listDevelopments(c.env.DB, query.filter, query.limit, query.cursor)
    // The home page names each story's size but shows no timelines.
    const developments = await toViews(c.env.DB, page.developments, { earlier: 0, later: 0 })
    const { site, meta } = listMeta(c, 'Every development of the news, once: articles that report the same development folded into one entry with all their outlets.', developments)
    let nextUrl: string | null = null
    if (page.next) {
      const n = new URL(url)
      n.searchParams.set('cursor', encodeCursor(page.next))
      nextUrl = `${n.pathname}${n.search}`
    }
    const filters: HomeFilters = {
      minOutlets: query.filter.minOutlets ?? null,
      outlet: query.filter.outlet ?? null,
      q: query.filter.q ?? null,
    }
    // The filter form submits to the chronological list.
    return renderHomePage({ meta: { ...meta, links: { ...meta.links, html: `${site}/latest` } }, developments, filters, nextUrl })
  })
}

pages.get('/latest', latest)

pages.get('/', async (c) => {
  // Filters or a page of the chronological list, as links made before the top page still ask.
  if (new URL(c.req.url).search !== '') return await latest(c) // awaited: a bad query rejects at once, and workerd reports a rejection returned unawaited as unhandled
  const version = c.get('version')
  return serveVersioned(c, version, HTML, PAGE_CACHE_CONTROL, async () => {
    const top = await topDevelopments(c.env.DB, {}, HOME_TOP)
    const developments = await toViews(c.env.DB, top.entries.map((e) => e.development as StoredDevelopment), { earlier: 0, later: 0 })
    const { site, meta } = listMeta(c, 'The developments most outlets are covering now, each folded into one entry with all their outlets.', developments)
    return renderTopPage({
      meta,
      developments,
      latestUrl: `${site}/latest`,
      topFeeds: { rss: `${site}/top.xml`, atom: `${site}/top.atom`, json: `${site}/top.json` },
    })
  })
})

pages.get('/developments/:id', async (c) => {
  const d = await getDevelopment(c.env.DB, c.req.param('id'))
  if (!d) throw await notStored(c.env.DB, 'development', c.req.param('id'))
  if (d.id !== c.req.param('id')) return c.redirect(`/developments/${d.id}`, 301)
  const version = c.get('version')
  return serveVersioned(c, version, HTML, PAGE_CACHE_CONTROL, async () => {
    const [development] = await toViews(c.env.DB, [d])
    if (!development) throw new Problem(404, 'No such development', `There is no development ${d.id}.`)
    const site = siteUrl(c.env.SITE_URL, c.req.url)
    const meta = pageMeta(c, `${site}/stories/${d.storyId}`, development.title, development.summary, development.updated)
    return renderDevelopmentPage({ meta, development })
  })
})

pages.get('/stories/:id', async (c) => {
  const s = await getStory(c.env.DB, c.req.param('id'))
  if (!s) throw new Problem(404, 'No such story', `There is no story ${c.req.param('id')}.`)
  if (s.id !== c.req.param('id')) return c.redirect(`/stories/${s.id}`, 301)
  const version = c.get('version')
  return serveVersioned(c, version, HTML, PAGE_CACHE_CONTROL, async () => {
    const page = await listDevelopments(c.env.DB, { story: s.id }, 1000)
    // The story page is the timeline itself: no window per development.
    const developments = (await toViews(c.env.DB, page.developments, { earlier: 0, later: 0 })).reverse()
    const site = siteUrl(c.env.SITE_URL, c.req.url)
    const meta = pageMeta(c, `${site}/stories/${s.id}`, s.title, `The story “${s.title}”, development by development.`, s.updated)
    return renderStoryPage({ meta, story: { ...s, developments } })
  })
})
