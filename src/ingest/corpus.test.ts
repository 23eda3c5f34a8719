import { describe, expect, it } from 'vitest'
import { CORPUS } from '../service/corpus.gen'
import { Article } from '../schema'
import { findDateline, parseCorpusText, readCorpusText } from './corpus'

const entry = (prefix: string) => {
  const e = CORPUS.find((c) => c.file.startsWith(prefix))
  if (!e) throw new Error(`no corpus file ${prefix}`)
  return { ...e, article: parseCorpusText(e.raw, e.meta) }
}

describe('every corpus file', () => {
  it.each(CORPUS.map((c) => [c.file, c] as const))('%s parses to a valid article with a headline and a body', (_, c) => {
    const a = parseCorpusText(c.raw, c.meta)
    expect(Article.safeParse(a).success).toBe(true)
    expect(a.title.length).toBeGreaterThan(10)
    expect(a.text.split('\n\n').length).toBeGreaterThan(3)
    expect(a.text).not.toMatch(/\n\n\n|^\s|\s$/)
  })
  it.each(CORPUS.map((c) => [c.file, c] as const))('%s: the manifest gives outlet and date only where the text is silent', (_, c) => {
    const t = readCorpusText(c.raw, c.meta.utcOffset)
    expect('outlet' in c.meta, 'outlet: omit it when the text names the outlet, give it (or null) otherwise').toBe(t.outlet === null)
    expect('published' in c.meta, 'published: omit it when the text has a date, give it (or null) otherwise').toBe(t.published === null)
    expect(c.meta.note.length).toBeGreaterThan(20)
  })
})

describe('000 The Jerusalem Post (Reuters copy)', () => {
  const { article: a } = entry('000_')
  it('finds outlet, headline, times and byline in the text', () => {
    expect(a).toMatchObject({
      outlet: 'The Jerusalem Post',
      title: 'US tells Iran: Stop selling kamikaze drones to Russia',
      published: '2023-08-16T07:20:00.000Z',
      updated: '2023-08-16T08:27:00.000Z',
      byline: 'Reuters',
      url: 'https://www.jpost.com/middle-east/article-755206',
    })
  })
  it('keeps the report and its crosshead', () => {
    expect(a.text.startsWith('The US is pushing Iran to stop selling armed drones to Russia')).toBe(true)
    expect(a.text).toContain('The White House and Iran\'s foreign ministry did not immediately respond to a Reuters request for comment.')
    expect(a.text).toContain('\n\nUS-Iran negotiations\n\n')
    expect(a.text.endsWith('unfreeze $6 billion in Iranian funds in South Korea.')).toBe(true)
  })
  it('drops navigation, the standfirst repeated in the body, the byline and date lines, and photo captions', () => {
    expect(a.text).not.toContain('Health & Wellness')
    expect(a.text).not.toMatch(/By REUTERS|Published:|Updated:/)
    expect(a.text).not.toMatch(/credit/i)
    expect(a.text).not.toContain('A drone is launched during a military exercise')
    expect(a.text).not.toContain('A UKRAINIAN police officer')
    expect(a.text.match(/The news comes as Washington and Iran/g)).toHaveLength(1)
  })
})

describe('001 Rudaw', () => {
  const { article: a, raw } = entry('001_')
  it('takes outlet, url and date from the manifest, and finds the dateline in the text', () => {
    expect(a).toMatchObject({ outlet: 'Rudaw', published: '2023-08-16T00:00:00.000Z', updated: null, byline: null })
    expect(a.title).toBe('US pushing Iran to stop selling drones to Russia: Reports')
    expect(findDateline(a.text)).toBe('ERBIL, Kurdistan Region')
  })
  it('keeps every paragraph (no blank lines in the source: one line, one paragraph), dateline included', () => {
    expect(a.text.split('\n\n')).toHaveLength(raw.trim().split('\n').length - 1)
    expect(a.text.startsWith('ERBIL, Kurdistan Region - The US is pushing Iran')).toBe(true)
    expect(a.text).toContain('“Moving our people to house arrest is a positive step, but they are not yet home,” Blinken said.')
  })
})

