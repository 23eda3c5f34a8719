/**
 * The shared page shell: landmarks, skip link, feed autodiscovery and visible subscribe links,
 * inline CSS. No external assets, no scripts.
 */
import type { Child } from 'hono/jsx'
import { renderHtml } from '../html'
import { DEFAULT_SITE_NAME, type FeedMeta } from '../meta'
import { cleanText } from '../text'
import { PAGE_CSS } from './style'

/**
 * The site icon: a folded sheet, as SVG, served at /favicon.svg (/favicon.ico is the same picture
 * as an ICO, src/http/site-files.ts), which pages link.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1a56db"/>' +
  '<path d="M4 4h6l2 2v6H4z" fill="#fff"/><path d="M10 4v2h2z" fill="#9db8f0"/></svg>'

/** What the layout needs besides the page body. */
export interface LayoutProps {
  /** Feed metadata: site name, language, feed links. Absent only on bare error pages. */
  meta?: FeedMeta | undefined
  /** The page's own title (the site name is appended). */
  title: string
  /** One sentence for `<meta name="description">`. */
  description: string
  children?: Child
}

/** Shortens text to about `max` characters on a word boundary, for meta descriptions. */
export function clip(text: string, max = 160): string {
  const clean = cleanText(text).replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** Visible subscribe links for the feeds in `meta.links`. */
export const SubscribeLinks = ({ meta }: { meta: FeedMeta }) => (
  <>
    <li>
      <a href={meta.links.rss} type="application/rss+xml">RSS</a>
    </li>
    <li>
      <a href={meta.links.atom} type="application/atom+xml">Atom</a>
    </li>
    <li>
      <a href={meta.links.json} type="application/feed+json">JSON Feed</a>
    </li>
  </>
)

const Layout = ({ meta, title, description, children }: LayoutProps) => {
  const site = cleanText(meta?.siteName ?? DEFAULT_SITE_NAME)
  const feed = meta ? cleanText(meta.title) : site
  const home = meta ? `${meta.siteUrl.replace(/\/+$/, '')}/` : '/'
  const pageTitle = cleanText(title) === site ? site : `${cleanText(title)} · ${site}`
  return (
    <html lang={meta?.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{pageTitle}</title>
        <meta name="description" content={clip(description)} />
        {meta ? (
          <>
            <link rel="alternate" type="application/rss+xml" title={`${feed} (RSS)`} href={meta.links.rss} />
            <link rel="alternate" type="application/atom+xml" title={`${feed} (Atom)`} href={meta.links.atom} />
            <link rel="alternate" type="application/feed+json" title={`${feed} (JSON Feed)`} href={meta.links.json} />
          </>
        ) : (
          ''
        )}
        <link rel="icon" href={`${home}favicon.svg`} type="image/svg+xml" />
        <style dangerouslySetInnerHTML={{ __html: PAGE_CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <div class="wrap bar">
            <a class="site" href={home}>
              {site}
            </a>
            <nav aria-label="Site">
              <ul>
                <li>
                  <a href={home}>Top</a>
                </li>
                <li>
                  <a href={`${home}latest`}>Latest</a>
                </li>
                <li>
                  <a href={`${home}stories`}>Stories</a>
                </li>
                <li>
                  <a href={`${home}outlets`}>Outlets</a>
                </li>
                {meta ? <SubscribeLinks meta={meta} /> : ''}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{children}</div>
        </main>
        <footer>
          <div class="wrap">
            <p>
              {site} folds every outlet’s report of the same news into one entry, with what each outlet adds.
            </p>
            {meta ? (
              <p>
                Subscribe: <a href={meta.links.rss}>RSS</a> · <a href={meta.links.atom}>Atom</a> ·{' '}
                <a href={meta.links.json}>JSON Feed</a>
              </p>
            ) : (
              ''
            )}
          </div>
        </footer>
      </body>
    </html>
  )
}

/**
 * A whole HTML document: `<!DOCTYPE html>` and the layout around `children`.
 *
 * @example
 * renderPage({ meta, title: 'Not found', description: 'No such page.', children: <h1>Not found</h1> })
 */
export function renderPage(props: LayoutProps): string {
  return `<!DOCTYPE html>\n${renderHtml(<Layout {...props} />)}\n`
}
