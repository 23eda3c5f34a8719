/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the document as an object, written by
 * `JSON.stringify`. `feed`'s `json1()` writes version 1.0 with a single `author`; this is 1.1
 * (`authors`, `language`, `next_url`) and carries the covering outlets machine-readably in the
 * `_storyfold` extension.
 */
import { z } from 'zod'
import { coverageLines, storySoFar } from './coverage'
import { entryHtml } from './content'
import { entryLang } from './lang'
import { DEFAULT_SITE_NAME, type FeedEntry, type FeedMeta } from './meta'
import { cleanText, developmentUrl, entryId } from './text'

const Author = z.object({ name: z.string().min(1), url: z.string().url().optional() })

/** The `_storyfold` extension of a JSON Feed item: the development's outlets and story timeline. */
export const StoryfoldExtension = z.object({
  story_id: z.string(),
  article_count: z.number().int().nonnegative(),
  /** Distinct outlets (an outlet with several reports, or carrying a copy, counts once). */
  outlet_count: z.number().int().nonnegative(),
  outlets: z.array(
    z.object({
      outlet: z.string().nullable(),
      title: z.string(),
      url: z.string().url().nullable(),
      published: z.string().datetime({ offset: true }).nullable(),
      /** For a report without a date of its own: when storyfold first saw it (approximate). */
      seen: z.string().datetime({ offset: true }).optional(),
      adds: z.array(z.string()),
      /** The article id this one is a syndicated copy of, or null. */
      copy_of: z.string().nullable(),
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      url: z.string().url(),
      published: z.string().datetime({ offset: true }),
      current: z.boolean(),
    }),
  ),
})
export type StoryfoldExtension = z.infer<typeof StoryfoldExtension>

/** One JSON Feed 1.1 item. */
export const JsonFeedItem = z.object({
  id: z.string().min(1),
  url: z.string().url(),
  title: z.string(),
  summary: z.string(),
  content_html: z.string(),
  date_published: z.string().datetime({ offset: true }),
  date_modified: z.string().datetime({ offset: true }),
  language: z.string().optional(),
  _storyfold: StoryfoldExtension,
})
export type JsonFeedItem = z.infer<typeof JsonFeedItem>

/**
 * A JSON Feed 1.1 document as storyfold writes it.
 *
 * @example
 * JsonFeed11.parse(JSON.parse(renderJsonFeed(meta, devs))) // throws if the document is malformed
 */
export const JsonFeed11 = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.string().url(),
  feed_url: z.string().url(),
  description: z.string().optional(),
  next_url: z.string().url().optional(),
  language: z.string().min(2),
  authors: z.array(Author).min(1),
  items: z.array(JsonFeedItem),
})
export type JsonFeed11 = z.infer<typeof JsonFeed11>

function item(meta: FeedMeta, dev: FeedEntry): JsonFeedItem {
  const lines = coverageLines(dev)
  const language = entryLang(dev.lang, meta.lang)
  return {
    id: entryId(meta, dev.id),
    url: developmentUrl(meta.siteUrl, dev.id),
    title: cleanText(dev.title),
    summary: cleanText(dev.summary),
    content_html: entryHtml(meta, dev, lines),
    date_published: new Date(dev.published).toISOString(),
    date_modified: new Date(dev.updated).toISOString(),
    ...(language ? { language } : {}),
    _storyfold: {
      story_id: dev.storyId,
      article_count: dev.articleCount,
      outlet_count: dev.outletCount,
      outlets: lines.map((l) => ({
        outlet: l.coverage.outlet === null ? null : cleanText(l.coverage.outlet),
        title: cleanText(l.coverage.title),
        url: l.url,
        published: l.coverage.published,
        ...(l.coverage.seen ? { seen: l.coverage.seen } : {}),
        adds: l.coverage.adds.map(cleanText),
        copy_of: l.coverage.copyOf,
      })),
      // The story so far, as in the entry HTML: the earlier developments in the view, then this one.
      timeline: storySoFar(dev).map((r) => ({
        id: r.ref.id,
        title: cleanText(r.ref.title),
        url: developmentUrl(meta.siteUrl, r.ref.id),
        published: r.ref.published,
        current: r.current,
      })),
    },
  }
}

/**
 * The JSON Feed 1.1 object for the developments: `feed_url` is this document (`meta.selfUrl`),
 * `next_url` is set when there is a next page.
 *
 * @example
 * jsonFeed(meta, devs).items[0]?._storyfold.outlets.length // → 3
 */
function jsonFeed(meta: FeedMeta, devs: readonly FeedEntry[]): JsonFeed11 {
  const doc: JsonFeed11 = {
    version: 'https://jsonfeed.org/version/1.1',
    title: cleanText(meta.title),
    home_page_url: meta.links.html,
    feed_url: meta.selfUrl,
    language: meta.lang,
    authors: [{ name: cleanText(meta.siteName ?? DEFAULT_SITE_NAME), url: meta.siteUrl }],
    items: devs.map((d) => item(meta, d)),
  }
  if (meta.description) doc.description = cleanText(meta.description)
  if (meta.nextUrl) doc.next_url = meta.nextUrl
  return doc
}

/**
 * The JSON Feed 1.1 document as text (serve as `application/feed+json`). Compact: a feed is read
 * by programs, and indentation made it a sixth larger.
 *
 * @example
 * renderJsonFeed(meta, devs) // '{"version":"https://jsonfeed.org/version/1.1",…'
 */
export function renderJsonFeed(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  return `${JSON.stringify(jsonFeed(meta, devs))}\n`
}
