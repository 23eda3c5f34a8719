/**
 * Story windows: a development's nearest neighbours in its story, read from the
 * (story_id, published, id) index (migration 0002), for feed entries (the story so far) and pages
 * (both sides, and the story's size).
 */
import type { DevelopmentRef } from '../schema'
import { earlierThan, type StoredDevelopment } from './developments'

/** A development's place in its story: the nearest developments around it and the story's size. */
export interface StoryWindow {
  /** Up to `earlier` developments before it, itself, up to `later` after it; oldest first. */
  timeline: DevelopmentRef[]
  /** How many developments the whole story has. */
  storySize: number
}

// Story windows: the neighbours before a development, and (mirrored) after it.
const BEFORE = earlierThan('x.', 'p.published', 'p.id')
const AFTER = `x.published >= p.published AND (x.published > p.published OR x.id > p.id)`

/**
 * The neighbours query of {@link storyWindows}: `?1` a JSON array of development ids, `?2` how
 * many earlier, `?3` how many later (only with `withLater`). One row per neighbour: `for_id`, `id`,
 * `title`, `published`. Exported so a test can hold its query plan to an index walk.
 */
export function storyWindowQuery(withLater: boolean): string {
  const neighbours = (cond: string, order: 'ASC' | 'DESC', limit: string) =>
    `SELECT p.id AS for_id, x.id, x.title, x.published FROM json_each(?1) AS j
       JOIN developments AS p ON p.id = j.value
       JOIN developments AS x ON x.id IN (
         SELECT x.id FROM developments AS x WHERE x.story_id = p.story_id AND ${cond}
          ORDER BY x.published ${order}, x.id ${order} LIMIT ${limit})`
  const before = neighbours(BEFORE, 'DESC', '?2')
  return withLater ? `${before} UNION ALL ${neighbours(AFTER, 'ASC', '?3')}` : before
}

type WindowDevelopment = Pick<StoredDevelopment, 'id' | 'storyId' | 'title' | 'published'>

/** The ids of developments as the one JSON parameter of the window queries (under D1's 100 bound parameters). */
const idsParam = (devs: readonly WindowDevelopment[]) => JSON.stringify([...new Set(devs.map((d) => d.id))])

/** Each development's timeline: its neighbours (rows `[for_id, id, title, published]`) and itself, oldest first. */
function timelines(devs: readonly WindowDevelopment[], neighbours: readonly (readonly [string, string, string, string])[]): Map<string, DevelopmentRef[]> {
  const rows = new Map<string, DevelopmentRef[]>()
  for (const [forId, id, title, published] of neighbours) {
    const list = rows.get(forId)
    if (list) list.push({ id, title, published })
    else rows.set(forId, [{ id, title, published }])
  }
  const out = new Map<string, DevelopmentRef[]>()
  for (const d of devs) {
    const timeline = rows.get(d.id) ?? []
    timeline.push({ id: d.id, title: d.title, published: d.published })
    timeline.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    out.set(d.id, timeline)
  }
  return out
}

/**
 * The story so far of each development, as feed entries show it: its nearest `earlier`
 * developments in the story and itself, oldest first. One statement (rows as arrays), read from
 * the (story_id, published, id) index; no story sizes (feeds do not show them).
 */
export async function storySoFarOf(db: D1Database, devs: readonly WindowDevelopment[], earlier: number): Promise<Map<string, DevelopmentRef[]>> {
  if (devs.length === 0) return new Map()
  const rows = earlier > 0 ? await db.prepare(storyWindowQuery(false)).bind(idsParam(devs), earlier).raw<[string, string, string, string]>() : []
  return timelines(devs, rows)
}

/**
 * The story window of each development: its nearest `earlier` and `later` neighbours in the
 * story (never the whole story: a story can have thousands of developments, and every feed entry
 * and page would carry them all) and the story's size. One round trip of two statements whatever
 * the number of developments (their ids travel as one JSON parameter, under D1's 100 bound
 * parameters), each neighbour read from the (story_id, published, id) index (migration 0002).
 */
export async function storyWindows(
  db: D1Database,
  devs: readonly WindowDevelopment[],
  earlier: number,
  later: number,
): Promise<Map<string, StoryWindow>> {
  const out = new Map<string, StoryWindow>()
  if (devs.length === 0) return out
  const ids = idsParam(devs)
  type Row = { for_id?: string; id?: string; title?: string; published?: string; story_id?: string; n?: number }
  const neighbours =
    later > 0 ? [db.prepare(storyWindowQuery(true)).bind(ids, earlier, later)] : earlier > 0 ? [db.prepare(storyWindowQuery(false)).bind(ids, earlier)] : []
  const results = await db.batch<Row>([
    ...neighbours,
    db
      .prepare(
        `SELECT story_id, COUNT(*) AS n FROM developments WHERE story_id IN (
           SELECT DISTINCT p.story_id FROM json_each(?1) AS j JOIN developments AS p ON p.id = j.value)
          GROUP BY story_id`,
      )
      .bind(ids),
  ])
  const sizes = results.at(-1)
  const near = neighbours.length ? results[0] : undefined
  const size = new Map<string, number>()
  for (const r of sizes?.results ?? []) size.set(r.story_id as string, r.n as number)
  const lists = timelines(
    devs,
    (near?.results ?? []).map((r) => [r.for_id as string, r.id as string, r.title as string, r.published as string] as const),
  )
  for (const d of devs) {
    const timeline = lists.get(d.id)!
    out.set(d.id, { timeline, storySize: size.get(d.storyId) ?? timeline.length })
  }
  return out
}