describe('002 The New Voice of Ukraine (reposted)', () => {
  const { article: a } = entry('002_')
  it('takes the outlet from "Read the original article on", and skips the breadcrumb to find the headline', () => {
    expect(a).toMatchObject({ outlet: 'The New Voice of Ukraine', url: null, published: '2023-08-16T00:00:00.000Z', byline: null })
    expect(a.title).toBe('US urges Iran to stop selling drones to Russia – FT')
  })
  it('keeps the report, its crosshead and its last paragraph', () => {
    expect(a.text.startsWith('The United States urges Iran to stop selling strike drones to Russia')).toBe(true)
    expect(a.text).toContain('Iran’s aid to Russia in the war against Ukraine: what is known')
    expect(a.text.endsWith('not to supply Russia with weapons for its war against Ukraine.')).toBe(true)
  })
  it('drops teasers, the donation appeal, the source line, adverts, the comment form and widgets', () => {
    for (const dropped of ['HomeTop Stories', 'Beyonce', 'YNG Cheese', 'South Korean Yoon', 'Read also', 'Support us', 'Read the original article', 'Advertisement', 'Please enter', 'Most Popular', 'Recent Comments']) {
      expect(a.text, dropped).not.toContain(dropped)
    }
  })
})

describe('003 Army Technology', () => {
  const { article: a } = entry('003_')
  it('takes outlet and date from the manifest; the headline loses its trailing no-break space', () => {
    expect(a).toMatchObject({ outlet: 'Army Technology', url: null, published: '2023-08-16T00:00:00.000Z', byline: null })
    expect(a.title).toBe('US urges Iran to stop drone sales as Russia begins in-house production')
  })
  it('keeps the report and drops the photo caption and the theme footer', () => {
    expect(a.text.startsWith('The United States is urging Iran to stop selling armed drones')).toBe(true)
    expect(a.text).toContain('US Secretary of State Antony Blinken said in a press briefing on August 15, 2023.')
    expect(a.text).not.toContain('Shutterstock')
    expect(a.text).not.toContain('Exit mobile version')
    expect(a.text).not.toContain('\u00a0')
  })
})

describe('004 The Jerusalem Post (ten days later)', () => {
  const { article: a } = entry('004_')
  it('finds outlet, headline, time and byline; says nothing of an update it does not report', () => {
    expect(a).toMatchObject({
      outlet: 'The Jerusalem Post',
      title: 'Russia: Drone axis with Iran will withstand pressure from US',
      published: '2023-08-26T16:26:00.000Z',
      updated: null,
      byline: 'Reuters',
    })
  })
  it('keeps quotes and the crosshead, drops both captions', () => {
    expect(a.text).toContain('"There are no changes, and cooperation with Iran will continue," Ryabkov said')
    expect(a.text).toContain("Iran reassures Russia that 'no military transaction' is canceled")
    expect(a.text).not.toContain('Mohajer 10')
    expect(a.text).not.toContain('Iranians who live in Ukraine, attend a protest')
  })
})

describe('parseCorpusText', () => {
  it('gives the same ids for the same file every time, and different ids to different articles', () => {
    const ids = CORPUS.map((c) => parseCorpusText(c.raw, c.meta).id)
    expect(new Set(ids).size).toBe(CORPUS.length)
    expect(CORPUS.map((c) => parseCorpusText(c.raw, c.meta).id)).toEqual(ids)
    for (const id of ids) expect(id).toMatch(/^a_[0-9a-f]{16}$/)
  })
  it('rejects a manifest entry without a note or with a made-up field', () => {
    expect(() => parseCorpusText('Headline\n\nBody text.', { url: null } as never)).toThrow(/note/)
    expect(() => parseCorpusText('Headline\n\nBody text.', { url: null, note: 'x', author: 'y' } as never)).toThrow()
  })
  it('reads zone-less times at the offset the manifest gives', () => {
    const a = parseCorpusText('Headline here\nPublished: AUGUST 16, 2023 07:20\n\nBody text.', { url: null, outlet: null, utcOffset: '+03:00', note: 'test' })
    expect(a.published).toBe('2023-08-16T04:20:00.000Z')
  })
})
