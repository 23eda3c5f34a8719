import { describe, expect, it } from 'vitest'
import { developments, meta, story } from '../testdata/fixtures'
import { renderDevelopmentPage, renderErrorPage, renderHomePage, renderStoryPage } from './index'
import { firstReport, isDateOnly, pageTime } from './parts'
import { coverageLines } from '../coverage'
import { PAGE_CSS } from './style'

const home = renderHomePage({
  meta,
  developments,
  filters: { minOutlets: 2, outlet: 'Reuters & co', q: '"><script>alert(3)</script>' },
  nextUrl: 'https://storyfold.example/?before=2023-08-16T07%3A20%3A00.000Z',
})
const development = renderDevelopmentPage({ meta, development: developments[1]! })
const hostile = renderDevelopmentPage({ meta, development: developments[0]! })
const storyPage = renderStoryPage({ meta, story })
const error = renderErrorPage(404, 'Not <found>', 'No development d_<x>.')
const pages = { home, development, hostile, storyPage }

/** The heading levels in document order. */
const headings = (html: string) => [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]))

describe.each(Object.entries(pages))('%s page', (_name, html) => {
  it('is a complete document with language, viewport, title and description', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>')
    expect(html).toMatch(/<title>[^<]+<\/title>/)
    expect(html).toMatch(/<meta name="description" content="[^"]+"\/>/)
  })
  it('advertises and shows the three feeds', () => {
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="storyfold (RSS)" href="https://storyfold.example/feed.xml"/>')
    expect(html).toContain('type="application/atom+xml" title="storyfold (Atom)" href="https://storyfold.example/atom.xml"')
    expect(html).toContain('type="application/feed+json" title="storyfold (JSON Feed)" href="https://storyfold.example/feed.json"')
    expect(html).toMatch(/<a href="https:\/\/storyfold.example\/feed.xml"[^>]*>RSS<\/a>/)
  })
  it('has landmarks, a skip link and headings in order', () => {
    for (const tag of ['<header>', '<nav ', '<main id="main"', '<footer>']) expect(html).toContain(tag)
    expect(html).toContain('<a class="skip" href="#main">')
    const levels = headings(html)
    expect(levels.filter((l) => l === 1)).toHaveLength(1)
    expect(levels[0]).toBe(1)
    levels.forEach((l, i) => i > 0 && expect(l - levels[i - 1]!).toBeLessThanOrEqual(1))
  })
  it('runs no script and loads nothing external', () => {
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i)
    expect(html).not.toContain('javascript:')
    expect(html).not.toMatch(/<link rel="stylesheet"|<img|<iframe/)
  })
})

describe('home page', () => {
  it('lists developments in the given order with times, outlets and summary', () => {
    expect(home.indexOf('d_hostile')).toBeLessThan(home.indexOf('d_drones1'))
    expect(home).toContain('<time datetime="2023-08-16T07:20:00.000Z">16 Aug 2023, 07:20 UTC</time>')
    expect(home).toContain('<strong>3 outlets</strong>: Financial Times, The Jerusalem Post, The Times of Israel')
    expect(home).toContain('<strong>2 outlets</strong>: Al-Monitor, Evil &lt;Outlet&gt; &amp; Co')
    expect(home).toContain('<a href="https://storyfold.example/stories/s_drones">The whole story (2 developments)</a>')
  })
  it('keeps hostile titles as text', () => {
    expect(home).toContain('Q&amp;A: &lt;drones&gt; &amp; &quot;ammo&quot; ]]&gt; sold 🚀 at 5 &lt; 6')
    expect(home).toContain('Officials say &lt;script&gt;')
  })
  it('has a GET filter form mirroring the feed filters, values escaped', () => {
    expect(home).toMatch(/<form class="filters" method="get" action="https:\/\/storyfold.example\/"/)
    for (const name of ['min_outlets', 'outlet', 'q']) expect(home).toContain(`name="${name}"`)
    expect(home).toContain('value="2"')
    expect(home).toContain('value="Reuters &amp; co"')
    expect(home).toContain('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"')
  })
  it('links the next page', () => {
    expect(home).toContain('<a href="https://storyfold.example/?before=2023-08-16T07%3A20%3A00.000Z" rel="next">')
  })
  it('says so when nothing matches', () => {
    expect(renderHomePage({ meta, developments: [] })).toContain('No developments match these filters.')
  })
})

describe('development page', () => {
  it('shows every outlet with headline link, time, first report, what it adds, copies as copies', () => {
    expect(development).toContain('<h1>US urges Iran to stop selling drones to Russia</h1>')
    expect(development).toContain('<h3><a href="https://www.ft.com/content/3b3c-iran-drones">')
    expect(development.match(/First to report/g)).toHaveLength(1)
    expect(development).toContain('Talks are linked to a prisoner exchange deal.')
    // The Reuters copy is the Jerusalem Post's report carried by another outlet, not a report of its own.
    expect(development).toMatch(/Also carried by <a href="https:\/\/www.timesofisrael.com\/[^"]*">The Times of Israel<\/a>/)
    expect(development).not.toContain('<li class="copy">')
    expect(development.match(/<p class="source">/g)).toHaveLength(2)
  })
  it('marks this development in the story timeline', () => {
    expect(development).toContain('<a href="https://storyfold.example/developments/d_drones1" aria-current="page">')
    expect(development.match(/aria-current="page"/g)).toHaveLength(1)
    expect(development).toContain('https://storyfold.example/stories/s_drones/feed.xml')
  })
  it('does not link an unsafe outlet URL and escapes its markup', () => {
    expect(hostile).toContain('<h3>&lt;script&gt;alert(1)&lt;/script&gt; Drones &amp; ]]&gt; 🚀</h3>')
    expect(hostile).toContain('&lt;img src=x onerror=alert(2)&gt; adds &amp; more')
  })
})

