/**
 * When a polled feed's items happened, as far as the feed can be trusted: a date too far ahead
 * is dropped, a feed on a 12-hour clock without am/pm keeps its times only as approximate ones,
 * and an undated item is placed when first seen but never above the dated news it came with
 * (issue 15). Pure: the poll (src/service/poll.ts) applies it to each fetch.
 */
import { parseDate } from './dates'
import type { FeedItemInput } from './feed-items'

/** An item dated later than this past the poll is not trusted to top the feed: it counts as undated (first seen now). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000

/** A date more than FUTURE_SLACK_MS after `now` is dropped: the item is then dated when first seen. */
function distrustFuture(item: FeedItemInput, now: Date): FeedItemInput {
  const iso = item.published ? parseDate(item.published) : null
  if (iso === null || Date.parse(iso) <= now.getTime() + FUTURE_SLACK_MS) return item
  return withoutDate(item)
}

function withoutDate(item: FeedItemInput): FeedItemInput {
  const { published: _published, ...rest } = item
  return rest as FeedItemInput
}

/** Fewest dated items, spread over more than a day, before a feed's clock is judged: one morning's items all fall before noon. */
export const CLOCK_SAMPLE = 20

/**
 * True when a feed writes its times on a 12-hour clock without am/pm (issue 15: nzherald.co.nz's
 * 277 items all say 01–12 o'clock): at least CLOCK_SAMPLE dated items over more than a day, and
 * every one written at an hour from 1 to 12, which a 24-hour clock does by chance about once in
 * 2^CLOCK_SAMPLE. Such times are half a day off for half the items: not trusted to say who was
 * first or what copied whom. Takes the feed's items (`clockHour` as written, `published` ISO).
 */
export function twelveHourClock(items: readonly FeedItemInput[]): boolean {
  let n = 0
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const item of items) {
    if (item.clockHour === undefined || !item.published) continue
    if (item.clockHour < 1 || item.clockHour > 12) return false
    const ms = Date.parse(item.published)
    if (Number.isNaN(ms)) continue
    n += 1
    first = Math.min(first, ms)
    last = Math.max(last, ms)
  }
  return n >= CLOCK_SAMPLE && last - first > 24 * 60 * 60 * 1000
}

/**
 * Where a poll places its undated items (issue 15): when first seen (`now`), but never later than
 * the newest dated item of the same fetch of the same feed, less a millisecond, so a feed's undated
 * items never top the dated news they came with (a source's first poll used to fill the top of
 * the feed with them). Takes the feed's items (dates as the feed gave them) and the poll's time;
 * returns an ISO instant. A date past FUTURE_SLACK_MS ahead is not trusted and does not count.
 */
export function undatedPlace(items: readonly FeedItemInput[], now: Date): string {
  let newest = Number.NEGATIVE_INFINITY
  for (const item of items) {
    const iso = item.published ? parseDate(item.published) : null
    const ms = iso === null ? Number.NaN : Date.parse(iso)
    if (ms <= now.getTime() + FUTURE_SLACK_MS && ms > newest) newest = ms
  }
  return new Date(newest === Number.NEGATIVE_INFINITY ? now.getTime() : Math.min(now.getTime(), newest - 1)).toISOString()
}

/**
 * How a poll at `now` dates the items of one fetch (`all`, as the feed gave them): for each item,
 * the item to read (its date dropped when it is more than FUTURE_SLACK_MS ahead, or written on a
 * twelveHourClock) and `seenAt`, the ISO instant it counts from if it ends up undated (its
 * stated time on a 12-hour clock, else undatedPlace).
 */
export function itemTimes(all: readonly FeedItemInput[], now: Date): (item: FeedItemInput) => { item: FeedItemInput; seenAt: string } {
  const undatedAt = undatedPlace(all, now)
  const clock12 = twelveHourClock(all)
  return (item) => {
    const trusted = distrustFuture(item, now)
    const stated = clock12 && trusted.published ? parseDate(trusted.published) : null
    return { item: stated ? withoutDate(trusted) : trusted, seenAt: stated ?? undatedAt }
  }
}
