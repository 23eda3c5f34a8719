/**
 * Atom 1.0, written by `feed`'s `atom1()` from values prepared in ./xml, then finished in one pass
 * (CDATA unwrapped; `xml:lang`, `type="text"` titles, paging, alternate and per-outlet links
 * inserted, none of which `feed` can express). See src/feed/README.md.
 */
import type { DevelopmentView } from '../schema'
import type { CoverageLine } from './coverage'
import type { FeedMeta } from './meta'
import { cleanText } from './text'
import { buildFeed, xmlAttr, xmlElement, xmlRewriter } from './xml'

/** The root start tag `feed` 6.0.0 writes (none of its attributes comes from our data). */
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">'

const finish = xmlRewriter([FEED_START, '<title>', '<subtitle>', '<title type="html">', '<link href="', '</entry>'])

/** Each covering outlet once, as `rel="related"` links titled with its headline, at entry indentation. */
function relatedLinks(lines: readonly CoverageLine[]): string {
  let seen: Set<string> | null = null
  let out = ''
  for (const l of lines) {
    if (!l.url) continue
    seen ??= new Set()
    if (seen.has(l.url)) continue
    seen.add(l.url)
    // As xmlElement writes it, without its generic attribute loop (this runs for every outlet of every entry).
    out += `\n        <link rel="related" type="text/html" href="${xmlAttr(l.url)}" title="${xmlAttr(`${l.outlet}: ${cleanText(l.coverage.title)}`)}"/>`
  }
  // Goes before `</entry>`, which feed writes after a newline and 4 spaces: keep the lines aligned.
  return out ? `${out.slice(5)}\n    ` : ''
}

/**
 * An Atom 1.0 document: feed `id`, `updated` (the data's last change), `author`, self/alternate
 * and RFC 5005 `next`/`previous` links; one `<entry>` per development with `published` = first
 * report, `updated` = last real change, its page as `rel="alternate"` and each covering outlet as
 * a `rel="related"` link. Titles are plain text (`type="text"`); no CDATA.
 *
 * @example
 * const body = renderAtom(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=…'
 */
export function renderAtom(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('link', { rel: 'next', type: 'application/atom+xml', href: meta.nextUrl }, 4)
  if (meta.prevUrl) paging += xmlElement('link', { rel: 'previous', type: 'application/atom+xml', href: meta.prevUrl }, 4)
  let entry = 0
  const { feed, contents, lines } = buildFeed(meta, devs, 'atom')
  const doc = finish(feed.atom1(), {
    // xml:lang (feed has no option for it) and RFC 5005 paging links (feed knows only self, alternate, hub): on/after the root start tag, which occurs once.
    [FEED_START]: () => `${FEED_START.slice(0, -1)} xml:lang="${xmlAttr(meta.lang)}">${paging}`,
    // Feed title and subtitle as plain text: feed writes them untyped, and they are the only attribute-less `<title>`/`<subtitle>`.
    '<title>': () => '<title type="text">',
    '<subtitle>': () => '<subtitle type="text">',
    // Entry titles: feed says type="html", but we handed it escaped plain text; type="text" reads back exactly in every reader.
    '<title type="html">': () => '<title type="text">',
    // Entry page link: feed writes it rel-less; its feed-level links all start with `<link rel=`.
    '<link href="': () => '<link rel="alternate" type="text/html" href="',
    // Per-outlet related links before each `</entry>`: entries come out in input order; `</entry>` cannot occur in escaped text.
    '</entry>': () => `${relatedLinks(lines[entry++]!)}</entry>`,
  }, contents)
  if (entry !== devs.length) throw new Error(`feed wrote ${entry} entries for ${devs.length} developments`)
  return doc
}