describe('site name and feed title', () => {
  it('heads pages with the site name and labels feed links with the feed title', () => {
    const page = renderDevelopmentPage({
      meta: { ...meta, title: 'Iran drones <story>', siteName: 'Fold & Co' },
      development: developments[1]!,
    })
    expect(page).toContain('<title>US urges Iran to stop selling drones to Russia · Fold &amp; Co</title>')
    expect(page).toContain('<a class="site" href="https://storyfold.example/">Fold &amp; Co</a>')
    expect(page).toContain('title="Iran drones &lt;story&gt; (Atom)"')
  })
})

describe('story page', () => {
  it('shows the developments oldest first', () => {
    expect(storyPage).toContain('<h1>Iran&#39;s drone sales to Russia &amp; &lt;more&gt;</h1>')
    expect(storyPage.indexOf('developments/d_drones1')).toBeLessThan(storyPage.indexOf('developments/d_hostile'))
  })
})

describe('error page', () => {
  it('shows the status and escaped text, and works without feed metadata', () => {
    expect(error).toContain('<h1>Not &lt;found&gt;</h1>')
    expect(error).toContain('No development d_&lt;x&gt;.')
    expect(error).toContain('HTTP 404')
    expect(error).toContain('<main id="main"')
    expect(renderErrorPage(500, 'Oops', 'Try again.', meta)).toContain('application/atom+xml')
  })
})

describe('stylesheet', () => {
  const luminance = (hex: string) => {
    const c = hex.replace('#', '')
    const full = c.length === 3 ? [...c].map((x) => x + x).join('') : c
    const [r, g, b] = [0, 2, 4].map((i) => {
      const v = Number.parseInt(full.slice(i, i + 2), 16) / 255
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  }
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
    return (x! + 0.05) / (y! + 0.05)
  }
  const schemes = [...PAGE_CSS.matchAll(/:root\{([^}]*)\}/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/--([a-z-]+):(#[0-9a-f]+)/g)].map((v) => [v[1], v[2]])),
  )
  it('keeps text contrast at 4.5:1 or more in light and dark schemes', () => {
    expect(schemes).toHaveLength(2)
    for (const s of schemes) {
      for (const fg of ['fg', 'muted', 'link', 'visited']) expect(contrast(s[fg]!, s.bg!)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s['badge-fg']!, s['badge-bg']!)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s['copy-fg']!, s['copy-bg']!)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s.accent!, s.bg!)).toBeGreaterThanOrEqual(3)
      expect(contrast(s.muted!, s.panel!)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s.focus!, s.bg!)).toBeGreaterThanOrEqual(3)
    }
  })
  it('shows focus and fits a phone', () => {
    expect(PAGE_CSS).toContain(':focus-visible{outline:3px solid')
    expect(PAGE_CSS).toContain('max-width:44rem')
  })
})

describe('times known only to the day', () => {
  const dayOnly = {
    ...developments[1]!,
    published: '2023-08-16T00:00:00.000Z',
    outlets: developments[1]!.outlets.map((o, i) => ({ ...o, published: i < 2 ? '2023-08-16T00:00:00.000Z' : o.published })),
  }
  it('shows midnight UTC as a date, with a date-only datetime, and other times with the hour', () => {
    expect(isDateOnly('2023-08-16T00:00:00.000Z')).toBe(true)
    expect(isDateOnly('2023-08-16T00:00:00.001Z')).toBe(false)
    expect(pageTime('2023-08-16T00:00:00.000Z')).toBe('16 Aug 2023')
    expect(pageTime('2023-08-16T07:20:00.000Z')).toBe('16 Aug 2023, 07:20 UTC')
    const html = renderDevelopmentPage({ meta, development: dayOnly })
    expect(html).toContain('<time datetime="2023-08-16">16 Aug 2023</time>')
    expect(html).not.toContain('00:00 UTC')
  })
  it('says who reported first, and that a same-day tie cannot be ordered', () => {
    expect(firstReport(coverageLines(developments[1]!))).toMatch(/^First reported by [^,]+, 16 Aug 2023, 07:20 UTC\.$/)
    const tie = firstReport(coverageLines(dayOnly))
    expect(tie).toMatch(/^Among the first: .+ and .+, all on 16 Aug 2023 \(some give only the date/)
    const html = renderDevelopmentPage({ meta, development: dayOnly })
    expect(html.match(/<span class="badge">Among the first/g)).toHaveLength(2)
    expect(html).not.toContain('First to report')
  })
})
