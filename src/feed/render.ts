/**
 * The one place that picks a renderer: format-neutral developments in, a document out. Each
 * renderer is pure; the same input always gives the same bytes.
 */
import { renderAtom } from './atom'
import { renderJsonFeed } from './json'
import type { FeedEntry, FeedMeta } from './meta'
import { renderRss } from './rss'

/** The feed formats storyfold serves. */
export type FeedFormat = 'rss' | 'atom' | 'json'

/** The Content-Type of each format. */
export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

const RENDERERS: Record<FeedFormat, (meta: FeedMeta, devs: readonly FeedEntry[]) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
}

/**
 * Renders developments in one format. `meta.selfUrl` must be the URL of this very document.
 *
 * @example
 * const { body, contentType } = renderFeed('atom', { ...meta, selfUrl: meta.links.atom }, devs)
 */
export function renderFeed(format: FeedFormat, meta: FeedMeta, devs: readonly FeedEntry[]): { body: string; contentType: string } {
  return { body: RENDERERS[format](meta, devs), contentType: FEED_CONTENT_TYPES[format] }
}
