/** The list pages: every story (`/stories`) and every outlet (`/outlets`). */
import type { FeedMeta } from '../meta'
import { cleanText, storyUrl } from '../text'
import { renderPage } from './layout'
import { Time } from './parts'

/** A story row of {@link renderStoriesPage}. */
export interface StoryRow {
  id: string
  title: string
  published: string
  updated: string
  developments: number
}

/**
 * The stories page: most recently changed first, each with its number of developments.
 *
 * @example
 * renderStoriesPage({ meta, stories }) // '<!DOCTYPE html>…<h1>Stories</h1>…'
 */
export function renderStoriesPage({ meta, stories }: { meta: FeedMeta; stories: readonly StoryRow[] }): string {
  return renderPage({
    meta,
    title: 'Stories',
    description: 'Every story storyfold follows, most recently changed first, with its number of developments.',
    children: (
      <>
        <h1>Stories</h1>
        {stories.length === 0 ? (
          <p>No stories yet.</p>
        ) : (
          <ol class="entries">
            {stories.map((s) => (
              <li>
                <h2>
                  <a href={storyUrl(meta.siteUrl, s.id)}>{cleanText(s.title)}</a>
                </h2>
                <p class="when">
                  {s.developments} {s.developments === 1 ? 'development' : 'developments'} since <Time iso={s.published} />
                  {s.updated !== s.published ? (
                    <>
                      {' · '}last updated <Time iso={s.updated} />
                    </>
                  ) : (
                    ''
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </>
    ),
  })
}

/**
 * The outlets page: each outlet with how many developments it covered, linked to those
 * developments (the chronological list filtered by the outlet).
 *
 * @example
 * renderOutletsPage({ meta, outlets: [{ outlet: 'Rudaw', developments: 1 }], latestUrl: '/latest' })
 */
export function renderOutletsPage({
  meta,
  outlets,
  latestUrl,
}: {
  meta: FeedMeta
  outlets: readonly { outlet: string; developments: number }[]
  latestUrl: string
}): string {
  return renderPage({
    meta,
    title: 'Outlets',
    description: 'Every outlet whose reports storyfold folds, with how many developments each covered.',
    children: (
      <>
        <h1>Outlets</h1>
        {outlets.length === 0 ? (
          <p>No outlets yet.</p>
        ) : (
          <ul class="outlet-list">
            {outlets.map((o) => (
              <li>
                <a href={`${latestUrl}?outlet=${encodeURIComponent(o.outlet)}`}>{cleanText(o.outlet)}</a>{' '}
                <span class="muted">
                  ({o.developments} {o.developments === 1 ? 'development' : 'developments'})
                </span>
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  })
}
