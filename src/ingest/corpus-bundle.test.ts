import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const script = new URL('../../scripts/corpus-bundle.mjs', import.meta.url).href
const generated = fileURLToPath(new URL('../service/corpus.gen.ts', import.meta.url))
const corpus = fileURLToPath(new URL('../../corpus/', import.meta.url))

async function render(dir?: string): Promise<string> {
  const { renderCorpusModule } = (await import(/* @vite-ignore */ script)) as { renderCorpusModule: (dir?: string) => string }
  return renderCorpusModule(dir)
}
const hashOf = (module: string) => /CORPUS_HASH = "([0-9a-f]{64})"/.exec(module)?.[1]

describe('src/service/corpus.gen.ts', () => {
  it('is up to date with corpus/ (run `node scripts/corpus-bundle.mjs` after changing corpus/)', async () => {
    expect(readFileSync(generated, 'utf8') === (await render()), 'src/service/corpus.gen.ts is stale: run node scripts/corpus-bundle.mjs').toBe(true)
  })
})

describe('scripts/corpus-bundle.mjs on a copy of corpus/', () => {
  let dir: string
  const manifest = () => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, Record<string, unknown>>
  const writeManifest = (m: object) => writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2))
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'storyfold-corpus-'))
    cpSync(corpus, dir, { recursive: true })
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('renders the same bytes whatever order the manifest lists its entries and their fields in', async () => {
    const reversed = Object.fromEntries(
      Object.entries(manifest())
        .reverse()
        .map(([file, entry]) => [file, Object.fromEntries(Object.entries(entry).reverse())]),
    )
    writeManifest(reversed)
    expect(await render(dir)).toBe(readFileSync(generated, 'utf8'))
  })

  it('changes CORPUS_HASH when one byte of one text changes', async () => {
    const file = join(dir, Object.keys(manifest())[0]!)
    const before = hashOf(await render(dir))
    writeFileSync(file, readFileSync(file, 'utf8') + ' ')
    const after = hashOf(await render(dir))
    expect(before).toMatch(/^[0-9a-f]{64}$/)
    expect(after).toMatch(/^[0-9a-f]{64}$/)
    expect(after).not.toBe(before)
  })

  it('refuses a manifest that has no entry for a text file', async () => {
    const m = manifest()
    const [first] = Object.keys(m)
    delete m[first!]
    writeManifest(m)
    await expect(render(dir)).rejects.toThrow(`no entry for [${first}]`)
  })
})
