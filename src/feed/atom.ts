/**
 * Atom 1.0, written by `feed`'s `atom1()` and finished by the post-processing step in ./xml
 * (`xml:lang`, plain-text titles, paging and per-outlet links). See src/feed/README.md.
 */
import type { Element } from 'xml-js'
import type { DevelopmentView } from '../schema'
import { coverageLines } from './coverage'
import { DEFAULT_SITE_NAME, type FeedMeta } from './meta'
import { cleanText, developmentUrl } from './text'
import { amendXml, buildFeed, children, element, insertAfter, setText } from './xml'

/** The entry's own page, then each covering outlet once, as `rel="related"` with its headline. */
function entryLinks(meta: FeedMeta, dev: DevelopmentView): Element[] {
  const seen = new Set<string>()
  const related = coverageLines(dev).flatMap((l) => {
    if (!l.url || seen.has(l.url)) return []
    seen.add(l.url)
    return [element('link', { rel: 'related', type: 'text/html', href: l.url, title: `${l.outlet}: ${cleanText(l.coverage.title)}` })]
  })
  return [element('link', { rel: 'alternate', type: 'text/html', href: developmentUrl(meta.siteUrl, dev.id) }), ...related]
}

/**
 * An Atom 1.0 document: feed `id`, `updated` (the data's last change), `author`, self/alternate
 * and RFC 5005 `next`/`previous` links; one `<entry>` per development with `published` = first
 * report, `updated` = last real change, and each covering outlet as a `rel="related"` link.
 *
 * @example
 * const body = renderAtom(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=…'
 */
export function renderAtom(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  return amendXml(buildFeed(meta, devs).atom1(), (feed) => {
    feed.attributes = { ...feed.attributes, 'xml:lang': meta.lang }
    // Free text as plain text from our data (feed's CDATA/&amp; handling bypassed).
    setText(feed, 'title', cleanText(meta.title), { type: 'text' })
    if (meta.description) setText(feed, 'subtitle', cleanText(meta.description), { type: 'text' })
    setText(feed, 'generator', cleanText(meta.generator))
    setText(children(feed, 'author')[0]!, 'name', cleanText(meta.siteName ?? DEFAULT_SITE_NAME))
    // Paging: feed only knows self, alternate and hub.
    const paging = [
      meta.nextUrl ? element('link', { rel: 'next', type: 'application/atom+xml', href: meta.nextUrl }) : null,
      meta.prevUrl ? element('link', { rel: 'previous', type: 'application/atom+xml', href: meta.prevUrl }) : null,
    ].filter((l) => l !== null)
    insertAfter(feed, children(feed, 'link').at(-1), paging)
    children(feed, 'entry').forEach((entry, i) => {
      const dev = devs[i]!
      // feed writes titles as type="html"; a plain-text title reads back exactly in every reader.
      setText(entry, 'title', cleanText(dev.title), { type: 'text' })
      // feed writes one rel-less link; replace it with alternate + related links.
      const [own] = children(entry, 'link')
      insertAfter(entry, own, entryLinks(meta, dev))
      entry.elements = entry.elements!.filter((e) => e !== own)
    })
  })
}
