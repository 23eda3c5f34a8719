/**
 * Lists for browsing: the stories and the outlets storyfold holds. Plain reads, bounded by a
 * limit; no filter beyond it.
 */

/** A story as a list shows it. */
export interface StoryListItem {
  id: string
  title: string
  /** First report of its first development (ISO, UTC). */
  published: string
  /** Last real change of any of its developments (ISO, UTC). */
  updated: string
  developments: number
}

/**
 * The stories, most recently changed first, at most `limit` (1–200), each with its number of
 * developments. One read.
 *
 * @example
 * (await listStories(db, 50))[0] // → { id: 's_…', title: 'US urges Iran…', developments: 2, … }
 */
export async function listStories(db: D1Database, limit: number): Promise<StoryListItem[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.title, s.published, s.updated,
              (SELECT COUNT(*) FROM developments d WHERE d.story_id = s.id) AS developments
         FROM stories s ORDER BY s.updated DESC, s.id LIMIT ?`,
    )
    .bind(limit)
    .all<StoryListItem>()
  return results
}

/** An outlet as a list shows it. */
export interface OutletListItem {
  /** The outlet's name as stored. */
  outlet: string
  /** How many developments it covered. */
  developments: number
}

/**
 * Every outlet that covered a development, by how many developments it covered (most first,
 * then by name), at most `limit` (1–1000). One read of the outlet index.
 *
 * @example
 * (await listOutlets(db, 100))[0] // → { outlet: 'The Jerusalem Post', developments: 2 }
 */
export async function listOutlets(db: D1Database, limit: number): Promise<OutletListItem[]> {
  const { results } = await db
    .prepare('SELECT outlet, COUNT(*) AS developments FROM development_outlets GROUP BY outlet ORDER BY developments DESC, outlet LIMIT ?')
    .bind(limit)
    .all<OutletListItem>()
  return results
}
