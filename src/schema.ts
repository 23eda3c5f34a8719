/**
 * The shared vocabulary of storyfold: zod schemas and the types inferred from them.
 *
 * Words (see DESIGN.md): an **article** is one outlet's report; a **development** is one news
 * event that every article reporting it folds into (one feed entry); a **story** links the
 * developments of one thread over time; the **covering outlets** of a development are the
 * outlets whose articles folded into it.
 *
 * Times are ISO 8601 strings in UTC (`2023-08-16T07:20:00.000Z`) or `null` when nobody knows.
 */
import { z } from 'zod'

/** An ISO 8601 instant in UTC, as produced by `Date.prototype.toISOString()`. */
export const IsoTime = z.string().datetime({ offset: true })

/**
 * One article after ingest: what an outlet published, cleaned of what a reader does not want.
 *
 * @example
 * Article.parse({ id: 'a_1f…', url: 'https://www.jpost.com/…', canonicalUrl: 'https://www.jpost.com/…',
 *   outlet: 'The Jerusalem Post', title: 'US tells Iran: …', published: '2023-08-16T07:20:00.000Z',
 *   updated: null, byline: 'Reuters', text: 'The US is pushing Iran …', lang: 'en', contentHash: '9c…' })
 */
export const Article = z.object({
  /** Permanent id: `a_` + hash of the canonical URL, or of outlet + content hash when there is no URL. */
  id: z.string().min(1),
  /** The URL as given (null when unknown). */
  url: z.string().url().nullable(),
  /** The URL with tracking parameters and fragment stripped: the dedup key. */
  canonicalUrl: z.string().url().nullable(),
  /** The outlet that published it, e.g. "The Jerusalem Post"; null when unknown. */
  outlet: z.string().min(1).nullable(),
  /** The headline. */
  title: z.string().min(1),
  /** When the outlet first published it; null when unknown. */
  published: IsoTime.nullable(),
  /**
   * For an article without `published`: the approximate time it is placed at (when first seen,
   * see src/service/poll.ts), never used to decide who reported first. Null or absent for dated ones.
   */
  seenAt: IsoTime.nullable().optional(),
  /** When the outlet says it last updated it; null when it does not say. */
  updated: IsoTime.nullable(),
  /** Who wrote it, or the wire it came from ("Reuters"), when the text says. */
  byline: z.string().nullable(),
  /** The clean body: paragraphs separated by a blank line. May be empty for headline-only items. */
  text: z.string(),
  /** BCP 47 language tag when known. */
  lang: z.string().nullable(),
  /** Hash of the normalised title + text: same outlet + same hash = the same article again. */
  contentHash: z.string().min(1),
})
export type Article = z.infer<typeof Article>

/** How one outlet covered a development: one line of "covering outlets". */
export const OutletCoverage = z.object({
  articleId: z.string(),
  outlet: z.string().nullable(),
  title: z.string(),
  url: z.string().nullable(),
  published: IsoTime.nullable(),
  /**
   * Only for a report without a date of its own (`published` null): when storyfold first saw it,
   * an approximate time that orders it but never makes it "first to report".
   */
  seen: IsoTime.optional(),
  /** Short sentences this article has that the development's other articles lack. */
  adds: z.array(z.string()),
  /** When this article is a near-verbatim copy of another (a syndicated wire), that article's id. */
  copyOf: z.string().nullable(),
  /** The wire or author named in the byline (e.g. "Reuters"), when known. */
  byline: z.string().nullable(),
})
export type OutletCoverage = z.infer<typeof OutletCoverage>

/** A development of a story, as seen in a story timeline (a link to an earlier or later entry). */
export const DevelopmentRef = z.object({
  id: z.string(),
  title: z.string(),
  published: IsoTime,
})
export type DevelopmentRef = z.infer<typeof DevelopmentRef>

/**
 * A development ready to render: format-neutral data that `src/feed/` turns into RSS, Atom,
 * JSON Feed and HTML. `id` is permanent; `published` is the first report; `updated` moves only
 * when the development really changes.
 */
export const DevelopmentView = z.object({
  id: z.string(),
  storyId: z.string(),
  title: z.string(),
  summary: z.string(),
  published: IsoTime,
  /** Present (true) when no report of it gives a date: `published` is then when it was first seen. */
  publishedApproximate: z.literal(true).optional(),
  /** BCP 47 language of its representative report, when known (feeds' xml:lang, pages' lang/dir). */
  lang: z.string().optional(),
  updated: IsoTime,
  articleCount: z.number().int().nonnegative(),
  /** How many distinct outlets covered it (names compared without case; src/cluster/describe.ts `outletKey`). */
  outletCount: z.number().int().nonnegative(),
  outlets: z.array(OutletCoverage),
  /**
   * The story around this development, in time order, this one included: its nearest earlier and
   * later developments (a window, see `src/http/views.ts`), never the whole of a long story.
   */
  timeline: z.array(DevelopmentRef),
  /** How many developments the whole story has (the timeline may show fewer). */
  storySize: z.number().int().positive(),
})
export type DevelopmentView = z.infer<typeof DevelopmentView>

/** A story: its developments in time order. */
export const StoryView = z.object({
  id: z.string(),
  title: z.string(),
  published: IsoTime,
  updated: IsoTime,
  developments: z.array(DevelopmentView),
})
export type StoryView = z.infer<typeof StoryView>
