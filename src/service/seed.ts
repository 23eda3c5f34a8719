/**
 * The embedded default: the articles in `corpus/` (bundled as src/corpus.gen.ts) are folded in
 * through the one pipeline the first time the service sees a database without them, and again
 * only when the corpus changes. A restart changes nothing: ingest is idempotent.
 */
import { CORPUS, CORPUS_HASH } from './corpus.gen'
import { parseCorpusText } from '../ingest/corpus'
import { ingest } from './pipeline'
import { getMeta, setMeta } from '../store/changes'

const KEY = 'corpus_hash'

export { CORPUS_HASH }

/**
 * Whether a request must first fold the corpus in, from the corpus hash the data version was
 * read with (`readVersion`): not when `SEED_CORPUS` is `off`, nor once this corpus is in.
 */
export function corpusMissing(seedCorpus: string | undefined, storedHash: string | null): boolean {
  return seedCorpus !== 'off' && storedHash !== CORPUS_HASH
}

/** Whether the bundled corpus still has to be ingested into this database. */
export async function corpusPending(db: D1Database): Promise<boolean> {
  return (await getMeta(db, KEY)) !== CORPUS_HASH
}

/**
 * Ingests the bundled corpus if this database has not seen this version of it.
 *
 * @example
 * await ensureCorpus(env.DB, new Date())
 */
export async function ensureCorpus(db: D1Database, now: Date): Promise<void> {
  if (!(await corpusPending(db))) return
  const articles = CORPUS.map((entry) => parseCorpusText(entry.raw, entry.meta, { now }))
  await ingest(db, articles, now)
  await setMeta(db, KEY, CORPUS_HASH).run()
}
