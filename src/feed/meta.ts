/**
 * What a feed says about itself: ids, titles, links and the time of the data's last real change.
 * The http layer builds one `FeedMeta` per response; the renderers never invent any of it.
 */
import { z } from 'zod'
import { IsoTime, type DevelopmentView } from '../schema'

/** The site name pages show when `FeedMeta.siteName` is not given. */
export const DEFAULT_SITE_NAME = 'storyfold'

/** An absolute http(s) URL. */
const HttpUrl = z.string().url().regex(/^https?:\/\//i, 'must be an http(s) URL')

/**
 * Everything a renderer needs to know about the feed or page it renders.
 *
 * - `id`: stable feed id: a `tag:` URI (`tag:storyfold.example,2024:feed`) or the site URL. Entry
 *   ids reuse the tag authority and date of a `tag:` id, so keep that prefix the same for every feed.
 * - `selfUrl`: the URL of *this* document (its format, filters and page): the self link.
 * - `links`: the first page of this feed in each format, and its HTML page.
 * - `title`: this feed's title (a page's feed links are labelled with it); `siteName`: the site's.
 * - `updated`: the data's last real change (see {@link lastRealChange}), never "now".
 * - `nextUrl` / `prevUrl`: RFC 5005 paging of this feed, when there is a next/previous page.
 *
 * @example
 * FeedMeta.parse({ id: 'tag:storyfold.example,2024:feed', title: 'storyfold', description: 'One entry per development',
 *   siteUrl: 'https://storyfold.example', selfUrl: 'https://storyfold.example/feed.xml',
 *   links: { rss: 'https://storyfold.example/feed.xml', atom: 'https://storyfold.example/atom.xml',
 *            json: 'https://storyfold.example/feed.json', html: 'https://storyfold.example/' },
 *   lang: 'en', updated: '2023-08-16T09:00:00.000Z', generator: 'storyfold' })
 */
export const FeedMeta = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string(),
  /** The site root without a trailing slash, e.g. `https://storyfold.example`. */
  siteUrl: HttpUrl,
  selfUrl: HttpUrl,
  links: z.object({ rss: HttpUrl, atom: HttpUrl, json: HttpUrl, html: HttpUrl }),
  /** BCP 47 language tag, e.g. `en`. */
  lang: z.string().min(2),
  updated: IsoTime,
  nextUrl: HttpUrl.nullable().optional(),
  prevUrl: HttpUrl.nullable().optional(),
  /** The site's name for page headers and `<title>`s; defaults to {@link DEFAULT_SITE_NAME}. */
  siteName: z.string().min(1).optional(),
  /** Name of the software that wrote the feed, e.g. `storyfold`. */
  generator: z.string().min(1),
})
export type FeedMeta = z.infer<typeof FeedMeta>

/**
 * The latest `updated` of the given developments: the value for `FeedMeta.updated`.
 * Returns `fallback` when there are none (pass a fixed time, e.g. the store's last change).
 *
 * @example
 * lastRealChange(devs, '1970-01-01T00:00:00.000Z') // → '2023-08-16T09:00:00.000Z'
 */
export function lastRealChange(devs: readonly Pick<DevelopmentView, 'updated'>[], fallback: string): string {
  let best = Date.parse(fallback)
  for (const d of devs) {
    const ms = Date.parse(d.updated)
    if (!Number.isNaN(ms) && (Number.isNaN(best) || ms > best)) best = ms
  }
  return Number.isNaN(best) ? fallback : new Date(best).toISOString()
}

/**
 * A development as a feed entry shows it: its timeline holds only the story so far (see
 * coverage.ts `storySoFar`), and a feed shows no story size.
 */
export type FeedEntry = Omit<DevelopmentView, 'storySize'>
