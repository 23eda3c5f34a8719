// The command line: line parsing, and a run over a small stream end to end.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../scripts/cluster'

describe('scripts/cluster.ts', () => {
  it('parses a line, nulls allowed, ISO dates to epoch ms', () => {
    const a = parseArticle('{"id":"x","title":null,"text":"t","published":"2023-08-16T00:00:00Z","outlet":null,"url":null,"lang":"en"}')
    expect(a).toEqual({ id: 'x', title: '', text: 't', published: Date.parse('2023-08-16T00:00:00Z'), outlet: null })
    expect(() => parseArticle('[1]')).toThrow()
    expect(() => parseArticle('{"title":"no id"}')).toThrow(/id/)
    expect(() => parseArticle('{"id":"x","published":"not a date"}')).toThrow(/published/)
  })

  it('writes one {id, cluster, story} line per article and names a bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cluster-cli-'))
    const good = join(dir, 'in.jsonl')
    const rows = [
      { id: 'a', title: 'Sbarro files for second bankruptcy as mall traffic dwindles', text: null, published: null },
      { id: 'b', title: 'Sbarro pizza chain files second bankruptcy in three years', text: null, published: null },
      { id: 'c', title: 'Apple releases iOS 7.1 with CarPlay', text: null, published: null },
    ]
    writeFileSync(good, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const out = execFileSync('npx', ['tsx', 'scripts/cluster.ts', '--explain', good], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; cluster: string; story: string; explain: object })
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c'])
    expect(lines[0]!.cluster).toBe(lines[1]!.cluster)
    expect(lines[2]!.cluster).not.toBe(lines[0]!.cluster)
    expect(lines[0]!.explain).toHaveProperty('reason')
    // `-` reads standard input: the same lines, in input order
    const piped = execFileSync('npx', ['tsx', 'scripts/cluster.ts', '-'], { encoding: 'utf8', input: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', stdio: ['pipe', 'pipe', 'ignore'] })
    expect(piped.trim().split('\n').map((l) => (JSON.parse(l) as { id: string; cluster: string }).cluster)).toEqual(lines.map((l) => l.cluster))
    const bad = join(dir, 'bad.jsonl')
    writeFileSync(bad, '{"id":"a","title":"x"}\nnot json\n')
    let stderr = ''
    try {
      execFileSync('npx', ['tsx', 'scripts/cluster.ts', bad], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr)
    }
    expect(stderr).toMatch(/line 2/)
  })
})
