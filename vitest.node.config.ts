// Pure-core unit tests (ingest, cluster, feed) and tests that drive real clients
// (feedparser, newsboat, chromium) against a running dev server: plain Node.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/node/**/*.test.ts'],
    // Room for a busy 2-core machine: beside another `npm test`, the dev-server restart test took 18 s.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
