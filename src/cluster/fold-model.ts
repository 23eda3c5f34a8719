/**
 * The fitted weights of the fold's model (see model.ts). Written by `npm run -s fit -- --write`
 * (scripts/fit-fold.ts) from the labelled dev sets and the judged real pairs; do not edit by hand.
 */
import type { FoldModel } from './model'

export const FOLD_MODEL: FoldModel = {
  weights: {
    bias: -3.47,
    cosFull: 1.476,
    cosLead: 1.588,
    bothBody: 0.005,
    cosLeadWithBody: 1.246,
    bestMember: 1.945,
    memberSupport: 2.307,
    namesCovered: 1.039,
    namesOfDevelopment: 1.047,
    gapDays: -1.076,
    daysSinceFirst: -1.076,
    undated: -0.44,
    copy: -0.29,
    measuresDisagree: -0.688,
    gapWithBody: -0.345,
    recurring: -0.905,
    editions: -1.562,
    action: 1.239
  },
  storyOffset: 1.25,
  storyWindowDays: 30
}
