/**
 * The real clients the tests use as judges (Debian's python3-feedparser and newsboat), found
 * once: a missing one fails the test file, saying what is missing and how to install it. No test
 * skips itself.
 */
import { spawnSync } from 'node:child_process'

/** Debian's python (pyenv's python3 on PATH has no feedparser); the variable points elsewhere. */
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
 * Throws, naming every missing client and how to install it, unless all of `tools` are present.
 *
 * @example
 * requireClients('readers', ['feedparser', 'newsboat'])
 */
export function requireClients(suite: string, tools: ('feedparser' | 'newsboat')[]): void {
  const missing = {
    feedparser: tools.includes('feedparser') ? probe(PYTHON, ['-c', 'import feedparser, sqlite3'], 'python3-feedparser') : null,
    newsboat: tools.includes('newsboat') ? probe(NEWSBOAT, ['--version'], 'newsboat') : null,
  }
  const why = tools.filter((t) => missing[t] !== null).map((t) => `missing ${t}: ${missing[t]}. Install it with: ${HINT[t]}`)
  if (why.length) throw new Error(`${suite}: ${why.join('; ')}`)
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
