/** The home page: the latest developments, newest first, with a filter form mirroring the feed filters. */
import type { Child } from 'hono/jsx'
import type { DevelopmentView } from '../../schema'
import type { FeedMeta } from '../meta'
import { outletNames } from '../coverage'
import { cleanText, developmentUrl, storyUrl } from '../text'
import { langAttributes } from '../lang'
import { renderPage } from './layout'
import { OutletsLine, Time, When } from './parts'

/** The feed filters, as given in the query (`min_outlets`, `outlet`, `q`). */
export interface HomeFilters {
  minOutlets?: number | null
  outlet?: string | null
  q?: string | null
}

/** Input of {@link renderHomePage}. */
export interface HomePageInput {
  meta: FeedMeta
  /** Newest first, already filtered and paged. */
  developments: readonly DevelopmentView[]
  filters?: HomeFilters
  /** The next (older) page, when there is one. */
  nextUrl?: string | null
}

/** The link to a development's whole story, with its size. */
const StoryLink = ({ dev, siteUrl }: { dev: DevelopmentView; siteUrl: string }) => (
  <p class="actions">
    <a href={storyUrl(siteUrl, dev.storyId)}>The whole story{dev.storySize > 1 ? ` (${dev.storySize} developments)` : ''}</a>
  </p>
)

const Entry = ({ dev, siteUrl, pageLang }: { dev: DevelopmentView; siteUrl: string; pageLang: string }) => {
  return (
    <li {...langAttributes(dev.lang, pageLang)}>
      <h2>
        <a href={developmentUrl(siteUrl, dev.id)}>{cleanText(dev.title)}</a>
      </h2>
      <When dev={dev} />
      <OutletsLine dev={dev} />
      <p>{cleanText(dev.summary)}</p>
      <StoryLink dev={dev} siteUrl={siteUrl} />
    </li>
  )
}

/**
 * The filter form. On a phone it folds behind a "Filter" summary (open while a filter is on), so
 * the first screen shows entries, not the form; from 40rem up the summary is hidden and the form
 * always shown in one row (style.ts).
 */
const Filters = ({ action, filters }: { action: string; filters: HomeFilters }) => {
  const active = Boolean(filters.minOutlets || filters.outlet || filters.q)
  return (
    <details class="filter-box" open={active}>
      <summary>{active ? 'Filters (on)' : 'Filter'}</summary>
    <form class="filters" method="get" action={action} role="search" aria-label="Filter developments">
      <label class="f-min">
        Minimum outlets
        <input type="number" name="min_outlets" min="1" inputmode="numeric" value={filters.minOutlets ? String(filters.minOutlets) : ''} />
      </label>
      <label class="f-outlet">
        Outlet
        <input type="text" name="outlet" value={cleanText(filters.outlet ?? '')} />
      </label>
      <label class="f-q">
        Words
        <input type="search" name="q" value={cleanText(filters.q ?? '')} />
      </label>
      <p class="buttons">
        <button type="submit">Filter</button>
        {active ? <a href={action}>Clear filters</a> : ''}
      </p>
    </form>
    </details>
  )
}

/** A list of developments, one item each, or a sentence saying there are none. */
const Entries = ({ devs, empty, item }: { devs: readonly DevelopmentView[]; empty: string; item: (d: DevelopmentView) => Child }) =>
  devs.length === 0 ? <p>{empty}</p> : <ol class="entries">{devs.map(item)}</ol>

/**
 * The home page HTML.
 *
 * @example
 * renderHomePage({ meta, developments, filters: { minOutlets: 2 }, nextUrl: 'https://storyfold.example/?before=…' })
 */
export function renderHomePage({ meta, developments, filters = {}, nextUrl = null }: HomePageInput): string {
  return renderPage({
    meta,
    title: meta.title,
    description: meta.description || `The latest developments on ${meta.title}`,
    children: (
      <>
        <h1>Latest developments</h1>
        <Filters action={meta.links.html} filters={filters} />
        <Entries devs={developments} empty="No developments match these filters." item={(d) => <Entry dev={d} siteUrl={meta.siteUrl} pageLang={meta.lang} />} />
        {nextUrl ? (
          <nav class="pager" aria-label="Pages">
            <a href={nextUrl} rel="next">
              Older developments
            </a>
          </nav>
        ) : (
          ''
        )}
      </>
    ),
  })
}

/** Input of {@link renderTopPage}. */
export interface TopPageInput {
  meta: FeedMeta
  /** Best first (store/top.ts `topDevelopments`). */
  developments: readonly DevelopmentView[]
  /** The chronological list of every development (one click away). */
  latestUrl: string
  /** The top feeds: RSS, Atom, JSON Feed. */
  topFeeds: { rss: string; atom: string; json: string }
}

const TopEntry = ({ dev, siteUrl, pageLang }: { dev: DevelopmentView; siteUrl: string; pageLang: string }) => (
  <li {...langAttributes(dev.lang, pageLang)}>
    <h2>
      <a href={developmentUrl(siteUrl, dev.id)}>{cleanText(dev.title)}</a>
    </h2>
    <p class="when">
      <strong>
        {dev.outletCount} {dev.outletCount === 1 ? 'outlet' : 'outlets'}
      </strong>{' '}
      since {dev.publishedApproximate ? 'about ' : ''}
      <Time iso={dev.published} />
      {dev.publishedApproximate ? <span class="approx"> (undated: first seen then)</span> : ''}
    </p>
    <p class="outlet-names">{outletNames(dev).join(', ')}</p>
    <p>{cleanText(dev.summary)}</p>
    <StoryLink dev={dev} siteUrl={siteUrl} />
  </li>
)

/**
 * The home page: the top developments (what most outlets cover now, best first), each saying how
 * many distinct outlets and since when; the chronological list and the top feeds a click away.
 *
 * @example
 * renderTopPage({ meta, developments: top, latestUrl: '/latest', topFeeds: { rss: '/top.xml', atom: '/top.atom', json: '/top.json' } })
 */
export function renderTopPage({ meta, developments, latestUrl, topFeeds }: TopPageInput): string {
  return renderPage({
    meta,
    title: meta.title,
    description: meta.description || `The top developments on ${meta.title}`,
    children: (
      <>
        <h1>Top developments</h1>
        <p class="muted intro">
          What most outlets are covering now. <a href={latestUrl}>All developments, newest first</a> · Top feed:{' '}
          <a href={topFeeds.rss} type="application/rss+xml">RSS</a> · <a href={topFeeds.atom} type="application/atom+xml">Atom</a> ·{' '}
          <a href={topFeeds.json} type="application/feed+json">JSON</a>
        </p>
        <Entries devs={developments} empty="Nothing has been reported yet." item={(d) => <TopEntry dev={d} siteUrl={meta.siteUrl} pageLang={meta.lang} />} />
        <nav class="pager" aria-label="More">
          <a href={latestUrl}>All developments, newest first</a>
        </nav>
      </>
    ),
  })
}
