/**
 * The clustering core: pure, deterministic, no Workers or Node API, no clock.
 *
 * @example
 * import { featurize, idfFrom, indexKeys, decide, CANDIDATE_LIMIT } from './cluster'
 * const features = featurize(article, idfFrom(termCounts))
 * const keys = indexKeys(features)          // post the article under these; fetch candidates by them
 * const decision = decide({ id, features }, candidates.slice(0, CANDIDATE_LIMIT), statesOfTheirDevelopments)
 */
export type { ClusterArticle, ArticleFeatures, TermVector } from './features'
export { featurize, indexKeys, shortHash } from './features'
export type { FoldCandidate, CandidateDevelopment, Explanation, FoldDecision } from './decide'
export { decide, CANDIDATE_LIMIT, developmentIdFor, storyIdFor } from './decide'
export type { DevelopmentState } from './development'
export { addMember, openState, parseState } from './development'
export { countKeys, documentTerms, idfFrom, TermStats } from './term-stats'
export type { TermCounts } from './term-stats'
export { Folder, POSTING_CAP } from './folder'
export type { FolderOptions } from './folder'
