/**
 * Read-side assembly shared by feeds, pages and the JSON API: stored developments plus their
 * story timelines become `DevelopmentView`s, and the request's site URL becomes `FeedMeta`.
 */
import type { DevelopmentView } from '../schema'
import type { StoredDevelopment } from '../store/developments'
import { storyTimelines } from '../store/developments'

/** Stored developments → views with each story's timeline attached (one query for all). */
export async function toViews(db: D1Database, list: StoredDevelopment[]): Promise<DevelopmentView[]> {
  const timelines = await storyTimelines(
    db,
    list.map((d) => d.storyId),
  )
  return list.map((d) => ({
    id: d.id,
    storyId: d.storyId,
    title: d.title,
    summary: d.summary,
    published: d.published,
    updated: d.updated,
    articleCount: d.articleCount,
    outlets: d.outlets,
    timeline: timelines.get(d.storyId) ?? [],
  }))
}

/** The site root for absolute links: `SITE_URL` when configured, else the request's origin. */
export function siteUrl(configured: string | undefined, requestUrl: string): string {
  const base = configured && /^https?:\/\//.test(configured) ? configured : new URL(requestUrl).origin
  return base.replace(/\/+$/, '')
}
