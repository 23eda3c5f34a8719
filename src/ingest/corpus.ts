/**
 * Corpus files: raw article text as published (one file each, in `corpus/`), plus a manifest
 * entry (`CorpusMeta`) holding only what the text does not say. The parser finds everything the
 * text says: a ` date YYYY-MM-DD` header line, the masthead, the headline, "By …",
 * "Published: …", "Updated: …", "Read the original article on …".
 */
import { z } from 'zod'
import { Article } from '../schema'
import { cleanText, isBoilerplateLine, isNavigationLine } from './clean'
import { parseDate } from './dates'
import { articleId, canonicalUrl, contentHash } from './ids'

/**
 * A manifest entry. For `outlet` and `published`: absent = the text says it (the parser finds
 * it); `null` = nobody knows; a value = known from outside the text, explained in `note`.
 */
export const CorpusMeta = z.strictObject({
  outlet: z.string().min(1).nullable().optional(),
  /** Where the article was published; null when unknown. */
  url: z.string().url().nullable(),
  /** ISO date ("2023-08-16") or instant; only when the text has no date. */
  published: z
    .string()
    .refine((s) => parseDate(s) !== null, 'published must be an ISO 8601 date')
    .nullable()
    .optional(),
  /** UTC offset ("+03:00") of zone-less times the text gives; default UTC. */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/).optional(),
  lang: z.string().min(2).nullable().optional(),
  /** Where each fact in this entry comes from. */
  note: z.string().min(1),
})
export type CorpusMeta = z.infer<typeof CorpusMeta>

/** What the text of a corpus file says about itself (null where it is silent). */
export interface CorpusTextFacts {
  title: string
  outlet: string | null
  published: string | null
  updated: string | null
  byline: string | null
  /** The place a dateline opens the report with ("ERBIL, Kurdistan Region"). */
  dateline: string | null
  text: string
}

/** A header a scraper prepends: " date 2023-08-16 <masthead and navigation of the page>". */
const DATE_HEADER = /^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)$/i
/** A masthead opens the page chrome as "<Outlet> - <tagline>" or "<Outlet> | <tagline>". */
const MASTHEAD = /^((?:The\s+)?\p{Lu}[\p{L}'’.&]*(?:\s+\p{Lu}[\p{L}'’.&]*){0,5})\s+[-–|]\s+\S/u
/** A dateline: "ERBIL, Kurdistan Region - The US …", "WASHINGTON (Reuters) — …". */
const DATELINE = /^(\p{Lu}[\p{Lu} .'-]{1,40}(?:,\s*[\p{L} .'-]{2,40})?)\s*(?:\([^)]{1,30}\))?\s+[-–—]\s+\p{Lu}/u

/**
 * The place a report's dateline names, if it opens with one.
 *
 * @example
 * findDateline('ERBIL, Kurdistan Region - The US is pushing Iran …') // 'ERBIL, Kurdistan Region'
 */
export function findDateline(text: string): string | null {
  return DATELINE.exec(text)?.[1]?.trim() ?? null
}

/**
 * Read what a corpus file's text says: headline, masthead outlet, dates, byline, clean body.
 *
 * @example
 * readCorpusText(' date 2023-08-16 The Jerusalem Post - Israel News …\nUS tells Iran: …\n\nBy REUTERS\n…').byline // 'Reuters'
 */
export function readCorpusText(raw: string, utcOffset?: string): CorpusTextFacts {
  const lines = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')
  let headerDate: string | null = null
  let outlet: string | null = null
  const header = DATE_HEADER.exec(lines[0] ?? '')
  if (header) {
    headerDate = parseDate(header[1]!)
    const chrome = header[2]!.trim()
    // The rest of the header line is the page's masthead and navigation, never the report.
    outlet = MASTHEAD.exec(chrome)?.[1] ?? null
    lines.shift()
  }
  const at = lines.findIndex((l) => l.trim() !== '' && !isBoilerplateLine(l))
  if (at < 0) throw new Error('corpus text has no headline')
  const title = lines[at]!.replace(/[\s\u00a0]+/g, ' ').trim()
  if (!header && isNavigationLine(title)) throw new Error('corpus text opens with navigation, not a headline')
  const rest = lines.slice(at + 1).join('\n')
  const { text, facts } = cleanText(rest)
  const published = (facts.published !== null ? parseDate(facts.published, utcOffset) : null) ?? headerDate
  return {
    title,
    outlet: facts.originalOutlet ?? outlet,
    published,
    updated: facts.updated !== null ? parseDate(facts.updated, utcOffset) : null,
    byline: facts.byline,
    dateline: findDateline(text),
    text,
  }
}

/** A date-only manifest value ("2023-08-16") stands for midnight UTC of that day. */
const metaDate = (s: string | null | undefined): string | null => (s ? parseDate(s) : null)

/**
 * Parse one corpus file into an Article: the text's own facts first, the manifest for the rest.
 * `opts.now` is accepted for symmetry with other ingest paths; corpus dates are never defaulted
 * to it.
 *
 * @example
 * const a = parseCorpusText(raw, { url: 'https://www.jpost.com/middle-east/article-755206', note: 'url from the site' })
 * // a.outlet === 'The Jerusalem Post'; a.published === '2023-08-16T07:20:00.000Z'; a.byline === 'Reuters'
 */
export function parseCorpusText(raw: string, meta: CorpusMeta, opts: { now?: Date } = {}): Article {
  void opts
  const m = CorpusMeta.parse(meta)
  const t = readCorpusText(raw, m.utcOffset)
  const outlet = t.outlet ?? m.outlet ?? null
  const canonical = m.url ? canonicalUrl(m.url) : null
  const hash = contentHash(t.title, t.text)
  return Article.parse({
    id: articleId(canonical, outlet, hash),
    url: m.url,
    canonicalUrl: canonical,
    outlet,
    title: t.title,
    published: t.published ?? metaDate(m.published),
    updated: t.updated,
    byline: t.byline,
    text: t.text,
    lang: m.lang ?? null,
    contentHash: hash,
  })
}
