/**
 * RSS 2.0, written by `feed`'s `rss2()` from values prepared in ./xml, then finished in one pass
 * (CDATA unwrapped, the paging links `feed` cannot express inserted). See src/feed/README.md.
 */
import type { DevelopmentView } from '../schema'
import type { FeedMeta } from './meta'
import { buildFeed, xmlElement, xmlRewriter } from './xml'

const finish = xmlRewriter(['<channel>'])

/**
 * An RSS 2.0 document: one `<item>` per development, `guid` = the permanent entry id
 * (`isPermaLink="false"`), `pubDate` = first report, `lastBuildDate` = the data's last change,
 * self and RFC 5005 `next`/`previous` links as `atom:link`. No `<author>` (RSS wants an email
 * address there; the outlets are in the content). Titles are plain text; no CDATA.
 *
 * @example
 * const body = renderRss(meta, developments) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderRss(meta: FeedMeta, devs: readonly DevelopmentView[]): string {
  let paging = ''
  if (meta.nextUrl) paging += xmlElement('atom:link', { rel: 'next', type: 'application/rss+xml', href: meta.nextUrl }, 8)
  if (meta.prevUrl) paging += xmlElement('atom:link', { rel: 'previous', type: 'application/rss+xml', href: meta.prevUrl }, 8)
  const { feed, contents } = buildFeed(meta, devs, 'rss')
  return finish(feed.rss2(), {
    // RFC 5005 paging links (feed knows only self), first in the channel: `<channel>` occurs once, as text is escaped.
    '<channel>': () => `<channel>${paging}`,
  }, contents)
}
