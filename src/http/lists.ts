/**
 * The browsing lists: `GET /api/stories` and `GET /api/outlets` (JSON), `/stories` and
 * `/outlets` (pages). Each takes only `limit`, checked strictly (400 on nonsense).
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { renderOutletsPage, renderStoriesPage } from '../feed/pages'
import { listOutlets, listStories } from '../store/lists'
import type { AppEnv } from './env'
import { PAGE_CACHE_CONTROL, serveVersioned } from './conditional'
import { strictQuery, wholeNumber } from './query'
import { siteUrl } from './views'

/** Most stories and outlets one list holds, and how many when `limit` is not given. */
const LIMITS = { stories: { max: 200, fallback: 50 }, outlets: { max: 1000, fallback: 1000 } }

/** `limit` from the query (the one parameter a list takes); throws a 400 Problem on anything else. */
function listLimit(c: Context<AppEnv>, kind: keyof typeof LIMITS): number {
  const { max, fallback } = LIMITS[kind]
  return strictQuery(new URL(c.req.url), { limit: wholeNumber(1, max).optional() }).limit ?? fallback
}

/** `GET /api/stories`, `GET /api/outlets`: mounted under /api. */
export const listsApi = new Hono<AppEnv>()
listsApi.get('/stories', async (c) => c.json({ stories: await listStories(c.env.DB, listLimit(c, 'stories')) }))
listsApi.get('/outlets', async (c) => c.json({ outlets: await listOutlets(c.env.DB, listLimit(c, 'outlets')) }))

/** `/stories` and `/outlets`: the same lists as pages. */
export const listPages = new Hono<AppEnv>()

function listMeta(c: Context<AppEnv>, title: string, description: string) {
  const site = siteUrl(c.env.SITE_URL, c.req.url)
  const path = new URL(c.req.url).pathname
  return {
    id: `${site}${path}`,
    title,
    description,
    siteUrl: site,
    selfUrl: `${site}${path}`,
    links: { rss: `${site}/feed.xml`, atom: `${site}/atom.xml`, json: `${site}/feed.json`, html: `${site}${path}` },
    lang: 'en',
    updated: c.get('version').at,
    siteName: c.env.SITE_TITLE || 'storyfold',
    generator: 'storyfold',
  }
}

listPages.get('/stories', async (c) => {
  const limit = listLimit(c, 'stories')
  return serveVersioned(c, c.get('version'), 'text/html; charset=utf-8', PAGE_CACHE_CONTROL, async () =>
    renderStoriesPage({ meta: listMeta(c, 'Stories', 'Every story, most recently changed first.'), stories: await listStories(c.env.DB, limit) }),
  )
})

listPages.get('/outlets', async (c) => {
  const limit = listLimit(c, 'outlets')
  return serveVersioned(c, c.get('version'), 'text/html; charset=utf-8', PAGE_CACHE_CONTROL, async () => {
    const meta = listMeta(c, 'Outlets', 'Every outlet, with how many developments it covered.')
    return renderOutletsPage({ meta, outlets: await listOutlets(c.env.DB, limit), latestUrl: `${meta.siteUrl}/latest` })
  })
})
