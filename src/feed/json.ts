/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `feed`'s `json1()` writes version 1.0
 * with a single `author`; this writes 1.1 (`authors`, `language`, `next_url`) and carries the
 * covering outlets machine-readably in the `_storyfold` extension.
 *
 * `jsonFeed` builds the document as an object; `renderJsonFeed` writes the same document as text,
 * byte for byte `JSON.stringify(jsonFeed(…))` (a property test holds it so), without passing the
 * big entry bodies through `JSON.stringify` (which spent much of the render flattening and
 * escaping them) and writing each story-timeline row once per document.
 */
import { z } from 'zod'
import type { DevelopmentRef, DevelopmentView } from '../schema'
import { entryRenderer } from './content'
import { entryLang } from './lang'
import { coverageLines, storySoFar, type CoverageLine, type TimelineRow } from './coverage'
import { DEFAULT_SITE_NAME, type FeedMeta } from './meta'
import { outletSection, storyfoldOutlets, unstoredLines, type FeedEntry } from './sections'
import { cleanText, developmentUrl, entryId, rfc3339 } from './text'

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

type Body = (dev: FeedEntry, lines?: readonly CoverageLine[]) => string

/** The `_storyfold` fields before `timeline`, in order. */
const extensionHead = (dev: DevelopmentView, lines: readonly CoverageLine[]) => ({
  story_id: dev.storyId,
  article_count: dev.articleCount,
  outlet_count: dev.outletCount,
  outlets: storyfoldOutlets(lines),
})

/** One row of `_storyfold.timeline`. */
const timelineRow = (meta: FeedMeta, r: TimelineRow) => ({
  id: r.ref.id,
  title: cleanText(r.ref.title),
  url: developmentUrl(meta.siteUrl, r.ref.id),
  published: r.ref.published,
  current: r.current,
})

/** The `_storyfold` extension of a development's item, from its coverage lines. */
function extension(meta: FeedMeta, dev: DevelopmentView, lines: CoverageLine[]): StoryfoldExtension {
  return {
    ...extensionHead(dev, lines),
    // The story so far, as in the entry HTML: the earlier developments in the view, then this one.
    timeline: storySoFar(dev).map((r) => timelineRow(meta, r)),
  }
}

/**
 * A writer of `_storyfold.timeline` rows as JSON for one document: a row is the same in every
 * item that shows it (the story's later developments all list it), so each is written once.
 */
function timelineJson(meta: FeedMeta): (r: TimelineRow) => string {
  const rows = new Map<string, { ref: DevelopmentRef; json: [earlier?: string, current?: string] }>()
  return (r) => {
    let known = rows.get(r.ref.id)
    if (!known || known.ref.published !== r.ref.published || known.ref.title !== r.ref.title) {
      known = { ref: r.ref, json: [] }
      rows.set(r.ref.id, known)
    }
    const at = r.current ? 1 : 0
    return (known.json[at] ??= JSON.stringify(timelineRow(meta, r)))
  }
}

/** The fields of an item before `content_html`, in order. */
const itemHead = (meta: FeedMeta, dev: FeedEntry) => ({
  id: entryId(meta, dev.id),
  url: developmentUrl(meta.siteUrl, dev.id),
  title: cleanText(dev.title),
  summary: cleanText(dev.summary),
})

/** The item's dates, the fields after `content_html`, and its `language` where it differs from the feed's. */
const itemDates = (meta: FeedMeta, dev: FeedEntry) => {
  const language = entryLang(dev.lang, meta.lang)
  return { date_published: rfc3339(dev.published), date_modified: rfc3339(dev.updated), ...(language ? { language } : {}) }
}

function item(meta: FeedMeta, dev: DevelopmentView, body: Body): JsonFeedItem {
  const lines = coverageLines(dev)
  const head = itemHead(meta, dev)
  const content = body(dev, lines)
  return { ...head, content_html: content, ...itemDates(meta, dev), _storyfold: extension(meta, dev, lines) }
}

/**
 * One item as JSON text, the bytes `JSON.stringify(item(…))` writes: the small fields through
 * `JSON.stringify`, `content_html` spliced in from a body written in the `json` form (already
 * escaped as a JSON string's contents), so the big body is never scanned a second time, and the
 * timeline rows from `rows` (see {@link timelineJson}).
 */
