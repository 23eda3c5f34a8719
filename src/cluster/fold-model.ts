/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.664,
    cosFull: 1.469,
    cosLead: 2.234,
    bothBody: -0.418,
    cosLeadWithBody: 1.089,
    bestMember: 2.954,
    namesCovered: 1.067,
    namesOfDevelopment: 1.317,
    gapDays: -1.406,
    daysSinceFirst: -1.406,
    undated: -0.185,
    copy: -0.613,
    size: 0.068
  },
  storyOffset: 0.75,
  storyWindowDays: 30
}
