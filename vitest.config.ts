// Worker tests: run inside workerd (miniflare) against a real local D1, migrations applied first.
//
// Two projects, one `vitest run`:
// - `worker`: every test gets a clean database from the pool's isolated storage (a copy of the
//   D1 files pushed before each test and restored after it).
// - `worker-shared-db`: tests whose write set is too large for that copy-and-restore to survive
//   (it loses its connection to workerd after a few thousand rows on a busy machine). Isolated
//   storage is off there, so each such test must start from `freshDatabase()`
//   (test/worker/fresh-database.ts): every table dropped and the migrations applied again.
import path from 'node:path'
import { defineWorkersProject, readD1Migrations } from '@cloudflare/vitest-pool-workers/config'
import { defineConfig } from 'vitest/config'

/** The files of the `worker-shared-db` project; keep this list short. */
const SHARED_DB = ['test/worker/fold-equivalence.test.ts', 'test/worker/large-development.test.ts', 'test/worker/ingest-trips.test.ts']

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(__dirname, 'migrations'))
  const project = (name: string, include: string[], exclude: string[], isolatedStorage: boolean) =>
    defineWorkersProject({
      test: {
        name,
        include,
        exclude,
        setupFiles: ['./test/worker/apply-migrations.ts'],
        // vitest's 5 s default is too short on a busy 2-core machine (a 190 KB article took 4.9 s
        // beside two busy loops). A test that times out leaves its D1 writes running, and isolated
        // storage then cannot restore the database ("Expected .sqlite, got ….sqlite-shm"), which
        // fails the whole file: give every Worker test room, as the Node tests have.
        testTimeout: 60_000,
        hookTimeout: 60_000,
        poolOptions: {
          workers: {
            singleWorker: true,
            isolatedStorage,
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { TEST_MIGRATIONS: migrations, INGEST_TOKEN: 'test-token-0123456789' },
            },
          },
        },
      },
    })
  return {
    test: {
      projects: [
        project('worker', ['test/worker/**/*.test.ts'], SHARED_DB, true),
        project('worker-shared-db', SHARED_DB, [], false),
      ],
    },
  }
})
