/**
 * Shared by the hostile-input tests in workerd and in Node: text that has broken feed and page
 * renderers somewhere, and checks for what must never come out the other end.
 */
import fc from 'fast-check'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { expect } from 'vitest'

/** Pieces that have broken feed and page renderers somewhere. */
export const NASTY = [
  '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009f', '\ufffe', '\uffff',
  '\ud800', '\udfff', '\udbff\u0041', 'x\udc00y', // unpaired surrogates
  ']]>', '<![CDATA[', ']]]]><![CDATA[>', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY e "boom">]>', '&e;',
  '\u202e', '\u200f', '\u2066', 'مرحبا بالعالم', 'שלום עולם', '\u2028', '\u2029', '\ufeff',
  '🚀', '👨‍👩‍👧‍👦', '🇺🇦', 'e\u0301\u0301\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '<script>alert("xss")</script>', '</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>', '<iframe src="javascript:alert(1)">', '<a href="javascript:alert(1)">x</a>',
  '"><script>alert(1)</script>', "'><img src=x onerror=alert(1)>", '</title><script>alert(1)</script>',
  '<style>body{display:none}</style>', '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '&amp;', '&lt;script&gt;', '&#0;', '&#x1F680;', '&nbsp;', '&bogus;', '&', '<', '>', '"', "'", '\\', '\r', '\r\n', '\t',
  '{"json": true}', '\\u0000', '%00', '%E2%80%AE',
]

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Characters XML 1.0 does not allow anywhere in a document. */
export const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
/**
 * Live markup in an HTML document or fragment: elements that run or load something, event-handler
 * attributes, and links that are not http(s) or relative. Only real tags are inspected (escaped
 * text never holds a raw `<`), so an article that merely *mentions* `<script>` is fine.
 */
export function liveMarkup(html: string, ownStylesheets: number): string[] {
  const found: string[] = []
  let styles = 0
  for (const m of html.matchAll(/<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const tag = (m[1] as string).toLowerCase()
    const attrs = m[2] ?? ''
    if (['script', 'img', 'svg', 'iframe', 'object', 'embed', 'base', 'frame', 'math', 'video', 'audio'].includes(tag)) found.push(m[0])
    if (tag === 'style') styles += 1
    for (const a of attrs.matchAll(/([^\s="'\/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = (a[1] as string).toLowerCase()
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '').trim()
      if (name.startsWith('on')) found.push(m[0])
      if (tag === 'meta' && name === 'http-equiv') found.push(m[0])
      if (['href', 'src', 'action', 'formaction'].includes(name) && !/^(https?:\/\/|\/|#|$)/i.test(value)) found.push(m[0])
    }
  }
  if (styles > ownStylesheets) found.push(`${styles} <style> elements`)
  return found
}

const nasty = fc.constantFrom(...NASTY)
const anyUnicode = fc.string({ unit: 'binary', maxLength: 40 })
const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)), maxLength: 4 })
const words = fc.array(fc.constantFrom('drones', 'Iran', 'Russia', 'Chile', 'quake', 'tsunami', 'ministry', 'said', 'on', 'Tuesday'), {
  minLength: 1,
  maxLength: 8,
}).map((w) => w.join(' '))
/** Hostile text: nasty pieces, arbitrary code points, lone surrogates and ordinary news words, mixed. */
export const hostile = fc
  .array(fc.oneof({ weight: 4, arbitrary: nasty }, { weight: 2, arbitrary: anyUnicode }, { weight: 1, arbitrary: loneSurrogates }, { weight: 2, arbitrary: words }), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(' '))

/** Well-formed XML (fast-xml-parser's validator) with no character XML 1.0 forbids. */
export function assertWellFormedXml(body: string, where: string): void {
  const verdict = XMLValidator.validate(body)
  expect(verdict, `${where}: ${JSON.stringify(verdict)}`).toBe(true)
  const bad = NOT_XML_CHAR.exec(body)
  expect(bad, `${where}: character U+${bad?.[0]?.codePointAt(0)?.toString(16)} is not allowed in XML`).toBeNull()
}

/** Every HTML fragment a feed carries for readers to render (RSS description, Atom content, JSON content_html). */
export function entryHtml(format: 'rss' | 'atom' | 'json', body: string): string[] {
  if (format === 'json') {
    return (JSON.parse(body) as { items: { content_html?: string }[] }).items.map((i) => i.content_html ?? '')
  }
  const doc = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false }).parse(body) as any
  const list = (x: unknown): any[] => (Array.isArray(x) ? x : x === undefined ? [] : [x])
  if (format === 'rss') return list(doc.rss?.channel?.item).map((i) => String(i.description ?? ''))
  return list(doc.feed?.entry).map((e) => String(e.content?.['#text'] ?? e.content ?? ''))
}
