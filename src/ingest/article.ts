/**
 * One way in for articles that arrive as data (POST /api/articles, a polled source feed):
 * validate the input, turn HTML into text, clean it, and mint the ids.
 */
import { z } from 'zod'
import { Article } from '../schema'
import { cleanText } from './clean'
import { parseDate } from './dates'
import { htmlToText } from './html'
import { articleId, canonicalUrl, contentHash, withoutUserinfo } from './ids'

export { articleId, canonicalUrl, contentHash, withoutUserinfo } from './ids'

/** Largest accepted `text` or `html`, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 200_000
/** Longest accepted headline, in characters. */
export const MAX_TITLE = 500
/** Longest accepted outlet name, byline or URL, in characters. */
export const MAX_OUTLET = 200
export const MAX_BYLINE = 300
export const MAX_URL = 2_048
/** How far past `now` a published date may lie (clock skew, time zones) before it is refused. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000
/** Earliest accepted publication date: anything before is a typo or a mangled year (0023 for 2023). */
export const EARLIEST_PUBLISHED = '1900-01-01T00:00:00.000Z'
/** Longest accepted `lang` tag, in characters (RFC 5646 §4.4.1 asks every implementation to take 35). */
export const MAX_LANG = 35

/**
 * Why a publication date (ISO 8601 UTC, as `parseDate` gives it) cannot be an article's, or null
 * when it can: before EARLIEST_PUBLISHED, or more than MAX_FUTURE_MS after `now`.
 *
 * @example
 * publishedProblem('0023-08-16T00:00:00.000Z', new Date()) // 'is before 1900-01-01: …'
 */
export function publishedProblem(iso: string, now: Date): string | null {
  if (iso < EARLIEST_PUBLISHED) return `${iso.slice(0, 10)} is before ${EARLIEST_PUBLISHED.slice(0, 10)}: not a plausible date for a news article (write the year in full)`
  if (Date.parse(iso) > now.getTime() + MAX_FUTURE_MS) return `${iso} is more than a day after now (${now.toISOString()})`
  return null
}

const bytes = (s: string): number => new TextEncoder().encode(s).length

const httpUrl = z
  .string({ error: 'url is required' })
  .trim()
  .max(MAX_URL, `url must be at most ${MAX_URL} characters`)
  .refine((s) => canonicalUrl(s) !== null, { message: 'url must be an absolute http(s) URL' })

const body = (field: string) =>
  z.string({ error: `${field} must be a string` }).refine((s) => bytes(s) <= MAX_TEXT_BYTES, {
    message: `${field} must be at most ${MAX_TEXT_BYTES} bytes`,
  })

/**
 * An article as a client or a feed supplies it. `published` is ISO 8601 or RFC 2822; give
 * `text` or `html` (or both: `text` wins).
 *
 * @example
 * ArticleInput.parse({ url: 'https://example.com/a', outlet: 'Example', title: 'Headline',
 *   published: 'Wed, 16 Aug 2023 07:20:00 GMT', html: '<p>Body</p>' })
 */
const fields = {
    url: httpUrl,
    outlet: z.string({ error: 'outlet must be a string' }).trim().min(1, 'outlet must not be empty').max(MAX_OUTLET, `outlet must be at most ${MAX_OUTLET} characters`).nullish(),
    title: z.string({ error: 'title is required' }).trim().min(1, 'title must not be empty').max(MAX_TITLE, `title must be at most ${MAX_TITLE} characters`),
    published: z
      .string({ error: 'published must be a string' })
      .refine((s) => parseDate(s) !== null, { message: 'published must be an ISO 8601 or RFC 2822 date' })
      .nullish(),
    text: body('text').optional(),
    html: body('html').optional(),
    lang: z.string().trim().max(MAX_LANG, `lang must be at most ${MAX_LANG} characters`).regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'lang must be a BCP 47 language tag such as "en" or "pt-BR"').nullish(),
    byline: z.string().trim().max(MAX_BYLINE, `byline must be at most ${MAX_BYLINE} characters`).nullish(),
}
const hasBody = (a: { text?: string | undefined; html?: string | undefined }) => (a.text ?? '').trim() !== '' || (a.html ?? '').trim() !== ''
export const ArticleInput = z.object(fields).refine(hasBody, { message: 'text or html is required', path: ['text'] })
export type ArticleInput = z.input<typeof ArticleInput>

/** A feed item may have no link at all (issue 15: a guid that is not a URL): `url` is then "". */
const LinklessInput = z.object({ ...fields, url: z.literal('') }).refine(hasBody, { message: 'text or html is required', path: ['text'] })

/** Thrown when an input is valid in shape but cannot become an article (future date, empty body). */
export class ArticleInputError extends Error {
  override readonly name = 'ArticleInputError'
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`)
  }
}

/**
 * Validate and ingest one article. With `linkOptional` (feed items), `url: ""` means the item
 * has no link: it is stored without one, known by outlet + content hash. Throws a `ZodError`
 * (each issue names its field) for bad shapes, or an `ArticleInputError` for a date before 1900
 * or more than a day after `now`, or a body that is empty once boilerplate is removed.
 * Credentials in `url` are dropped.
 *
 * @example
 * const a = articleFromInput({ url: 'https://www.jpost.com/middle-east/article-755206?utm_source=x',
 *   outlet: 'The Jerusalem Post', title: 'US tells Iran: Stop selling kamikaze drones to Russia',
 *   published: '2023-08-16T07:20:00Z', text: 'By REUTERS\n\nThe US is pushing Iran …' },
 *   { now: new Date('2023-08-17T00:00:00Z') })
 * // a.canonicalUrl === 'https://www.jpost.com/middle-east/article-755206'; a.byline === 'Reuters'
 */
export function articleFromInput(input: ArticleInput, opts: { now: Date; linkOptional?: boolean }): Article {
  const linkless = opts.linkOptional === true && (input as { url?: unknown }).url === ''
  const a = linkless ? LinklessInput.parse(input) : ArticleInput.parse(input)
  const raw = a.text !== undefined && a.text.trim() !== '' ? a.text : htmlToText(a.html ?? '')
  const { text, facts } = cleanText(raw)
  if (text === '') throw new ArticleInputError(a.text !== undefined ? 'text' : 'html', 'is empty once boilerplate is removed')
  // The field wins; a "Published:" line in the text fills in when the field is absent.
  const published = a.published ? parseDate(a.published) : facts.published !== null ? parseDate(facts.published) : null
  const problem = published === null ? null : publishedProblem(published, opts.now)
  if (problem !== null) throw new ArticleInputError('published', problem)
  const outlet = a.outlet ?? facts.originalOutlet ?? null
  const title = a.title.replace(/\s+/g, ' ')
  const canonical = linkless ? null : canonicalUrl(a.url)
  const hash = contentHash(title, text)
  return Article.parse({
    id: articleId(canonical, outlet, hash),
    url: linkless ? null : withoutUserinfo(a.url),
    canonicalUrl: canonical,
    outlet,
    title,
    published,
    updated: facts.updated !== null ? parseDate(facts.updated) : null,
    byline: a.byline ?? facts.byline,
    text,
    lang: a.lang ?? null,
    contentHash: hash,
  })
}
