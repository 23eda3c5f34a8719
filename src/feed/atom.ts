/**
 * Atom 1.0, built with our own escaping writer rather than `feed`'s `atom1()` (whose traps in 6.0.0:
 * titles sent as `type="html"` CDATA so a `<` in a headline is read as markup, `<category>`
 * without `term`, no `xml:lang`, `updated` of "now" unless told, no paging links).
 */
import type { DevelopmentView } from '../schema'
import { entryHtml } from './content'
import { coverageLines } from './coverage'
import { DEFAULT_SITE_NAME, type FeedMeta } from './meta'
import { cleanText, developmentUrl, entryId, rfc3339 } from './text'
import { el, xml, type XmlElement } from './xml'

function entry(meta: FeedMeta, dev: DevelopmentView): XmlElement {
  const seen = new Set<string>()
  const related = coverageLines(dev).flatMap((l) => {
    if (!l.url || seen.has(l.url)) return []
    seen.add(l.url)
    return [el('link', { rel: 'related', type: 'text/html', href: l.url, title: `${l.outlet}: ${cleanText(l.coverage.title)}` })]
  })
  return el(
    'entry',
    {},
    el('id', {}, entryId(meta, dev.id)),
    el('title', { type: 'text' }, cleanText(dev.title)),
    el('link', { rel: 'alternate', type: 'text/html', href: developmentUrl(meta.siteUrl, dev.id) }),
    related,
    el('published', {}, rfc3339(dev.published)),
    el('updated', {}, rfc3339(dev.updated)),
    el('summary', { type: 'text' }, cleanText(dev.summary)),
    el('content', { type: 'html' }, entryHtml(meta, dev)),
  )
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
  const feed = el(
    'feed',
    { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': meta.lang },
    el('id', {}, meta.id),
    el('title', { type: 'text' }, cleanText(meta.title)),
    meta.description ? el('subtitle', { type: 'text' }, cleanText(meta.description)) : null,
    el('updated', {}, rfc3339(meta.updated)),
    el('author', {}, el('name', {}, cleanText(meta.siteName ?? DEFAULT_SITE_NAME)), el('uri', {}, meta.siteUrl)),
    el('generator', {}, cleanText(meta.generator)),
    el('link', { rel: 'self', type: 'application/atom+xml', href: meta.selfUrl }),
    el('link', { rel: 'alternate', type: 'text/html', href: meta.links.html }),
    meta.nextUrl ? el('link', { rel: 'next', type: 'application/atom+xml', href: meta.nextUrl }) : null,
    meta.prevUrl ? el('link', { rel: 'previous', type: 'application/atom+xml', href: meta.prevUrl }) : null,
    devs.map((d) => entry(meta, d)),
  )
  return xml(feed)
}
