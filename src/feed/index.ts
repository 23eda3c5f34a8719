/**
 * src/feed: pure renderers from format-neutral data (`DevelopmentView`, `StoryView`) to RSS 2.0,
 * Atom 1.0, JSON Feed 1.1 and HTML pages. No HTTP, no SQL, no clock.
 */
export { FeedMeta, DEFAULT_SITE_NAME, lastRealChange } from './meta'
export { renderFeed, renderFeedParts, FEED_CONTENT_TYPES, FEED_SECTIONS, type FeedFormat } from './render'
export { renderRss } from './rss'
export { renderAtom } from './atom'
export { renderJsonFeed, jsonFeed, JsonFeed11, JsonFeedItem, StoryfoldExtension } from './json'
export { entryId, developmentUrl, storyUrl, storyFeedUrl, cleanText } from './text'
export { renderHomePage, renderDevelopmentPage, renderStoryPage, renderErrorPage } from './pages'
export type { HomeFilters, HomePageInput } from './pages'
