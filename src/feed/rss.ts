/**
 * RSS 2.0, written by `feed`'s `rss2()` and finished by the post-processing step in ./xml
 * (plain-text titles, no CDATA, paging links). See src/feed/README.md.
 */
import type { DevelopmentView } from '../schema'
import type { FeedMeta } from './meta'
import { cleanText } from './text'
import { amendXml, buildFeed, children, element, insertAfter, setText } from './xml'

/**
 * An RSS 2.0 document: one `<item>` per development, `guid` = the permanent entry id
 * (`isPermaLink="false"`), `pubDate` = first report, `lastBuildDate` = the data's last change,
 * self and RFC 5005 `next`/`previous` links as `atom:link`. No `<author>` (RSS wants an email
 * address there; the outlets are in the content).
 *
 * @example
 * const body = renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderRss(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  return amendXml(buildFeed(meta, devs).rss2(), (rss) => {
    const channel = children(rss, 'channel')[0]!
    // Free text as plain text from our data (feed's CDATA/&amp; handling bypassed).
    setText(channel, 'title', cleanText(meta.title))
    setText(channel, 'description', cleanText(meta.description || meta.title))
    setText(channel, 'generator', cleanText(meta.generator))
    children(channel, 'item').forEach((item, i) => setText(item, 'title', cleanText(devs[i]!.title)))
    // Paging: feed only knows the self link.
    const paging = [
      meta.nextUrl ? element('atom:link', { rel: 'next', type: 'application/rss+xml', href: meta.nextUrl }) : null,
      meta.prevUrl ? element('atom:link', { rel: 'previous', type: 'application/rss+xml', href: meta.prevUrl }) : null,
    ].filter((l) => l !== null)
    insertAfter(channel, children(channel, 'atom:link').at(-1), paging)
  })
}
