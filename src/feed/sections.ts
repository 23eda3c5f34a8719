/**
 * The outlet sections of a feed entry: the parts that depend on nothing but the development's
 * covering outlets (no site URL, no story, no request), so they can be rendered once when the
 * development is written and stored beside it (src/pipeline.ts → D1), instead of on every feed
 * request. A render uses the stored section when the store has it at the current
 * {@link OUTLET_SECTIONS_VERSION}, and renders it from the outlets otherwise: the bytes are the
 * same either way (a property test holds it, test/node/outlet-sections.test.ts).
 *
 * - `html`: the entry body's "Covered by N outlets" list (RSS and Atom entry content).
 * - `atom`: Atom's `rel="related"` links, one per covering outlet's URL.
 * - `jsonContent`: the same list as `html`, escaped as the contents of a JSON string (JSON Feed
 *   `content_html`: escaping it on every request was a tenth of a JSON Feed render).
 * - `jsonOutlets`: JSON Feed's `_storyfold.outlets`, as JSON text.
 */
import type { DevelopmentView, OutletCoverage } from '../schema'
import { authorNames, coverageLines, outletCount, type CoverageLine } from './coverage'
import { cleanText, escapeXml, jsonChars, timeText, xmlAttr } from './text'

/**
 * The version of what {@link outletSections} writes. Bump it with any change to their bytes:
 * stored sections of another version are then never used (renders fall back to the outlets) and
 * are rewritten in the background (`refreshOutletSections`, on each cron run). Bump
 * `RENDER_VERSION` (src/http/conditional.ts) with it: the feeds' bytes change. A test pins the
 * sections of the fixtures to this number, so a change that forgets the bump fails.
 */
export const OUTLET_SECTIONS_VERSION = 2

/** The outlet sections of one development, each in its final form. */
export interface OutletSections {
  /** The "Covered by N outlets" heading and list, HTML (as content.ts puts it in the entry body). */
  html: string
  /** Atom `rel="related"` links, each on its own line at entry indentation ('' for none). */
  atom: string
  /** `html`, escaped as `JSON.stringify` escapes a string, without the quotes. */
  jsonContent: string
  /** JSON Feed `_storyfold.outlets`: the JSON text of the array. */
  jsonOutlets: string
}

/** The name of one outlet section. */
export type OutletSection = keyof OutletSections

/**
 * A development as a feed renders it: a view whose outlet sections may come rendered already
 * (read from the store), and whose `outlets` may then be left out (a feed render does not read
 * them when it has the sections it needs). Its timeline needs only the story so far, and a feed
 * shows no story size.
 */
export type FeedEntry = Omit<DevelopmentView, 'outlets' | 'storySize'> & {
  outlets?: DevelopmentView['outlets']
  sections?: Partial<OutletSections>
  /** The outlet names of an entry read with sections instead of outlets (the store's outlet index). */
  outletNames?: (string | null)[]
}

/**
 * The entry's authors for RSS `dc:creator` and Atom `author` (coverage.ts `authorNames`): from its
 * outlets, or from the outlet names it was read with.
 *
 * @example
 * entryAuthors(entry) // → ['Financial Times', 'The Jerusalem Post']
 */
export function entryAuthors(dev: FeedEntry): string[] {
  if (dev.outlets) return authorNames(dev.outlets.map((o) => o.outlet))
  return authorNames(dev.outletNames ?? [])
}

/**
 * The time of a report without a date of its own: marked as approximate ("undated, seen about …"),
 * so it never reads as a publication time.
 */
export function seenHtml(seen: string): string {
  return `<span class="approx" title="No date in its feed: the time storyfold first saw it">undated, seen about ${timeHtml(seen)}</span>`
}

/** `<time>` of a report, or '' when its time is unknown. */
function timeHtml(published: string | null): string {
  // A time known only to the day (midnight UTC) shows as a date: "00:00 UTC" would claim a precision nobody has.
  if (!published) return ''
  const { machine, human } = timeText(published)
  return `<time datetime="${escapeXml(machine)}">${escapeXml(human)}</time>`
}

/**
 * The "Covered by N outlets" list, HTML: N distinct outlets; one item per report, the syndicated
 * copies of a report listed under it as "Also carried by" (one report carried by several
 * outlets); "first to report" only for a strictly first original report, else "among the first".
 */
