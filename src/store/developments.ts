/**
 * Developments (feed entries) and stories in D1: the rows the feeds and pages read, their
 * filters and paging, and the statements that write a re-described development. The row
 * helpers are exported for src/store/top.ts, which reads the same rows.
 */
import type { OutletCoverage } from '../schema'
import { inParts } from './params'
import { readOne, type Read } from './reads'

/** A development as stored: everything a feed entry needs except the story timeline. */
export interface StoredDevelopment {
  id: string
  storyId: string
  openedSeq: number
  title: string
  summary: string
  published: string
  updated: string
  articleCount: number
  outletCount: number
  /** The language of its representative report, when known. */
  lang?: string | null
  /** True when no report of it gives a date: `published` is when storyfold first saw one. */
  publishedApproximate?: boolean
  outlets: OutletCoverage[]
}

/** A development row as `raw()` returns it: the values of {@link COLUMNS}, in that order. */
type DevelopmentRow = [string, string, number, string, string, string, string, number, number, string | null, number, string]

function fromRow(r: DevelopmentRow): StoredDevelopment {
  return {
    id: r[0],
    storyId: r[1],
    openedSeq: r[2],
    title: r[3],
    summary: r[4],
    published: r[5],
    updated: r[6],
    articleCount: r[7],
    outletCount: r[8],
    // Only when set, so developments without either read as before.
    ...(r[9] ? { lang: r[9] } : {}),
    ...(r[10] ? { publishedApproximate: true } : {}),
    outlets: JSON.parse(r[11]) as OutletCoverage[],
  }
}

/** (development, outlet) pairs per INSERT: 2 parameters each, under D1's 100 per statement. */
const OUTLETS_PER_STATEMENT = 45

/** The columns of a development, in the order {@link fromRow} reads them (rows come as arrays: no object per row to build). */
const COLUMNS = 'id, story_id, opened_seq, title, summary, published, updated, article_count, outlet_count, lang, published_approximate, outlets'

/** Filters shared by the feeds, the pages and the JSON API. */
export interface DevelopmentFilter {
  /** Only developments covered by at least this many outlets. */
  minOutlets?: number
  /**
   * Only developments an outlet covered whose name, or a word of whose name, starts with this
   * text, case-insensitively ("jerusalem" → "The Jerusalem Post").
   */
  outlet?: string
  /** Text that must appear in a headline, summary or outlet name (case-insensitive). */
  q?: string
  /** Only developments updated at or after this instant (ISO). */
  since?: string
  /** Only developments of this story. */
  story?: string
}

/** A page position: developments strictly older than this (published, id) pair. */
export interface Cursor {
  published: string
  id: string
}

/**
 * SQL for "row `x` comes before (`published`, `id`) in time order" (published, then id), as
 * everywhere. Written as a range on `published` plus a tie-break so SQLite reads an index on
 * published as a range from that point and stops at the LIMIT: the plain OR of two ranges made it
 * scan every newer row (a page deep in the feed) or sort a whole story (story windows).
 */
export function earlierThan(x: string, published: string, id: string): string {
  return `${x}published <= ${published} AND (${x}published < ${published} OR ${x}id < ${id})`
}

