/**
 * A fresh database for tests that run without isolated storage (the `worker-shared-db` project
 * in vitest.config.ts): every table, index and view the migrations made is dropped, and the
 * migrations are applied again, so each test starts from exactly what a new database holds
 * (including rows the migrations insert), whatever the previous test left behind.
 */
import { applyD1Migrations, env } from 'cloudflare:test'

/** Objects D1 and SQLite own: never dropped. */
const INTERNAL = /^(sqlite_|_cf_)/

export async function freshDatabase(db: D1Database = env.DB): Promise<void> {
  const { results } = await db
    .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all<{ type: 'table' | 'view'; name: string }>()
  const drops = results
    .filter((o) => !INTERNAL.test(o.name))
    // Views first: a view over a dropped table would be left dangling.
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'view' ? -1 : 1))
    .map((o) => db.prepare(`DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${o.name.replaceAll('"', '""')}"`))
  // One batch is one transaction; deferred foreign keys let tables go in any order.
  if (drops.length) await db.batch([db.prepare('PRAGMA defer_foreign_keys = ON'), ...drops])
  await applyD1Migrations(db, env.TEST_MIGRATIONS)
}
