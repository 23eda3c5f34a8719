/**
 * The one place that picks a renderer: format-neutral developments in, a document out.
 * RSS and Atom: the npm `feed` package writes each document's head, finished by one string pass
 * (./xml, no re-parse), and ./rss and ./atom write the items in exactly the bytes `feed` writes
 * for them (a test holds the two together); JSON Feed is our own 1.1 writer (./json), because
 * `feed`'s `json1()` writes JSON Feed 1.0 with a single `author`. Each renderer is pure; the same input always gives the same bytes.
 */
import { atomParts } from './atom'
import { jsonFeedParts } from './json'
import type { FeedMeta } from './meta'
import { rssParts } from './rss'
import type { FeedEntry, OutletSection } from './sections'

/** The feed formats storyfold serves. */
export type FeedFormat = 'rss' | 'atom' | 'json'

/** The Content-Type of each format. */
export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

/**
 * The stored outlet sections each format's entries are written from (./sections.ts): what a feed
 * read asks the store for, in place of the outlets.
 */
export const FEED_SECTIONS: Record<FeedFormat, readonly OutletSection[]> = {
  rss: ['html'],
  atom: ['html', 'atom'],
  json: ['jsonContent', 'jsonOutlets'],
}

const PARTS: Record<FeedFormat, (meta: FeedMeta, devs: readonly FeedEntry[]) => string[]> = {
  rss: rssParts,
  atom: atomParts,
  json: jsonFeedParts,
}

/**
 * A document in one format as its pieces, in order (the head, one per entry, the end): for a
 * server that encodes them one by one. `meta.selfUrl` must be the URL of this very document.
 *
 * @example
 * const bytes = utf8(renderFeedParts('rss', { ...meta, selfUrl: meta.links.rss }, entries))
 */
export function renderFeedParts(format: FeedFormat, meta: FeedMeta, devs: readonly FeedEntry[]): string[] {
  return PARTS[format](meta, devs)
}

/**
 * Renders developments in one format. `meta.selfUrl` must be the URL of this very document.
 *
 * @example
 * const { body, contentType } = renderFeed('atom', { ...meta, selfUrl: meta.links.atom }, devs)
 */
export function renderFeed(
  format: FeedFormat,
  meta: FeedMeta,
  devs: readonly FeedEntry[],
): { body: string; contentType: string } {
  return { body: PARTS[format](meta, devs).join(''), contentType: FEED_CONTENT_TYPES[format] }
}
