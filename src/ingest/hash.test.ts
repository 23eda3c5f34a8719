import { describe, expect, it } from 'vitest'
import { fnv1a64 } from './hash'

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors, so ids agree with any other implementation', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64('foobar')).toBe('85944171f73967e8')
  })
  it('hashes UTF-8 bytes, so non-ASCII headlines hash the same in every runtime', () => {
    expect(fnv1a64('é漢😀')).toBe('03250004b00d5962')
    expect(fnv1a64('x'.repeat(200_000))).toMatch(/^[0-9a-f]{16}$/)
  })
})
