import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8 } from './utf8'

const whole = (parts: string[]) => new TextEncoder().encode(parts.join(''))

describe('utf8', () => {
  it('gives the bytes of the joined document, whatever the pieces hold (property)', () => {
    // Whole code points per piece (the renderers cut between entries): ASCII, Latin-1, dashes and quotes, CJK, emoji.
    const piece = fc.string({ unit: fc.constantFrom('a', '<', '&', 'é', '—', '’', '中', '🚀', '\n'), maxLength: 400 })
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        expect(utf8(parts)).toEqual(whole(parts))
      }),
      { seed: 11, numRuns: 500 },
    )
  })

  it('grows its buffer when the text is not mostly ASCII, even in the middle of a piece', () => {
    const parts = ['<feed>', '—'.repeat(5000), '🚀'.repeat(3000), 'x', '中'.repeat(20_000), '</feed>']
    const bytes = utf8(parts)
    expect(bytes.length).toBe(5000 * 3 + 3000 * 4 + 20_000 * 3 + 14)
    expect(bytes).toEqual(whole(parts))
    expect(new TextDecoder().decode(bytes)).toBe(parts.join(''))
  })

  it('gives nothing for no pieces or empty ones', () => {
    expect(utf8([])).toEqual(new Uint8Array())
    expect(utf8(['', ''])).toEqual(new Uint8Array())
  })
})
