import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = new URL('../../scripts/corpus-bundle.mjs', import.meta.url).href
const generated = fileURLToPath(new URL('../corpus.gen.ts', import.meta.url))

describe('src/corpus.gen.ts', () => {
  it('is up to date with corpus/ (run `node scripts/corpus-bundle.mjs` after changing corpus/)', async () => {
    const { renderCorpusModule } = (await import(/* @vite-ignore */ script)) as { renderCorpusModule: () => string }
    expect(readFileSync(generated, 'utf8') === renderCorpusModule(), 'src/corpus.gen.ts is stale: run node scripts/corpus-bundle.mjs').toBe(true)
  })
  it('renders the same bytes every time', async () => {
    const { renderCorpusModule } = (await import(/* @vite-ignore */ script)) as { renderCorpusModule: () => string }
    expect(renderCorpusModule()).toBe(renderCorpusModule())
  })
})
