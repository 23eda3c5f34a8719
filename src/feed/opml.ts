/**
 * OPML 2.0 (http://opml.org/spec2.opml): a subscription list every feed reader imports. Pure:
 * the same sources give the same bytes.
 */
import { xmlAttr } from './text'

/** One subscription: the outlet's name, its feed and the feed's site (URLs as they may be published). */
export interface OpmlOutline {
  outlet: string
  xmlUrl: string
  htmlUrl: string
}

/**
 * An OPML 2.0 document with one `type="rss"` outline per source (`text` and `title` = the outlet).
 * `created` goes in `dateCreated` (RFC 822, UTC).
 *
 * @example
 * renderOpml('storyfold sources', new Date(0), [{ outlet: 'BBC', xmlUrl: 'https://feeds.bbci.co.uk/news/rss.xml', htmlUrl: 'https://feeds.bbci.co.uk/' }])
 */
export function renderOpml(title: string, created: Date, outlines: readonly OpmlOutline[]): string {
  const lines = outlines.map((o) => {
    const name = xmlAttr(o.outlet)
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${xmlAttr(o.xmlUrl)}" htmlUrl="${xmlAttr(o.htmlUrl)}"/>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${xmlAttr(title)}</title>
    <dateCreated>${created.toUTCString()}</dateCreated>
  </head>
  <body>
${lines.join('\n')}
  </body>
</opml>
`
}
