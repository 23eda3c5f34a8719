import { describe, expect, it } from 'vitest'
import { idf, RARE_IDF } from './background'
import { cleanBody, stem, tokenize } from './text'

describe('text', () => {
  it('stems plurals, -ed and -ing to one key', () => {
    expect(stem('files')).toBe(stem('filed'))
    expect(stem('drones')).toBe(stem('drone'))
    expect(stem('running')).toBe('run')
    expect(stem('bus')).toBe('bus')
    expect(stem('countries')).toBe('country')
  })

  it('notes capitals and sentence starts', () => {
    const t = tokenize('The quake hit Qeshm. Rescuers reached 5.9 villages')
    expect(t.map((x) => x.lower)).toEqual(['the', 'quake', 'hit', 'qeshm', 'rescuers', 'reached', '5.9', 'villages'])
    expect(t[3]).toMatchObject({ cap: true, initial: false })
    expect(t[4]).toMatchObject({ cap: true, initial: true })
    expect(t[6]).toMatchObject({ numeric: true })
  })

  it('marks numbers written after a currency sign', () => {
    const t = tokenize('AMD pays $ 334 million, not 334 jobs or €5.4 billion')
    expect(t.filter((x) => x.money).map((x) => x.lower)).toEqual(['334', '5.4'])
  })

  it('drops navigation fragments and repeated captions', () => {
    const body = 'Home News World Sport\nA fire destroyed the Waitrose store in Banstead on Friday night.\nA fire destroyed the Waitrose store in Banstead on Friday night.\nShare'
    expect(cleanBody(body)).toBe('A fire destroyed the Waitrose store in Banstead on Friday night.')
  })

  it('weights general vocabulary below rare words, from a frozen table', () => {
    expect(idf('peopl')).toBeLessThan(2)
    expect(idf('qeshm')).toBe(RARE_IDF)
  })
})
