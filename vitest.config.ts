// Worker tests: run inside workerd (miniflare) against a real local D1, migrations applied first.
import path from 'node:path'
import { defineWorkersConfig, readD1Migrations } from '@cloudflare/vitest-pool-workers/config'

export default defineWorkersConfig(async () => {
  const migrations = await readD1Migrations(path.join(__dirname, 'migrations'))
  return {
    test: {
      include: ['test/worker/**/*.test.ts'],
      setupFiles: ['./test/worker/apply-migrations.ts'],
      poolOptions: {
        workers: {
          singleWorker: true,
          isolatedStorage: true,
          wrangler: { configPath: './wrangler.toml' },
          miniflare: {
            // Isolated storage resets D1 between tests in one isolate: read the version fresh every time.
            bindings: { TEST_MIGRATIONS: migrations, INGEST_TOKEN: 'test-token-0123456789', VERSION_CACHE_MS: '0' },
          },
        },
      },
    },
  }
})
