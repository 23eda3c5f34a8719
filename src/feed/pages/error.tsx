/** Error pages (404, 500, …) in the same layout. */
import type { FeedMeta } from '../meta'
import { cleanText } from '../text'
import { renderPage } from './layout'

/**
 * An error page HTML. Pass `meta` when known, for the site name, language and feed links.
 *
 * @example
 * renderErrorPage(404, 'Not found', 'There is no development d_x.') // '<!DOCTYPE html>…<h1>Not found</h1>…'
 */
export function renderErrorPage(status: number, title: string, detail: string, meta?: FeedMeta): string {
  const home = meta ? `${meta.siteUrl.replace(/\/+$/, '')}/` : '/'
  return renderPage({
    meta,
    title,
    description: detail || title,
    children: (
      <>
        <h1>{cleanText(title)}</h1>
        <p>{cleanText(detail)}</p>
        <p class="muted">HTTP {status}</p>
        <p>
          <a href={home}>Back to the latest developments</a>
        </p>
      </>
    ),
  })
}
