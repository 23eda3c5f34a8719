/**
 * The web pages in a real browser: Debian's chromium driven by playwright-core against a real
 * `npm start` (seed corpus: 5 articles → 2 developments in 1 story). Checks what a reader sees
 * (developments and their outlets), that links go where they say, feed autodiscovery, keyboard
 * reach and visible focus, pages without JavaScript, the filter form, basic accessibility, and
 * writes phone and desktop screenshots of each page to artifacts/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { developments, meta } from '../../src/feed/testdata/fixtures'
import { renderDevelopmentPage } from '../../src/feed/pages'
import { startDevServer, type DevServer } from './dev-server'

const CHROMIUM = process.env.STORYFOLD_CHROMIUM ?? '/usr/bin/chromium'
/** Relative to the repo root, where vitest runs (import.meta in this file trips vite's SSR transform). */
const SHOTS = join(process.cwd(), 'artifacts', 'screenshots')

if (!existsSync(CHROMIUM)) {
  throw new Error(`browser: missing chromium: ${CHROMIUM} not found. Install it with: apt-get install chromium (or set STORYFOLD_CHROMIUM)`)
}

const AUG16 = ['The Jerusalem Post', 'Rudaw', 'The New Voice of Ukraine', 'Army Technology']
const AUG16_TITLE = 'US urges Iran to stop selling drones to Russia – FT'
const AUG26_TITLE = 'Russia: Drone axis with Iran will withstand pressure from US'
/** Outlet links of the 16 Aug development in the seed corpus (the other two have no URL). */
const OUTLET_URLS = {
  Rudaw: 'https://www.rudaw.net/english/middleeast/iran/16082023',
  'The Jerusalem Post': 'https://www.jpost.com/middle-east/article-755206',
}

/** The browser's globals inside page.evaluate (tsconfig has no DOM lib: the project targets workerd). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any

let server: DevServer
let browser: Browser
/** Paths of the three pages, found by following links from the home page. */
let urls: { home: string; latest: string; development: string; story: string; stories: string; outlets: string }

