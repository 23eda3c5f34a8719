import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFeed } from './feed-items'
import { itemTimes, twelveHourClock, undatedPlace } from './item-times'

const FEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'realstream', 'may-2020', 'feeds')
const feed = (name: string) => parseFeed(readFileSync(join(FEEDS, name), 'utf8'), { url: `https://example.org/${name}`, outlet: name })

function rss(dates: string[]): string {
  const items = dates.map((d, i) => `<item><title>Item ${i}</title><link>https://example.org/${i}</link><pubDate>${d}</pubDate><description>x</description></item>`)
  return `<rss version="2.0"><channel><title>t</title><link>https://example.org/</link>${items.join('')}</channel></rss>`
}

describe('twelveHourClock', () => {
  it('tells the real feed that writes a 12-hour clock (nzherald) from those that do not', () => {
    expect(twelveHourClock(feed('nzherald.xml'))).toBe(true)
    const others = readdirSync(FEEDS).filter((f) => f.endsWith('.xml') && f !== 'nzherald.xml')
    expect(others.length, `missing May 2020 feeds in ${FEEDS}`).toBe(15)
    for (const name of others) expect(twelveHourClock(feed(name)), name).toBe(false)
  })
  it('needs enough items over more than a day: one morning of news is not a 12-hour clock', () => {
    const morning = Array.from({ length: 30 }, (_, i) => `Sat, 02 May 2020 0${1 + (i % 9)}:${String(i).padStart(2, '0')}:00 +1200`)
    expect(twelveHourClock(parseFeed(rss(morning), { url: 'https://example.org/', outlet: null }))).toBe(false)
    const days = Array.from({ length: 30 }, (_, i) => `${String(1 + (i % 5)).padStart(2, '0')} May 2020 ${String(1 + (i % 12)).padStart(2, '0')}:00:00 +1200`)
    expect(twelveHourClock(parseFeed(rss(days), { url: 'https://example.org/', outlet: null }))).toBe(true)
    // One afternoon hour is proof of a 24-hour clock.
    expect(twelveHourClock(parseFeed(rss([...days, '05 May 2020 13:00:00 +1200']), { url: 'https://example.org/', outlet: null }))).toBe(false)
  })
})

describe('undatedPlace', () => {
  it('places undated items when first seen, but never above the newest dated item of the same fetch', () => {
    const now = new Date('2024-04-03T18:00:00.000Z')
    const items = parseFeed(rss(['Wed, 03 Apr 2024 10:00:00 GMT', 'Wed, 03 Apr 2024 08:00:00 GMT']), { url: 'https://example.org/', outlet: null })
    expect(undatedPlace(items, now)).toBe('2024-04-03T09:59:59.999Z')
    expect(undatedPlace([], now)).toBe(now.toISOString())
    // A date hours ahead is not trusted, so it does not pull the place up either.
    const ahead = parseFeed(rss(['Wed, 03 Apr 2024 23:00:00 GMT']), { url: 'https://example.org/', outlet: null })
    expect(undatedPlace(ahead, now)).toBe(now.toISOString())
  })
})

describe('itemTimes', () => {
  it('drops a date hours ahead (placed like an undated item), and keeps a 12-hour clock\'s times only as when the item was seen', () => {
    const now = new Date('2024-04-03T18:00:00.000Z')
    const items = parseFeed(rss(['Wed, 03 Apr 2024 10:00:00 GMT', 'Wed, 03 Apr 2024 23:00:00 GMT']), { url: 'https://example.org/', outlet: null })
    const place = itemTimes(items, now)
    expect(place(items[0]!).item.published).toBe(items[0]!.published) // trusted as it is
    const ahead = place(items[1]!)
    expect(ahead.item.published).toBeUndefined()
    expect(ahead.seenAt).toBe('2024-04-03T09:59:59.999Z')

    const days = Array.from({ length: 30 }, (_, i) => `${String(1 + (i % 5)).padStart(2, '0')} May 2020 ${String(1 + (i % 12)).padStart(2, '0')}:00:00 +1200`)
    const clock = parseFeed(rss(days), { url: 'https://example.org/', outlet: null })
    const first = itemTimes(clock, new Date('2020-05-06T00:00:00Z'))(clock[0]!)
    expect(first.item.published).toBeUndefined()
    expect(first.seenAt).toBe('2020-04-30T13:00:00.000Z') // 01 May 01:00 +1200, kept as approximate
  })
})