export function whereClause(f: DevelopmentFilter, cursor: Cursor | null): { sql: string; binds: unknown[] } {
  const parts: string[] = []
  const binds: unknown[] = []
  if (f.minOutlets !== undefined) {
    parts.push('outlet_count >= ?')
    binds.push(f.minOutlets)
  }
  if (f.outlet !== undefined) {
    // A name or any word of it starting with the text ("jerusalem" finds "The Jerusalem Post"):
    // readers do not know an outlet's exact stored name. LIKE ignores ASCII case.
    const prefix = f.outlet.trim().replace(/\s+/g, ' ').replace(/[\\%_]/g, (m) => `\\${m}`)
    parts.push("id IN (SELECT development_id FROM development_outlets WHERE outlet LIKE ? ESCAPE '\\' OR outlet LIKE ? ESCAPE '\\')")
    binds.push(`${prefix}%`, `% ${prefix}%`)
  }
  if (f.q !== undefined) {
    parts.push("search_text LIKE ? ESCAPE '\\'")
    binds.push(`%${f.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
  }
  if (f.since !== undefined) {
    parts.push('updated >= ?')
    binds.push(f.since)
  }
  if (f.story !== undefined) {
    parts.push('story_id = ?')
    binds.push(f.story)
  }
  if (cursor) {
    parts.push(earlierThan('', '?', '?'))
    binds.push(cursor.published, cursor.published, cursor.id)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', binds }
}

/**
 * Developments newest first (by first report), filtered, one page of at most `limit`; `next` is
 * the cursor of the following page, or null on the last one.
 */
export async function listDevelopments(
  db: D1Database,
  filter: DevelopmentFilter,
  limit: number,
  cursor: Cursor | null = null,
): Promise<{ developments: StoredDevelopment[]; next: Cursor | null }> {
  const w = whereClause(filter, cursor)
  const rows = (
    await db
      .prepare(`SELECT ${COLUMNS} FROM developments ${w.sql} ORDER BY published DESC, id DESC LIMIT ?`)
      .bind(...w.binds, limit + 1)
      .raw<DevelopmentRow>()
  ).map(fromRow)
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return { developments: page, next: more && last ? { published: last.published, id: last.id } : null }
}

/** Where a merged-away id now points, or the id itself. */
export async function resolveAlias(db: D1Database, id: string): Promise<string> {
  let current = id
  for (let hops = 0; hops < 16; hops++) {
    const row = await db.prepare('SELECT new_id FROM aliases WHERE old_id = ?').bind(current).first<{ new_id: string }>()
    if (!row) return current
    current = row.new_id
  }
  return current
}

/** One development by id, following merges; null when unknown. */
export async function getDevelopment(db: D1Database, id: string): Promise<StoredDevelopment | null> {
  const real = await resolveAlias(db, id)
  const [row] = await db.prepare(`SELECT ${COLUMNS} FROM developments WHERE id = ?`).bind(real).raw<DevelopmentRow>()
  return row ? fromRow(row) : null
}

/** Developments by id (no alias following), for the pipeline's re-description step. */
export async function getDevelopments(db: D1Database, ids: string[]): Promise<StoredDevelopment[]> {
  return readOne(db, developmentsRead(db, ids))
}

/** {@link getDevelopments} as a read to send with others (src/store/reads.ts). */
export function developmentsRead(db: D1Database, ids: string[]): Read<StoredDevelopment[]> {
  return {
    statement: db.prepare(`SELECT ${COLUMNS} FROM developments WHERE id IN (SELECT value FROM json_each(?1))`).bind(JSON.stringify([...new Set(ids)])),
    // A row object's values come in the order of COLUMNS, which are all distinct names.
    read: (rows) => rows.map((r) => fromRow(Object.values(r) as DevelopmentRow)),
  }
}

/** A story row. */
export interface StoredStory {
  id: string
  title: string
  published: string
  updated: string
}

/** One story by id, following merges; null when unknown. */
export async function getStory(db: D1Database, id: string): Promise<StoredStory | null> {
  const real = await resolveAlias(db, id)
  return db.prepare('SELECT id, title, published, updated FROM stories WHERE id = ?').bind(real).first<StoredStory>()
}

/**
 * Statements writing a (re-)described development and its outlet index. `more.outletNames` are
 * the names of every outlet of the development (default: those of `d.outlets`, which a large
 * development lists only in part, src/service/listed-reports.ts); `more.note` is why its headline changed
 * (migration 0008), or null.
 */
export function upsertDevelopment(
  db: D1Database,
  d: StoredDevelopment,
  searchText: string,
  more: { outletNames?: readonly string[]; note?: string | null } = {},
): D1PreparedStatement[] {
  const stmts = [
    db
      .prepare(
        `INSERT INTO developments (${COLUMNS}, search_text, note) VALUES (${Array(14).fill('?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, title = excluded.title,
           summary = excluded.summary, published = excluded.published, updated = excluded.updated,
           article_count = excluded.article_count, outlet_count = excluded.outlet_count,
           lang = excluded.lang, published_approximate = excluded.published_approximate,
           outlets = excluded.outlets, search_text = excluded.search_text, note = excluded.note`,
      )
      .bind(
        d.id, d.storyId, d.openedSeq, d.title, d.summary, d.published, d.updated, d.articleCount, d.outletCount,
        d.lang ?? null, d.publishedApproximate ? 1 : 0, JSON.stringify(d.outlets), searchText, more.note ?? null,
      ),
    db.prepare('DELETE FROM development_outlets WHERE development_id = ?').bind(d.id),
  ]
  const outlets = [...new Set(more.outletNames ?? d.outlets.map((o) => o.outlet).filter((o): o is string => o !== null))]
  // Two parameters per outlet and D1 allows 100 per statement: a development covered by more
  // than 50 outlets needs several statements (in one, it could never be written again).
  for (const part of inParts(outlets, OUTLETS_PER_STATEMENT)) {
    stmts.push(
      db
        .prepare(`INSERT INTO development_outlets (development_id, outlet) VALUES ${part.map(() => '(?, ?)').join(',')}`)
        .bind(...part.flatMap((o) => [d.id, o])),
    )
  }
  return stmts
}

/**
 * Statement re-deriving a story's row from its developments (run after they are written, in the
 * same batch): title of its first development, first report, last change.
 */
export function refreshStory(db: D1Database, storyId: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO stories (id, opened_seq, title, published, updated)
       SELECT ?1, MIN(opened_seq), (SELECT title FROM developments WHERE story_id = ?1 ORDER BY published, id LIMIT 1),
              MIN(published), MAX(updated)
         FROM developments WHERE story_id = ?1 HAVING COUNT(*) > 0
       ON CONFLICT (id) DO UPDATE SET opened_seq = excluded.opened_seq, title = excluded.title,
         published = excluded.published, updated = excluded.updated`,
    )
    .bind(storyId)
}

/**
 * What the pipeline needs of stored developments to re-describe them without reading all their
 * articles: the names of every outlet that covered each (the outlet index) and the note on its
 * headline, if any.
 * @returns development id → its outlet names (as stored, each once) and note
 */
export async function describeFacts(db: D1Database, ids: string[]): Promise<Map<string, { outletNames: string[]; note: string | null }>> {
  if (ids.length === 0) return new Map()
  return readOne(db, describeFactsRead(db, ids))
}

/** {@link describeFacts} as a read to send with others (src/store/reads.ts): each development's row first, then its outlets. */
export function describeFactsRead(db: D1Database, ids: string[]): Read<Map<string, { outletNames: string[]; note: string | null }>> {
  return {
    statement: db
      .prepare(
        `SELECT 0 AS kind, id, note, NULL AS outlet FROM developments WHERE id IN (SELECT value FROM json_each(?1))
         UNION ALL
         SELECT 1, development_id, NULL, outlet FROM development_outlets WHERE development_id IN (SELECT value FROM json_each(?1))
         ORDER BY kind`,
      )
      .bind(JSON.stringify([...new Set(ids)])),
    read: (rows) => {
      const out = new Map<string, { outletNames: string[]; note: string | null }>()
      for (const r of rows as { kind: number; id: string; note: string | null; outlet: string | null }[]) {
        if (r.kind === 0) out.set(r.id, { outletNames: [], note: r.note })
        else if (r.outlet !== null) out.get(r.id)?.outletNames.push(r.outlet)
      }
      return out
    },
  }
}

/**
 * Statements removing a development that lost its last article: its row, its outlet index, and
 * its story when no other development is left in it (else the story's row is re-derived).
 */
export function deleteDevelopment(db: D1Database, id: string, storyId: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM development_outlets WHERE development_id = ?').bind(id),
    db.prepare('DELETE FROM developments WHERE id = ?').bind(id),
    db.prepare('DELETE FROM stories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM developments WHERE story_id = ?1)').bind(storyId),
    refreshStory(db, storyId),
  ]
}

/** Statement remembering that an article or development id was removed (migration 0008). */
export function rememberRemoved(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('INSERT INTO removed (id, removed_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET removed_at = excluded.removed_at').bind(id, at)
}

/** When an article or development id was removed, or null when it never was (a live row wins over this). */
export async function removedAt(db: D1Database, id: string): Promise<string | null> {
  const row = await db.prepare('SELECT removed_at AS at FROM removed WHERE id = ?').bind(id).first<{ at: string }>()
  return row?.at ?? null
}

/** Which of these development and story ids are stored (live rows), in one set. */
export async function takenIds(db: D1Database, developmentIds: string[], storyIds: string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT id FROM developments WHERE id IN (SELECT value FROM json_each(?1))
       UNION ALL SELECT id FROM stories WHERE id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(JSON.stringify([...new Set(developmentIds)]), JSON.stringify([...new Set(storyIds)]))
    .all<{ id: string }>()
  return new Set(results.map((r) => r.id))
}