describe('the web pages in chromium', () => {
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([
      startDevServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
    ])
    urls = await pageUrls()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** A fresh page; pass `js: false` for a context with JavaScript disabled. */
  async function open(path: string, opts: { js?: boolean; width?: number; height?: number } = {}): Promise<Page> {
    const ctx = await browser.newContext({
      javaScriptEnabled: opts.js ?? true,
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    })
    const page = await ctx.newPage()
    const res = await page.goto(`${server.base}${path}`)
    expect(res?.status(), path).toBe(200)
    return page
  }

  async function pageUrls(): Promise<typeof urls> {
    const page = await open('/')
    const development = await page.getByRole('link', { name: AUG16_TITLE, exact: true }).getAttribute('href')
    const story = await page.locator('a[href*="/stories/"]').first().getAttribute('href')
    await page.context().close()
    return {
      home: '/',
      latest: '/latest',
      development: new URL(development!, server.base).pathname,
      story: new URL(story!, server.base).pathname,
      stories: '/stories',
      outlets: '/outlets',
    }
  }

  /** Accessible text of the entry (li) whose h2 is the given headline. */
  const entry = (page: Page, title: string) => page.locator('li', { has: page.getByRole('heading', { level: 2, name: title, exact: true }) })

  it('leads the home page with the top developments, each saying how many outlets and since when, the chronological list a click away', async () => {
    const page = await open('/')
    expect(await page.locator('h1').innerText()).toBe('Top developments')
    // The corpus ends on 26 Aug: that report is news "now"; the four outlets of 16 Aug are ten days old.
    expect(await page.locator('main h2').allInnerTexts()).toEqual([AUG26_TITLE, AUG16_TITLE])
    const aug16 = await entry(page, AUG16_TITLE).innerText()
    expect(aug16).toContain('4 outlets since 16 Aug 2023')
    expect(await entry(page, AUG26_TITLE).innerText()).toContain('1 outlet since 26 Aug 2023, 16:26 UTC')
    await page.getByRole('link', { name: 'All developments, newest first' }).first().click()
    await page.waitForURL(`${server.base}/latest`)
    expect(await page.locator('h1').innerText()).toBe('Latest developments')
    // The favicon the page names is served.
    const icon = await page.locator('link[rel="icon"]').evaluate((l) => (l as Dom).href as string)
    const res = await fetch(icon)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    await res.arrayBuffer()
    await page.context().close()
  })

  it('answers a bad link with a readable page, not JSON', async () => {
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    const res = await page.goto(`${server.base}/developments/d_nope`)
    expect(res?.status()).toBe(404)
    expect(await page.locator('h1').innerText()).toBe('No such development')
    await page.getByRole('link', { name: 'Back to the latest developments' }).click()
    await page.waitForURL(`${server.base}/`)
    await ctx.close()
  })

  it('lists the seed developments newest first with their outlets named', async () => {
    const page = await open('/latest')
    const titles = await page.locator('main h2').allInnerTexts()
    expect(titles).toEqual([AUG26_TITLE, AUG16_TITLE])
    const aug16 = await entry(page, AUG16_TITLE).innerText()
    expect(aug16).toContain('4 outlets')
    for (const outlet of AUG16) expect(aug16).toContain(outlet)
    expect(aug16).toContain('First reported 16 Aug 2023')
    expect(aug16).not.toContain('00:00 UTC')
    const aug26 = await entry(page, AUG26_TITLE).innerText()
    expect(aug26).toContain('1 outlet: The Jerusalem Post')
    expect(aug26).toContain('26 Aug 2023, 16:26 UTC')
    await page.context().close()
  })

  it('follows home → development → story, and outlet links point at the outlets', async () => {
    const page = await open('/')
    await page.getByRole('link', { name: AUG16_TITLE, exact: true }).click()
    await page.waitForURL(/\/developments\/d_[a-z0-9]+$/)
    expect(await page.locator('h1').innerText()).toBe(AUG16_TITLE)
    expect(await page.title()).toBe(`${AUG16_TITLE} · storyfold`)
    const outlets = page.locator('ol.outlets > li')
    expect(await outlets.count()).toBe(4)
    const text = await page.locator('ol.outlets').innerText()
    for (const outlet of AUG16) expect(text).toContain(outlet)
    for (const [outlet, url] of Object.entries(OUTLET_URLS)) {
      const link = outlets.filter({ hasText: outlet }).locator('h3 a')
      expect(await link.getAttribute('href'), outlet).toBe(url)
    }
    // who reported first, honestly: three outlets give only the date
    expect(await page.locator('#outlets + p').innerText()).toMatch(/^Among the first: .+, all on 16 Aug 2023 \(some give only the date/)
    expect(await page.getByText('First to report').count()).toBe(0)
    // the story timeline marks this development
    const current = page.locator('.timeline a[aria-current="page"]')
    expect(await current.innerText()).toBe(AUG16_TITLE)
    await page.getByRole('link', { name: 'The whole story', exact: true }).click()
    await page.waitForURL(/\/stories\/s_[a-z0-9]+$/)
    expect(await page.locator('h1').innerText()).toBe(AUG16_TITLE)
    expect(await page.locator('main h2').allInnerTexts()).toEqual([AUG16_TITLE, AUG26_TITLE])
    // and back down the story to the later development
    await page.getByRole('link', { name: AUG26_TITLE, exact: true }).click()
    await page.waitForURL(/\/developments\/d_[a-z0-9]+$/)
    expect(await page.locator('h1').innerText()).toBe(AUG26_TITLE)
    expect(await page.locator('ol.outlets').innerText()).toContain('The Jerusalem Post')
    await page.context().close()
  })

  it('advertises feeds that answer 200 with the right content types, and shows subscribe links', async () => {
    const want: Record<string, string> = {
      'application/rss+xml': 'application/rss+xml',
      'application/atom+xml': 'application/atom+xml',
      'application/feed+json': 'application/feed+json',
    }
    for (const path of Object.values(urls)) {
      const page = await open(path)
      const alternates = await page.locator('link[rel="alternate"]').evaluateAll((ls) =>
        ls.map((l) => ({ type: l.getAttribute('type') ?? '', href: (l as Dom).href })),
      )
      expect(alternates.map((a) => a.type).sort(), path).toEqual(Object.keys(want).sort())
      for (const { type, href } of alternates) {
        const res = await fetch(href)
        expect(res.status, href).toBe(200)
        expect(res.headers.get('content-type'), href).toBe(`${want[type]}; charset=utf-8`)
        await res.arrayBuffer()
        // the same URL is a visible link too
        expect(await page.locator(`header a[href="${href}"]`).count(), `${path} subscribe ${type}`).toBe(1)
      }
      await page.context().close()
    }
  })

  it('reaches every link by keyboard, with a visible focus outline', async () => {
    for (const path of Object.values(urls)) {
      const page = await open(path)
      const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.outerHTML))
      const reached = new Set<string>()
      for (let i = 0; i < links.length + 12 && reached.size < links.length; i++) {
        await page.keyboard.press('Tab')
        const focused = await page.evaluate(() => {
          const { document, getComputedStyle } = (globalThis as Dom)
          const el = document.activeElement as Dom
          if (!el || el === document.body) return null
          const s = getComputedStyle(el)
          return { tag: el.tagName, html: el.outerHTML, outline: s.outlineStyle, width: Number.parseFloat(s.outlineWidth) }
        })
        if (!focused) continue
        expect(focused.outline, `${path}: focus on ${focused.html.slice(0, 80)}`).toBe('solid')
        expect(focused.width).toBeGreaterThanOrEqual(2)
        if (focused.tag === 'A') reached.add(focused.html)
      }
      expect(links.filter((l) => !reached.has(l)), `${path}: links never reached by Tab`).toEqual([])
      await page.context().close()
    }
  })

  it('works with JavaScript disabled: pages, and filters given in the URL', async () => {
    for (const path of [urls.development, urls.story]) {
      const page = await open(path, { js: false })
      expect(await page.locator('h1').count()).toBe(1)
      expect(await page.locator('main a[href]').count()).toBeGreaterThan(2)
      await page.context().close()
    }
    const page = await open('/?min_outlets=2', { js: false })
    expect(await page.locator('main h2').allInnerTexts()).toEqual([AUG16_TITLE])
    expect(await page.getByLabel('Minimum outlets').inputValue()).toBe('2')
    await page.getByRole('link', { name: 'Clear filters' }).click()
    await page.waitForURL(`${server.base}/latest`)
    expect(await page.locator('main h2').count()).toBe(2)
    await page.context().close()
  })

  it('filters by submitting the form as a reader would, without JavaScript', async () => {
    const page = await open('/latest', { js: false })
    expect(await page.locator('main h2').count()).toBe(2)
    await page.getByLabel('Minimum outlets').fill('2')
    const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()])
    try {
      expect(page.url()).toMatch(/[?&]min_outlets=2/)
      expect(res?.status(), 'the form submits its empty fields too').toBe(200)
      expect(await page.locator('main h2').allInnerTexts()).toEqual([AUG16_TITLE])
      await page.getByLabel('Minimum outlets').fill('')
      await page.getByLabel('Outlet', { exact: true }).fill('rudaw')
      await page.getByRole('button', { name: 'Filter' }).click()
      await page.waitForURL(/[?&]outlet=rudaw/)
      expect(await page.locator('main h2').allInnerTexts()).toEqual([AUG16_TITLE])
    } finally {
      await page.context().close()
    }
  })

  it('passes basic accessibility checks on every page', async () => {
    for (const path of [...Object.values(urls), '/?min_outlets=2&q=drones']) {
      const page = await open(path)
      const report = await page.evaluate(() => {
        const { document } = (globalThis as Dom)
        const q = (s: string): Dom[] => [...document.querySelectorAll(s)]
        const fields = q('input:not([type=hidden]),select,textarea')
        const headings = q('h1,h2,h3,h4,h5,h6').map((h) => Number(h.tagName[1]))
        return {
          lang: document.documentElement.lang,
          title: document.title,
          description: document.querySelector('meta[name=description]')?.getAttribute('content') ?? '',
          h1: q('h1').length,
          headingJumps: headings.filter((l, i) => i > 0 && l - headings[i - 1]! > 1).length,
          firstHeading: headings[0],
          landmarks: ['header', 'nav', 'main', 'footer'].filter((t) => q(t).length === 0),
          imgsWithoutAlt: q('img:not([alt])').length,
          unlabelled: fields.filter((f) => !(f.labels && f.labels.length) && !f.getAttribute('aria-label')).length,
          emptyLinks: q('a[href]').filter((a) => !(a.textContent ?? '').trim() && !a.getAttribute('aria-label')).length,
          scripts: q('script').length,
          skip: document.querySelector('a.skip')?.hash,
          overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        }
      })
      expect(report, path).toMatchObject({
        lang: 'en',
        h1: 1,
        headingJumps: 0,
        firstHeading: 1,
        landmarks: [],
        imgsWithoutAlt: 0,
        unlabelled: 0,
        emptyLinks: 0,
        scripts: 0,
        skip: '#main',
        overflow: false,
      })
      expect(report.title.length, path).toBeGreaterThan(5)
      expect(report.description.length, path).toBeGreaterThan(20)
      await page.context().close()
    }
  })

  it('shows hostile article text as text in the browser, running nothing', async () => {
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.setContent(renderDevelopmentPage({ meta, development: developments[0]! }), { waitUntil: 'load' })
    expect(dialogs).toEqual([])
    expect(await page.locator('script, img, iframe').count()).toBe(0)
    expect(await page.locator('h1').innerText()).toContain('<drones> & "ammo" ]]>')
    expect(await page.locator('body').innerText()).toContain('<img src=x onerror=alert(2)>')
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0)
    await ctx.close()
  })

  it('shows entries on the first screen of the chronological list at phone widths (the filters folded away) and at desktop width', async () => {
    mkdirSync(SHOTS, { recursive: true })
    for (const [device, width, height] of [
      ['phone-360', 360, 740],
      ['phone-390', 390, 844],
      ['desktop', 1280, 900],
    ] as const) {
      const page = await open(urls.latest, { width, height, js: false })
      const shape = await page.evaluate(() => {
        const { document } = (globalThis as Dom)
        const box = (el: Dom) => el.getBoundingClientRect()
        const filters = box(document.querySelector('.filter-box'))
        const input = document.querySelector('input[name=q]')
        const firstTitle = box(document.querySelector('.entries h2'))
        const firstSummary = box(document.querySelector('.entries > li > p:not(.when):not(.outlet-names):not(.actions)'))
        return { filters: filters.height, inputShown: input.checkVisibility(), titleTop: firstTitle.top, summaryBottom: firstSummary.bottom }
      })
      await page.screenshot({ path: join(SHOTS, `latest-first-screen-${device}.png`) })
      expect(shape.filters / height, `${device}: the filters take ${Math.round(shape.filters)} of ${height} px`).toBeLessThan(0.2)
      // The first entry, headline to summary, is on the first screen, and the second entry's headline starts there too.
      expect(shape.summaryBottom, device).toBeLessThan(height)
      expect(shape.inputShown, `${device}: the filter fields are ${device === 'desktop' ? 'shown' : 'folded away'}`).toBe(device === 'desktop')
      if (device !== 'desktop') {
        // One tap on "Filter" opens them; a filter given in the link keeps them open.
        await page.locator('summary', { hasText: 'Filter' }).click()
        expect(await page.getByLabel('Words').isVisible()).toBe(true)
        await page.getByLabel('Words').fill('drones')
        await Promise.all([page.waitForURL(/[?&]q=drones/), page.getByRole('button', { name: 'Filter' }).click()])
        expect(await page.getByLabel('Words').isVisible()).toBe(true)
        expect(await page.locator('main h2').count()).toBeGreaterThan(0)
        await page.screenshot({ path: join(SHOTS, `latest-filtered-${device}.png`) })
      }
      await page.context().close()
    }
  })

  it('fits phone and desktop widths; screenshots in artifacts/screenshots/', async () => {
    mkdirSync(SHOTS, { recursive: true })
    for (const [device, width, height] of [
      ['phone', 390, 844],
      ['desktop', 1280, 900],
    ] as const) {
      for (const [name, path] of Object.entries(urls)) {
        const page = await open(path, { width, height })
        const overflow = await page.evaluate(() => {
          const { documentElement } = (globalThis as Dom).document
          return documentElement.scrollWidth - documentElement.clientWidth
        })
        expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0)
        const file = join(SHOTS, `${name}-${device}.png`)
        await page.screenshot({ path: file, fullPage: true })
        expect(existsSync(file)).toBe(true)
        await page.context().close()
      }
    }
  })
})
