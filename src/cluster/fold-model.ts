/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.462,
    cosFull: 1.541,
    cosLead: 1.996,
    bothBody: -0.354,
    cosLeadWithBody: 1.254,
    bestMember: 2.885,
    meanMember: 0.758,
    namesCovered: 1.017,
    namesOfDevelopment: 1.23,
    gapDays: -1.357,
    daysSinceFirst: -1.357,
    undated: 0.111,
    copy: -0.266,
    measuresDisagree: -0.71,
    gapWithBody: -0.391,
    recurring: -1.07
  },
  storyOffset: 0.75,
  storyWindowDays: 30
}
