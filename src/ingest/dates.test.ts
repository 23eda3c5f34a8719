import { describe, expect, it } from 'vitest'
import { parseDate } from './dates'

describe('parseDate', () => {
  it('reads RFC 2822 dates from RSS with numeric and named zones', () => {
    expect(parseDate('Wed, 16 Aug 2023 07:20:00 +0300')).toBe('2023-08-16T04:20:00.000Z')
    expect(parseDate('Wed, 16 Aug 2023 07:20:00 GMT')).toBe('2023-08-16T07:20:00.000Z')
    expect(parseDate('16 Aug 23 07:20 EDT')).toBe('2023-08-16T11:20:00.000Z')
  })
  it('reads ISO 8601 with offsets, and zone-less times as UTC whatever the machine zone', () => {
    expect(parseDate('2023-08-16T10:20:00+03:00')).toBe('2023-08-16T07:20:00.000Z')
    expect(parseDate('2023-08-16T07:20:00')).toBe('2023-08-16T07:20:00.000Z')
    expect(parseDate('2023-08-16')).toBe('2023-08-16T00:00:00.000Z')
  })
  it('reads the prose dates news pages print, upper case included', () => {
    expect(parseDate('AUGUST 16, 2023 07:20')).toBe('2023-08-16T07:20:00.000Z')
    expect(parseDate('Aug. 26, 2023 4:26 pm')).toBe('2023-08-26T16:26:00.000Z')
    expect(parseDate('AUGUST 16, 2023 07:20', '+03:00')).toBe('2023-08-16T04:20:00.000Z')
  })
  it('refuses what is not a date rather than guessing', () => {
    expect(parseDate('reported on Wednesday')).toBeNull()
    expect(parseDate('2023-02-31')).toBeNull()
    expect(parseDate('Smarch 3, 2023')).toBeNull()
  })
  it('keeps years 0000–0099 as written, never as 1900–1999 (issue #19)', () => {
    expect(parseDate('0023-08-16')).toBe('0023-08-16T00:00:00.000Z')
    expect(parseDate('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z')
    expect(parseDate('Wed, 16 Aug 0099 07:20:00 GMT')).toBe('0099-08-16T07:20:00.000Z')
    expect(parseDate('0023-02-29')).toBeNull()
  })
})
