/**
 * Read-side assembly shared by feeds, pages and the JSON API: stored developments plus their
 * story windows become `DevelopmentView`s, and the request's site URL becomes `FeedMeta`.
 */
import type { FeedEntry } from '../feed/meta'
import type { DevelopmentView } from '../schema'
import type { StoredDevelopment } from '../store/developments'
import { storySoFarOf, storyWindows, type StoryWindow } from '../store/story-windows'

/**
 * How much of its story a view carries: the nearest earlier and later developments. Feed entries
 * show the earlier ones (the story so far), pages both; the story page and feed have the rest.
 */
export const TIMELINE_EARLIER = 5
export const TIMELINE_LATER = 5

/**
 * Stored developments → views with each one's story window attached (one round trip for all).
 * Feeds pass `later: 0`: their entries show only the story so far.
 */
export async function toViews(
  db: D1Database,
  list: StoredDevelopment[],
  window: { earlier?: number; later?: number } = {},
): Promise<DevelopmentView[]> {
  const windows = await storyWindows(db, list, window.earlier ?? TIMELINE_EARLIER, window.later ?? TIMELINE_LATER)
  return list.map((d) => ({ ...viewFields(d, windows.get(d.id)), outlets: d.outlets }))
}

/**
 * Stored developments → feed entries: each with the story so far (its nearest earlier
 * developments; no later ones and no story size, which a feed entry shows neither of).
 */
export async function toFeedEntries(db: D1Database, list: StoredDevelopment[]): Promise<FeedEntry[]> {
  const timelines = await storySoFarOf(db, list, TIMELINE_EARLIER)
  return list.map((d) => ({ ...ownFields(d), outlets: d.outlets, timeline: timelines.get(d.id) ?? [{ id: d.id, title: d.title, published: d.published }] }))
}

/** The fields of a view but the outlets, the timeline and the story size: the development's own. */
function ownFields(d: Omit<StoredDevelopment, 'outlets'>): Omit<DevelopmentView, 'outlets' | 'timeline' | 'storySize'> {
  return {
    id: d.id,
    storyId: d.storyId,
    title: d.title,
    summary: d.summary,
    published: d.published,
    ...(d.publishedApproximate ? { publishedApproximate: true as const } : {}),
    ...(d.lang ? { lang: d.lang } : {}),
    updated: d.updated,
    articleCount: d.articleCount,
    outletCount: d.outletCount,
  }
}

/** The fields of a view but the outlets: the development's own and its story window. */
function viewFields(d: Omit<StoredDevelopment, 'outlets'>, w: StoryWindow | undefined): Omit<DevelopmentView, 'outlets'> {
  return {
    ...ownFields(d),
    timeline: w?.timeline ?? [{ id: d.id, title: d.title, published: d.published }],
    storySize: w?.storySize ?? 1,
  }
}

/** The site root for absolute links: `SITE_URL` when configured, else the request's origin. */
export function siteUrl(configured: string | undefined, requestUrl: string): string {
  // As the URL parser writes it (host in lower case, default port dropped), so every link is the same in every format.
  const base = configured && /^https?:\/\//.test(configured) ? new URL(configured).href : new URL(requestUrl).origin
  return base.replace(/\/+$/, '')
}
