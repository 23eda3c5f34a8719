/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.736,
    cosFull: 1.466,
    cosLead: 2.311,
    bothBody: -0.502,
    cosLeadWithBody: 1.107,
    bestMember: 3.004,
    namesCovered: 0.992,
    namesOfDevelopment: 1.333,
    gapDays: -1.414,
    daysSinceFirst: -1.414,
    undated: -0.142,
    copy: -0.622,
    measuresDisagree: -0.585,
    size: 0.178
  },
  storyOffset: 0.75,
  storyWindowDays: 30
}
