/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.107,
    cosFull: 1.57,
    cosLead: 1.567,
    bothBody: -0.133,
    cosLeadWithBody: 1.326,
    bestMember: 2.081,
    memberSupport: 2.426,
    namesCovered: 0.859,
    namesOfDevelopment: 0.989,
    gapDays: -1.059,
    daysSinceFirst: -1.059,
    undated: -0.449,
    copy: -0.179,
    measuresDisagree: -0.688,
    gapWithBody: -0.377,
    recurring: -0.674,
    editions: -1.541
  },
  storyOffset: 1,
  storyWindowDays: 30
}
