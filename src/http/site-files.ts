/**
 * What browsers and crawlers ask every site for: `/favicon.ico` (and `/favicon.svg`),
 * `/robots.txt`; and which paths are web pages, whose errors are HTML pages instead of
 * problem+json (the API and the feeds keep problem+json: programs read those).
 */
import { Hono } from 'hono'
import { FAVICON_SVG } from '../feed/pages/layout'
import type { AppEnv } from './env'

/**
 * Whether a path is a web page's (not under /api, not a feed document): its 4xx/5xx answers are
 * HTML pages a reader can use.
 *
 * @example
 * isPagePath('/developments/d_x') // → true
 * isPagePath('/api/developments') // → false
 * isPagePath('/stories/s_1/feed.xml') // → false
 */
export function isPagePath(pathname: string): boolean {
  return !/^\/api(?:\/|$)/.test(pathname) && !/\.(?:xml|json|atom)$/i.test(pathname) && pathname !== '/health'
}

/**
 * The site icon as a 16×16 ICO (one 32-bit BMP image): the picture of FAVICON_SVG (a white
 * folded sheet on blue), drawn here so no binary file has to be bundled. Built once per isolate.
 */
function faviconIco(): Uint8Array {
  const size = 16
  const pixels = size * size * 4
  const mask = size * 4 // 1 bit per pixel, rows padded to 4 bytes: all 0 (opaque; alpha decides)
  const image = 40 + pixels + mask
  const out = new Uint8Array(6 + 16 + image)
  const v = new DataView(out.buffer)
  v.setUint16(2, 1, true) // type: icon
  v.setUint16(4, 1, true) // one image
  out[6] = size
  out[7] = size
  v.setUint16(10, 1, true) // planes
  v.setUint16(12, 32, true) // bits per pixel
  v.setUint32(14, image, true)
  v.setUint32(18, 22, true) // offset of the image
  v.setUint32(22, 40, true) // BITMAPINFOHEADER
  v.setInt32(26, size, true)
  v.setInt32(30, size * 2, true) // height of XOR + AND masks
  v.setUint16(34, 1, true)
  v.setUint16(36, 32, true)
  v.setUint32(42, pixels + mask, true)
  // Rows bottom-up, BGRA: blue square, white sheet from (4,4) to (12,12) with a folded corner.
  for (let row = 0; row < size; row++) {
    const y = size - 1 - row
    for (let x = 0; x < size; x++) {
      const at = 62 + (row * size + x) * 4
      const corner = (x < 1 || x > 14) && (y < 1 || y > 14)
      const sheet = x >= 4 && x < 12 && y >= 4 && y < 12
      const fold = sheet && x >= 10 && y < 6 && x - 10 >= y - 4
      const [r, g, b] = fold ? [0x9d, 0xb8, 0xf0] : sheet ? [0xff, 0xff, 0xff] : [0x1a, 0x56, 0xdb]
      out[at] = b
      out[at + 1] = g
      out[at + 2] = r
      out[at + 3] = corner ? 0 : 0xff
    }
  }
  return out
}

let ico: Uint8Array | null = null

/** Crawlers may read everything but the write API and its JSON twins of the pages. */
export const ROBOTS_TXT = 'User-agent: *\nDisallow: /api/\nAllow: /\n'

export const siteFiles = new Hono<AppEnv>()

const LONG = 'public, max-age=86400'

siteFiles.get('/favicon.ico', (c) => {
  ico ??= faviconIco()
  return c.body(ico as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/x-icon', 'cache-control': LONG })
})
siteFiles.get('/favicon.svg', (c) => c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': LONG }))
siteFiles.get('/robots.txt', (c) => c.body(ROBOTS_TXT, 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': LONG }))
