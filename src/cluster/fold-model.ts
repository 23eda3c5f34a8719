/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.377,
    cosFull: 1.538,
    cosLead: 1.376,
    bothBody: -0.06,
    cosLeadWithBody: 1.275,
    bestMember: 1.793,
    memberSupport: 2.169,
    namesCovered: 0.916,
    namesOfDevelopment: 1.04,
    gapDays: -1.076,
    daysSinceFirst: -1.076,
    undated: -0.469,
    copy: -0.272,
    measuresDisagree: -0.662,
    gapWithBody: -0.341,
    recurring: -0.88,
    editions: -1.497,
    action: 1.68
  },
  storyOffset: 1.25,
  storyWindowDays: 30
}