function itemJson(meta: FeedMeta, dev: FeedEntry, body: Body, rows: (r: TimelineRow) => string): string {
  // Without stored outlet sections, both the body's and `_storyfold.outlets` come from one reading of the outlets.
  const lines = unstoredLines(dev)
  // Neither object is ever '{}' (id, url and the dates are always there), so each splices in by its braces.
  const head = JSON.stringify(itemHead(meta, dev))
  const content = body(dev, lines)
  const dates = JSON.stringify(itemDates(meta, dev))
  const story = storySoFar(dev)
  let timeline = ''
  for (let i = 0; i < story.length; i++) timeline += i === 0 ? rows(story[i]!) : `,${rows(story[i]!)}`
  return (
    `${head.slice(0, -1)},"content_html":"${content}",${dates.slice(1, -1)},"_storyfold":{"story_id":${JSON.stringify(dev.storyId)},` +
    `"article_count":${JSON.stringify(dev.articleCount)},"outlet_count":${JSON.stringify(dev.outletCount)},"outlets":${outletSection(dev, 'jsonOutlets', lines)},"timeline":[${timeline}]}}`
  )
}

/** The feed-level fields before `items`, in order. */
const feedHead = (meta: FeedMeta) => ({
  version: 'https://jsonfeed.org/version/1.1' as const,
  title: cleanText(meta.title),
  home_page_url: meta.links.html,
  feed_url: meta.selfUrl,
  language: meta.lang,
  authors: [{ name: cleanText(meta.siteName ?? DEFAULT_SITE_NAME), url: meta.siteUrl }],
})

/** The feed-level fields after `items`, in order: each only when set. */
function feedTail(meta: FeedMeta): Pick<JsonFeed11, 'description' | 'next_url'> {
  const tail: Pick<JsonFeed11, 'description' | 'next_url'> = {}
  if (meta.description) tail.description = cleanText(meta.description)
  if (meta.nextUrl) tail.next_url = meta.nextUrl
  return tail
}

/**
 * The JSON Feed 1.1 object for the developments: `feed_url` is this document (`meta.selfUrl`),
 * `next_url` is set when there is a next page.
 *
 * @example
 * jsonFeed(meta, devs).items[0]?._storyfold.outlets.length // → 3
 */
export function jsonFeed(meta: FeedMeta, devs: readonly DevelopmentView[]): JsonFeed11 {
  const body = entryRenderer(meta, 'html')
  const head = feedHead(meta)
  return { ...head, items: devs.map((d) => item(meta, d, body)), ...feedTail(meta) }
}

/**
 * The JSON Feed 1.1 document as a string (serve as `application/feed+json`): byte for byte
 * `JSON.stringify(jsonFeed(meta, devs)) + '\n'`, written without serialising the entry bodies
 * (each is written already escaped, see {@link entryRenderer}'s `json` form).
 *
 * @example
 * const body = renderJsonFeed(meta, devs) // '{"version":"https://jsonfeed.org/version/1.1",…'
 */
export function renderJsonFeed(meta: FeedMeta, devs: readonly FeedEntry[]): string {
  return jsonFeedParts(meta, devs).join('')
}

/** {@link renderJsonFeed} as the pieces of the document, in order (the head, one per item, the end); see `rssParts`. */
export function jsonFeedParts(meta: FeedMeta, devs: readonly FeedEntry[]): string[] {
  const body = entryRenderer(meta, 'json')
  const rows = timelineJson(meta)
  const head = JSON.stringify(feedHead(meta))
  const parts = [`${head.slice(0, -1)},"items":[`]
  for (let i = 0; i < devs.length; i++) parts.push((i > 0 ? ',' : '') + itemJson(meta, devs[i]!, body, rows))
  const tail = JSON.stringify(feedTail(meta))
  // Compact: a feed is read by programs, and indentation made it a sixth larger and slower to write.
  parts.push(`]${tail === '{}' ? '}' : `,${tail.slice(1)}`}\n`)
  return parts
}
