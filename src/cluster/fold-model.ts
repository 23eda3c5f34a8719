/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -4.022,
    cosFull: 1.373,
    cosLead: 2.087,
    bothBody: -0.459,
    cosLeadWithBody: 1.083,
    bestMember: 2.777,
    meanMember: 1.105,
    namesCovered: 0.944,
    namesOfDevelopment: 1.213,
    gapDays: -1.438,
    daysSinceFirst: -1.438,
    undated: -0.076,
    copy: -0.642,
    measuresDisagree: -0.582,
    size: 0.256
  },
  storyOffset: 1,
  storyWindowDays: 30
}
