/** Fixed test data for src/feed and test/node: no clock anywhere. */
import { DevelopmentView, StoryView } from '../../schema'
import { FeedMeta } from '../meta'
import developmentsJson from './developments.json'
import metaJson from './meta.json'

/** Feed metadata of the main feed, first page, with a next page. */
export const meta: FeedMeta = FeedMeta.parse(metaJson)

/**
 * Two developments of one story, newest first: `d_hostile` (markup, `]]>`, emoji, control
 * characters, a `javascript:` URL) and `d_drones1` (three outlets, one a syndicated copy).
 */
export const developments: DevelopmentView[] = DevelopmentView.array().parse(developmentsJson)

/** The title of `d_hostile` as a reader should see it: control characters gone, the rest intact. */
export const hostileTitle = 'Q&A: <drones> & "ammo" ]]> sold 🚀 at 5 < 6'

/** The story both developments belong to. */
export const story: StoryView = StoryView.parse({
  id: 's_drones',
  title: "Iran's drone sales to Russia & <more>",
  published: '2023-08-16T07:20:00.000Z',
  updated: '2023-08-17T10:05:00.000Z',
  developments: developmentsJson,
})
