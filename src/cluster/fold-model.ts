/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.181,
    cosFull: 1.488,
    cosLead: 2.046,
    bothBody: -0.34,
    cosLeadWithBody: 1.201,
    bestMember: 2.915,
    meanMember: 0.903,
    namesCovered: 1,
    namesOfDevelopment: 1.347,
    gapDays: -1.094,
    daysSinceFirst: -1.094,
    undated: -0.209,
    copy: -0.205,
    measuresDisagree: -0.717,
    gapWithBody: -0.388,
    recurring: -0.672,
    editions: -1.629
  },
  storyOffset: 0.75,
  storyWindowDays: 30
}
