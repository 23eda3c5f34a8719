/**
 * The clustering core: pure, deterministic, no Workers or Node API, no clock.
 *
 * @example
 * import { featurize, indexKeys, decide, CANDIDATE_LIMIT } from './cluster'
 * const features = featurize({ id, title, text, published: Date.parse(iso), outlet })
 * const keys = indexKeys(features)          // post the article under these; fetch candidates by them
 * const decision = decide({ id, features }, candidates.slice(0, CANDIDATE_LIMIT))
 */
export type { ClusterArticle, ArticleFeatures, TermVector } from './features'
export { featurize, indexKeys, shortHash } from './features'
export type { FoldCandidate, Explanation, FoldDecision } from './decide'
export { decide, CANDIDATE_LIMIT, developmentIdFor, storyIdFor } from './decide'
export type { FoldParams, Comparison } from './similarity'
export { DEFAULT_PARAMS, compare, links } from './similarity'
export { Folder, POSTING_CAP } from './folder'
export type { FolderOptions } from './folder'
