/** The HTML pages: pure functions from data to a complete HTML document. */
export { renderHomePage, type HomeFilters, type HomePageInput } from './home'
export { renderDevelopmentPage } from './development'
export { renderStoryPage } from './story'
export { renderErrorPage } from './error'
