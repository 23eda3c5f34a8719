/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.273,
    cosFull: 1.47,
    cosLead: 1.581,
    bothBody: -0.031,
    cosLeadWithBody: 1.252,
    bestMember: 1.921,
    memberSupport: 2.285,
    namesCovered: 0.873,
    namesOfDevelopment: 0.96,
    gapDays: -1.081,
    daysSinceFirst: -1.081,
    undated: -0.419,
    copy: -0.285,
    measuresDisagree: -0.713,
    gapWithBody: -0.348,
    recurring: -0.88,
    editions: -1.551,
    action: 1.258,
    namesDisjoint: -0.633
  },
  storyOffset: 1.25,
  storyWindowDays: 30
}
