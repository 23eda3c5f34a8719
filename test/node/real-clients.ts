/**
 * The real clients the tests use as judges (Debian's python3-feedparser and newsboat), found
 * once: with CI set a missing one fails the run with an install hint; otherwise its tests skip
 * with the reason logged.
 */
import { spawnSync } from 'node:child_process'

/** Debian's python (pyenv's python3 on PATH has no feedparser); override only to test the skip path. */
export const PYTHON = process.env.STORYFOLD_FEEDPARSER_PYTHON ?? '/usr/bin/python3'
export const NEWSBOAT = process.env.STORYFOLD_NEWSBOAT ?? 'newsboat'

function probe(cmd: string, args: string[], what: string): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.error) return `${cmd} not runnable: ${r.error.message}`
  if (r.status !== 0) return `${what} is not available (${r.stderr.trim().split('\n').pop()})`
  return null
}

const HINT = { feedparser: 'apt-get install python3-feedparser', newsboat: 'apt-get install newsboat' }

/**
 * Why each client is missing (null when present). Throws under CI when one the caller needs is
 * missing; logs the skip otherwise.
 *
 * @example
 * const missing = requireClients('readers', ['feedparser', 'newsboat'])
 * it.skipIf(missing.feedparser !== null)('…', …)
 */
export function requireClients(
  suite: string,
  tools: ('feedparser' | 'newsboat')[],
): Record<'feedparser' | 'newsboat', string | null> {
  const missing = {
    feedparser: tools.includes('feedparser') ? probe(PYTHON, ['-c', 'import feedparser, sqlite3'], 'python3-feedparser') : null,
    newsboat: tools.includes('newsboat') ? probe(NEWSBOAT, ['--version'], 'newsboat') : null,
  }
  for (const tool of tools) {
    const why = missing[tool]
    if (why && process.env.CI) throw new Error(`${suite}: ${why}. Install it with: ${HINT[tool]}`)
    if (why) console.warn(`${suite}: ${tool} checks skipped: ${why} (install with: ${HINT[tool]})`)
  }
  return missing
}

/** One entry as the Python reader scripts print it: times as epoch seconds. */
export interface ReaderEntry {
  id: string
  title: string
  link: string
  published: number | null
  updated: number | null
  content?: string
}
