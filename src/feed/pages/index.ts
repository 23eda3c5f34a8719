/** The HTML pages: pure functions from data to a complete HTML document. */
export { renderHomePage, renderTopPage, type HomeFilters, type HomePageInput, type TopPageInput } from './home'
export { renderDevelopmentPage } from './development'
export { renderStoryPage } from './story'
export { renderErrorPage } from './error'
export { renderOutletsPage, renderStoriesPage, type StoryRow } from './lists'