function htmlSection(lines: readonly CoverageLine[]): string {
  const n = outletCount(lines)
  let html = `<h3>Covered by ${n} ${n === 1 ? 'outlet' : 'outlets'}</h3><ul>`
  for (const l of lines) {
    if (l.carried) continue
    const c = l.coverage
    html += '<li>'
    html += l.url ? `<a href="${escapeXml(l.url)}">${escapeXml(c.title)}</a>` : escapeXml(c.title)
    html += ` — <strong>${escapeXml(l.outlet)}</strong>`
    if (c.byline && !l.copyNote) html += ` (${escapeXml(c.byline)})`
    if (c.published) html += `, ${timeHtml(c.published)}`
    else if (c.seen) html += `, ${seenHtml(c.seen)}`
    if (l.soleFirst) html += ' — first to report'
    else if (l.first) html += ' — among the first'
    if (l.copyNote) html += `<br/><em>${escapeXml(l.copyNote)}</em>`
    if (l.carriedBy.length > 0) {
      html += '<br/>Also carried by '
      html += l.carriedBy
        .map((k) => {
          const name = `<strong>${escapeXml(k.outlet)}</strong>`
          const at = k.coverage.published ? ` (${timeHtml(k.coverage.published)}${k.first ? ', among the first' : ''})` : k.coverage.seen ? ` (${seenHtml(k.coverage.seen)})` : ''
          return (k.url ? `<a href="${escapeXml(k.url)}">${name}</a>` : name) + at
        })
        .join(', ')
    }
    if (c.adds.length > 0) {
      html += '<br/>Adds:<ul>'
      for (const a of c.adds) html += `<li>${escapeXml(a)}</li>`
      html += '</ul>'
    }
    html += '</li>'
  }
  return `${html}</ul>`
}

/** Each covering outlet once, as a `rel="related"` link titled with its headline, at entry indentation. */
function atomSection(lines: readonly CoverageLine[]): string {
  let seen: Set<string> | null = null
  let out = ''
  for (const l of lines) {
    if (!l.url) continue
    seen ??= new Set()
    if (seen.has(l.url)) continue
    seen.add(l.url)
    out += `\n        <link rel="related" type="text/html" href="${xmlAttr(l.url)}" title="${xmlAttr(`${l.outlet}: ${cleanText(l.coverage.title)}`)}"/>`
  }
  return out
}

/**
 * `_storyfold.outlets` of a JSON Feed item as objects, in coverage order (json.ts's object form
 * uses these; {@link outletSections} writes them as JSON text).
 */
export function storyfoldOutlets(lines: readonly CoverageLine[]) {
  return lines.map((l) => ({
    outlet: l.coverage.outlet === null ? null : cleanText(l.coverage.outlet),
    title: cleanText(l.coverage.title),
    url: l.url,
    published: l.coverage.published,
    ...(l.coverage.seen ? { seen: l.coverage.seen } : {}),
    adds: l.coverage.adds.map(cleanText),
    copy_of: l.coverage.copyOf,
  }))
}

const WRITERS: Record<OutletSection, (lines: readonly CoverageLine[]) => string> = {
  html: htmlSection,
  atom: atomSection,
  jsonContent: (lines) => jsonChars(htmlSection(lines)),
  jsonOutlets: (lines) => JSON.stringify(storyfoldOutlets(lines)),
}

/**
 * Every outlet section of a development, from its covering outlets: what the store keeps beside
 * the development (written by the pipeline whenever the development is).
 *
 * @example
 * outletSections(dev.outlets).html // → '<h3>Covered by 3 outlets</h3><ul><li><a href="https://…'
 */
export function outletSections(outlets: readonly OutletCoverage[]): OutletSections {
  const lines = coverageLines({ outlets: outlets as OutletCoverage[] })
  const html = htmlSection(lines)
  return { html, atom: atomSection(lines), jsonContent: jsonChars(html), jsonOutlets: WRITERS.jsonOutlets(lines) }
}

/**
 * The covering outlets of an entry that carries no stored sections, read once for all the
 * sections its format renders from them; undefined when it carries them.
 */
export function unstoredLines(dev: FeedEntry): readonly CoverageLine[] | undefined {
  return dev.sections === undefined && dev.outlets ? coverageLines({ outlets: dev.outlets }) : undefined
}

/**
 * One outlet section of a feed entry: the stored one when the entry carries it, else rendered
 * from its outlets (`lines` may pass the entry's coverage lines when the caller has them).
 * Throws when the entry has neither: a store read that left out both is a bug, not a feed.
 *
 * @example
 * outletSection(entry, 'html') // → '<h3>Covered by 3 outlets</h3><ul>…'
 */
export function outletSection(dev: FeedEntry, part: OutletSection, lines?: readonly CoverageLine[]): string {
  const stored = dev.sections?.[part]
  if (stored !== undefined) return stored
  if (lines) return WRITERS[part](lines)
  if (!dev.outlets) throw new Error(`development ${dev.id} has neither its outlets nor its ${part} outlet section`)
  return WRITERS[part](coverageLines({ outlets: dev.outlets }))
}
