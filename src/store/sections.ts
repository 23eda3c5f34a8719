/**
 * The outlet sections stored with each development (migration 0003): the parts of its feed
 * entries that depend on its outlets alone, rendered by src/feed/sections.ts when the pipeline
 * writes the development. The store only keeps them, with the version they were rendered at.
 */
import type { OutletCoverage } from '../schema'

/**
 * The rendered outlet sections of a development (src/feed/sections.ts writes them, the pipeline
 * hands them over, the store only keeps them), at `version`.
 */
export interface StoredSections {
  html: string
  atom: string
  jsonContent: string
  jsonOutlets: string
}

/** One outlet section's name. */
export type SectionName = keyof StoredSections

/** The column of each outlet section (migration 0003). */
export const SECTION_COLUMNS: Record<SectionName, string> = {
  html: 'section_html',
  atom: 'section_atom',
  jsonContent: 'section_json_content',
  jsonOutlets: 'section_json_outlets',
}
const SECTION_NAMES = Object.keys(SECTION_COLUMNS) as SectionName[]

/** Which outlet sections a read wants, and the version they must be at to be used. */
export interface SectionsRead {
  parts: readonly SectionName[]
  version: number
}

/**
 * The section columns of a row and their values: what `upsertDevelopment` (./developments.ts) and
 * {@link writeSections} write (and the serving bench seeds its store with). `sections` null: none
 * stored at this version (too large to keep; reads give the outlets, the cron leaves the row be).
 */
export function sectionColumns(version: number, sections: StoredSections | null): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = { sections_version: version }
  for (const p of SECTION_NAMES) row[SECTION_COLUMNS[p]] = sections ? sections[p] : null
  return row
}

/** A development whose stored outlet sections are older than the current version: its outlets, as stored. */
export interface StaleSections {
  id: string
  /** The `outlets` column as stored (JSON text): {@link writeSections} writes only if it is unchanged. */
  outletsJson: string
  outlets: OutletCoverage[]
}

/** Up to `limit` developments whose outlet sections are older than `version` (or were never written). */
export async function staleSections(db: D1Database, version: number, limit: number): Promise<StaleSections[]> {
  const rows = await db
    .prepare('SELECT id, outlets FROM developments WHERE sections_version < ? LIMIT ?')
    .bind(version, limit)
    .raw<[string, string]>()
  return rows.map(([id, outletsJson]) => ({ id, outletsJson, outlets: JSON.parse(outletsJson) as OutletCoverage[] }))
}

/**
 * Statement writing a development's outlet sections at `version`, rendered from `outletsJson`:
 * it changes nothing if the development's outlets changed since they were read (the write that
 * changed them wrote their sections too) or it is gone.
 */
export function writeSections(db: D1Database, id: string, outletsJson: string, version: number, sections: StoredSections | null): D1PreparedStatement {
  const row = sectionColumns(version, sections)
  const names = Object.keys(row)
  return db
    .prepare(`UPDATE developments SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ? AND outlets = ? AND sections_version < ?`)
    .bind(...names.map((n) => row[n]), id, outletsJson, version)
}
