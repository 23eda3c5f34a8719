/**
 * Test helper: the five seed articles of corpus-seeds as ClusterArticles (title = first
 * non-empty line after the corpus header line, dates from the brief). Node-only, tests only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ClusterArticle } from './features'

const DIR = '/work/shared/corpus-seeds'
const DATES: Record<string, string> = { '000': '2023-08-16', '001': '2023-08-16', '002': '2023-08-16', '003': '2023-08-16', '004': '2023-08-26' }

/** The seed articles, or [] when the shared folder is absent. */
export function loadSeeds(dir = DIR): ClusterArticle[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
  } catch {
    return []
  }
  return files.map((f) => {
    const raw = readFileSync(join(dir, f), 'utf8')
    const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean)
    const header = /^date \d{4}-\d{2}-\d{2}/.test(lines[0] ?? '')
    const body = header ? lines.slice(1) : lines
    const title = body[0] ?? ''
    const day = DATES[f.slice(0, 3)]
    return { id: f.replace(/\.txt$/, ''), title, text: body.slice(1).join('\n'), published: day ? Date.parse(day + 'T12:00:00Z') : null, outlet: null }
  })
}
