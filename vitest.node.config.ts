// Pure-core unit tests (ingest, cluster, feed) and tests that drive real clients
// (feedparser, newsboat, chromium) against a running dev server: plain Node.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/node/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
})
