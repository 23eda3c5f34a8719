/**
 * Test helper: the five seed articles in the repository's corpus/ as ClusterArticles (title =
 * first non-empty line after the corpus header line, dates from the brief). Node-only, tests only.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ClusterArticle } from './features'

/** corpus/ at the project root (this file is src/cluster/seeds.fixture.ts). */
const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url))
/** The seed articles by file name, with their dates: one story, two developments. */
const SEEDS: Record<string, string> = {
  '000_62e8e2782b0095a3.txt': '2023-08-16',
  '001_49e3d8a46dc02809.txt': '2023-08-16',
  '002_7dead6919531b7a6.txt': '2023-08-16',
  '003_1044a85edfd57a08.txt': '2023-08-16',
  '004_b86c6ebd38d3d018.txt': '2023-08-26',
}

/** The five seed articles, in file-name order. Throws, naming the file, when one is missing. */
export function loadSeeds(dir = CORPUS): ClusterArticle[] {
  return Object.entries(SEEDS).map(([f, day]) => {
    let raw: string
    try {
      raw = readFileSync(dir + f, 'utf8')
    } catch (err) {
      throw new Error(`missing corpus/${f}: the seed articles must be in ${dir} (${(err as Error).message})`)
    }
    const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean)
    const header = /^date \d{4}-\d{2}-\d{2}/.test(lines[0] ?? '')
    const body = header ? lines.slice(1) : lines
    const title = body[0] ?? ''
    return { id: f.replace(/\.txt$/, ''), title, text: body.slice(1).join('\n'), published: Date.parse(day + 'T12:00:00Z'), outlet: null }
  })
}
