/**
 * Reads sent together: production D1 sits a network hop away from the Worker, so every
 * `first()`/`all()` is a round trip the request waits for. A `Read` is one statement and how to
 * turn its rows into what the caller wants; `readTogether` sends several in one `db.batch`: one
 * round trip, and one consistent snapshot (D1 runs a batch as one transaction).
 */

/** One read statement and how its rows (objects, one per row) become a `T`. */
export interface Read<T> {
  statement: D1PreparedStatement
  read: (rows: Record<string, unknown>[]) => T
}

/**
 * Sends `reads` in one D1 request and returns what each read, in order. Throws what D1 throws.
 *
 * @example
 * const [version, seq] = await readTogether(db, [versionRead(db), maxSeqRead(db)])
 */
export async function readTogether<const R extends readonly Read<unknown>[]>(
  db: D1Database,
  reads: R,
): Promise<{ -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never }> {
  const results = reads.length === 1 ? [await (reads[0] as Read<unknown>).statement.all<Record<string, unknown>>()] : await db.batch<Record<string, unknown>>(reads.map((r) => r.statement))
  return reads.map((r, i) => r.read(results[i]?.results ?? [])) as { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never }
}

/** Runs one read on its own. */
export async function readOne<T>(db: D1Database, r: Read<T>): Promise<T> {
  const [out] = await readTogether(db, [r] as const)
  return out as T
}
