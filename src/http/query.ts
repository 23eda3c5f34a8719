/**
 * Query parameters shared by the feeds, the pages and the JSON API, zod-checked: nonsense gets
 * a 400 naming the parameter.
 */
import { z } from 'zod'
import type { Cursor, DevelopmentFilter } from '../store/developments'
import { fieldErrors, invalid } from './problem'

/** Most entries one page may hold. */
export const MAX_LIMIT = 200
/** Entries per page when `limit` is not given. */
export const DEFAULT_LIMIT = 50

/**
 * A whole number from `min` to `max` given as query text; every refusal names the range
 * ("must be a whole number from 1 to 200"), since "0" is a whole number and only the range tells
 * what is wrong with it.
 */
export function wholeNumber(min: number, max: number) {
  const reason = `must be a whole number from ${min} to ${max}`
  return z.coerce.number({ message: reason }).int(reason).min(min, reason).max(max, reason)
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`)

/**
 * Reads a URL's query strictly against `shape` (zod schemas by parameter name): an unknown
 * parameter, one given twice or a bad value is a 400 Problem naming each (all at once); a blank
 * value of a known parameter counts as absent (an HTML GET form sends every field); parameters in
 * `extraAllowed` are left to the caller. Returns the parsed values.
 * @example strictQuery(new URL('https://x/?limit=5'), { limit: wholeNumber(1, 200).optional() }) // { limit: 5 }
 */
export function strictQuery<S extends z.ZodRawShape>(url: URL, shape: S, extraAllowed: readonly string[] = []): z.infer<z.ZodObject<S>> {
  const raw: Record<string, string> = {}
  const errors: { field: string; reason: string }[] = []
  for (const [k, v] of url.searchParams) {
    if (extraAllowed.includes(k)) continue
    if (!(k in shape)) {
      errors.push({ field: k, reason: 'unknown parameter' })
      continue
    }
    if (v.trim() === '') continue
    if (k in raw) errors.push({ field: k, reason: 'given more than once' })
    raw[k] = v
  }
  const parsed = z.object(shape).safeParse(raw)
  if (!parsed.success) errors.push(...fieldErrors(parsed.error.issues))
  if (errors.length || !parsed.success) throw invalid('Invalid query parameters', errors)
  return parsed.data
}

export const ListQuery = z
  .object({
    limit: wholeNumber(1, MAX_LIMIT).optional(),
    min_outlets: wholeNumber(1, 1000).optional(),
    outlet: text(200).optional(),
    q: text(200).optional(),
    since: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date such as 2023-08-16 or 2023-08-16T07:20:00Z')
      .optional(),
    story: text(64).optional(),
    cursor: z.string().max(300).optional(),
  })

export interface ListOptions {
  filter: DevelopmentFilter
  limit: number
  cursor: Cursor | null
}

/** Encodes a page position into an opaque `cursor` parameter. */
export function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify([c.published, c.id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function decodeCursor(s: string): Cursor | null {
  try {
    const v = JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/'))) as unknown
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { published: v[0], id: v[1] }
    }
  } catch {
    // fall through
  }
  return null
}

/** Articles one page of `GET /api/developments/:id` holds at most, and by default. */
export const MAX_ARTICLES = 500
export const DEFAULT_ARTICLES = 100

/**
 * Parses the paging of a development's articles (`limit`, `cursor` from a `next` link), throwing
 * a 400 Problem naming the parameter on nonsense. Returns the page size and the arrival sequence
 * number to continue after (0 for the first page).
 * @example parseArticlesQuery(new URL('https://x/api/developments/d_1?limit=20')) // { limit: 20, afterSeq: 0 }
 */
export function parseArticlesQuery(url: URL): { limit: number; afterSeq: number } {
  const q = strictQuery(url, { limit: wholeNumber(1, MAX_ARTICLES).optional(), cursor: z.string().max(100).optional() })
  let afterSeq = 0
  if (q.cursor !== undefined) {
    afterSeq = decodeSeqCursor(q.cursor) ?? -1
    if (afterSeq < 0) throw invalid('Invalid query parameters', [{ field: 'cursor', reason: 'not a cursor from a next link' }])
  }
  return { limit: q.limit ?? DEFAULT_ARTICLES, afterSeq }
}

/** Encodes an arrival sequence number into an opaque `cursor` parameter. */
export function encodeSeqCursor(seq: number): string {
  return btoa(`a${seq}`).replace(/=+$/, '')
}

function decodeSeqCursor(s: string): number | null {
  try {
    const m = /^a(\d{1,15})$/.exec(atob(s))
    return m ? Number(m[1]) : null
  } catch {
    return null
  }
}

/**
 * Parses list parameters from a URL's query, throwing a 400 Problem on nonsense.
 *
 * @example
 * parseListQuery(new URL('https://x/feed.xml?min_outlets=2&q=drones'))
 */
export function parseListQuery(url: URL, extraAllowed: string[] = []): ListOptions {
  const q = strictQuery(url, ListQuery.shape, extraAllowed)
  let cursor: Cursor | null = null
  if (q.cursor !== undefined) {
    cursor = decodeCursor(q.cursor)
    if (!cursor) throw invalid('Invalid query parameters', [{ field: 'cursor', reason: 'not a cursor from a next link' }])
  }
  const filter: DevelopmentFilter = {}
  if (q.min_outlets !== undefined) filter.minOutlets = q.min_outlets
  if (q.outlet !== undefined) filter.outlet = q.outlet
  if (q.q !== undefined) filter.q = q.q
  if (q.since !== undefined) filter.since = new Date(Date.parse(q.since)).toISOString()
  if (q.story !== undefined) filter.story = q.story
  return { filter, limit: q.limit ?? DEFAULT_LIMIT, cursor }
}
