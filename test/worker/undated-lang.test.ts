/**
 * Issue 15, as a reader sees it: an undated feed item is placed when first seen, marked as
 * approximate in the API and the pages, and never tops the dated news it came with; an item's
 * language reaches the feeds (xml:lang, dc:language, JSON Feed `language`) and the pages
 * (`lang` and `dir`). Upstreams are the pool's fetchMock.
 */
import { SELF, env, fetchMock } from 'cloudflare:test'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { pollSourceNow } from '../../src/service/poll'
import { BASE, addSource, json } from './helpers'

const UP = 'https://upstream.example'

beforeAll(() => {
  fetchMock.activate()
  fetchMock.disableNetConnect()
})
afterEach(() => fetchMock.assertNoPendingInterceptors())

function rss(items: string, lang = 'en'): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Up</title><link>${UP}/</link><description>d</description><language>${lang}</language>${items}</channel></rss>`
}

interface Outlet {
  outlet: string
  published: string | null
  seen?: string
}
interface Dev {
  id: string
  title: string
  published: string
  publishedApproximate?: true
  lang?: string
  outlets: Outlet[]
}

async function developments(): Promise<Dev[]> {
  return (await json<{ developments: Dev[] }>(await SELF.fetch(`${BASE}/api/developments?since=2024-01-01`))).developments
}

describe('undated items', () => {
  it('are placed when first seen, never above the dated news they came with, and marked approximate', async () => {
    await SELF.fetch(`${BASE}/health`)
    const id = await addSource('Mixed', `${UP}/mixed`)
    fetchMock.get(UP).intercept({ path: '/mixed' }).reply(
      200,
      rss(`<item><title>Volcano erupts on remote Pacific island, villages evacuated</title><link>${UP}/volcano</link>
        <description>A volcano erupted on a remote Pacific island overnight, and authorities evacuated three villages as ash fell on the coast.</description></item>
        <item><title>Central bank raises interest rates by half a point</title><link>${UP}/rates</link><pubDate>Wed, 03 Apr 2024 10:00:00 GMT</pubDate>
        <description>The central bank raised its main interest rate by half a percentage point on Wednesday to fight inflation, its governor said.</description></item>
        <item><title>Marathon record broken in Berlin by Kenyan runner</title><link>${UP}/marathon</link><pubDate>Wed, 03 Apr 2024 08:00:00 GMT</pubDate>
        <description>A Kenyan runner broke the marathon world record in Berlin on Wednesday, finishing in under two hours and one minute.</description></item>`),
      { headers: { 'content-type': 'application/rss+xml' } },
    )
    // Polled long after: the undated item is first seen at the poll, hours after the dated news.
    const now = new Date('2024-04-03T18:00:00.000Z')
    const outcome = await pollSourceNow(env.DB, id, now)
    expect(outcome).toMatchObject({ status: 'ok', itemsNew: 3 })

    const devs = await developments()
    expect(devs.map((d) => d.title)).toEqual([
      'Central bank raises interest rates by half a point',
      'Volcano erupts on remote Pacific island, villages evacuated',
      'Marathon record broken in Berlin by Kenyan runner',
    ])
    const volcano = devs[1]!
    // Placed just below the newest dated item of the same fetch, not at the poll's time; marked approximate.
    expect(volcano.published).toBe('2024-04-03T09:59:59.999Z')
    expect(volcano.publishedApproximate).toBe(true)
    expect(volcano.outlets[0]).toMatchObject({ published: null, seen: '2024-04-03T09:59:59.999Z' })
    expect(devs[0]!.publishedApproximate).toBeUndefined()
    expect(devs[0]!.outlets[0]).not.toHaveProperty('seen')

    // The feeds order it the same way; the JSON Feed's outlets say it is undated.
    const feed = await json<{ items: { title: string; _storyfold: { outlets: Outlet[] } }[] }>(await SELF.fetch(`${BASE}/feed.json`))
    const titles = feed.items.map((i) => i.title)
    expect(titles.indexOf('Central bank raises interest rates by half a point')).toBeLessThan(titles.indexOf('Volcano erupts on remote Pacific island, villages evacuated'))
    expect(feed.items.find((i) => i.title.startsWith('Volcano'))?._storyfold.outlets[0]).toMatchObject({ published: null, seen: '2024-04-03T09:59:59.999Z' })

    // The pages say so in words: "undated, seen about …", and never "first reported".
    const page = await (await SELF.fetch(`${BASE}/developments/${volcano.id}`)).text()
    expect(page).toContain('First seen about')
    expect(page).toMatch(/undated, seen about <time datetime="2024-04-03T09:59:59.999Z">/)
    expect(page).not.toMatch(/First to report|Among the first|First reported/)
    const dated = await (await SELF.fetch(`${BASE}/developments/${devs[0]!.id}`)).text()
    expect(dated).toContain('First reported')
    expect(dated).not.toContain('undated')
  })
})

describe('the language of an item', () => {
  it('reaches the feeds and the pages: an Arabic item is lang="ar" dir="rtl", in a feed that stays English', async () => {
    await SELF.fetch(`${BASE}/health`)
    const id = await addSource('Arabic outlet', `${UP}/ar`)
    fetchMock.get(UP).intercept({ path: '/ar' }).reply(
      200,
      rss(
        `<item><title>زلزال بقوة 7.4 درجات يضرب شرق تايوان</title><link>${UP}/ar/quake</link><pubDate>Wed, 03 Apr 2024 02:30:00 GMT</pubDate>
        <description>ضرب زلزال بقوة 7.4 درجات على مقياس ريختر شرق تايوان صباح الأربعاء، وقالت السلطات إن تسعة أشخاص لقوا حتفهم.</description></item>`,
        'ar',
      ),
      { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
    )
    await pollSourceNow(env.DB, id, new Date('2024-04-03T06:00:00.000Z'))
    const [dev] = await developments()
    expect(dev?.lang).toBe('ar')

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })
    const atom = xml.parse(await (await SELF.fetch(`${BASE}/atom.xml`)).text()) as { feed: { '@xml:lang': string; entry: { '@xml:lang'?: string; title: { '#text': string } }[] | { '@xml:lang'?: string; title: { '#text': string } } } }
    expect(atom.feed['@xml:lang']).toBe('en')
    const entries = Array.isArray(atom.feed.entry) ? atom.feed.entry : [atom.feed.entry]
    const arEntry = entries.find((e) => e.title['#text'].includes('تايوان'))
    expect(arEntry?.['@xml:lang']).toBe('ar')
    // The English seed entries stay in the feed's language, with no attribute of their own.
    expect(entries.filter((e) => e !== arEntry).every((e) => e['@xml:lang'] === undefined)).toBe(true)

    const rssDoc = xml.parse(await (await SELF.fetch(`${BASE}/feed.xml`)).text()) as { rss: { channel: { language: string; item: { title: string; 'dc:language'?: string }[] } } }
    expect(rssDoc.rss.channel.language).toBe('en')
    expect(rssDoc.rss.channel.item.find((i) => i.title.includes('تايوان'))?.['dc:language']).toBe('ar')

    const jf = await json<{ language: string; items: { title: string; language?: string }[] }>(await SELF.fetch(`${BASE}/feed.json`))
    expect(jf.language).toBe('en')
    expect(jf.items.find((i) => i.title.includes('تايوان'))?.language).toBe('ar')
    expect(jf.items.filter((i) => !i.title.includes('تايوان')).every((i) => i.language === undefined)).toBe(true)

    const page = await (await SELF.fetch(`${BASE}/developments/${dev!.id}`)).text()
    expect(page).toMatch(/<html lang="en">/)
    expect(page).toMatch(/<article lang="ar" dir="rtl">/)
    const home = await (await SELF.fetch(`${BASE}/latest`)).text()
    expect(home).toMatch(/<li lang="ar" dir="rtl">\s*<h2>\s*<a href="[^"]+">زلزال/)
  })
})
