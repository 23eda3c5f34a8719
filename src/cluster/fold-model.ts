/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.658,
    cosFull: 1.465,
    cosLead: 2.242,
    bothBody: -0.38,
    cosLeadWithBody: 1.09,
    bestMember: 2.95,
    namesCovered: 1.063,
    namesOfDevelopment: 1.305,
    gapDays: -1.408,
    daysSinceFirst: -1.408,
    undated: -0.164,
    copy: -0.624,
    measuresDisagree: -0.569,
    size: 0.064
  },
  storyOffset: 0.75,
  storyWindowDays: 30
}
