import { describe, expect, it } from 'vitest'
import { feedLinks, looksLikeHtml, opmlOutlines } from './discover'

describe('feedLinks', () => {
  it('finds RSS, Atom and JSON Feed alternates in document order, resolved against <base> or the page', () => {
    const html = `<html><head><base href="https://cdn.example.org/site/">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <LINK REL="Alternate Home" TYPE="application/atom+xml; charset=utf-8" HREF="/atom">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="stylesheet" type="application/rss+xml" href="/not-alternate">`
    expect(feedLinks(html, 'https://example.org/page')).toEqual([
      'https://cdn.example.org/site/rss.xml',
      'https://cdn.example.org/atom',
      'https://cdn.example.org/site/feed.json',
    ])
  })

  it('decodes character references in href, and finds nothing in a page without feeds', () => {
    expect(feedLinks('<link rel=alternate type=application/rss+xml href="/rss?a=1&amp;b=2">', 'https://example.org/x/')).toEqual(['https://example.org/rss?a=1&b=2'])
    expect(feedLinks('<html><body><a href="/rss">RSS</a></body></html>', 'https://example.org/')).toEqual([])
  })
})

describe('looksLikeHtml', () => {
  it('tells a page from other text by Content-Type or by its start', () => {
    expect(looksLikeHtml('anything', 'text/html; charset=utf-8')).toBe(true)
    expect(looksLikeHtml('<!-- x --><!DOCTYPE html><html>', null)).toBe(true)
    expect(looksLikeHtml('{"a":1}', 'application/json')).toBe(false)
    expect(looksLikeHtml('<rss version="2.0">', 'text/xml')).toBe(false)
  })
})

describe('opmlOutlines', () => {
  it('reads nested outlines with an xmlUrl, names from title or text, and caps the count', () => {
    const doc = `<?xml version="1.0"?><!-- list --><opml version="1.0"><head><title>t</title></head><body>
      <outline text="News"><outline text="A &amp; B" xmlUrl=" https://a.example/rss " htmlUrl="https://a.example/"/>
      <outline title="Titled" text="ignored" xmlUrl="https://b.example/rss"/></outline>
      <outline text="No feed"/><outline xmlUrl="https://c.example/rss"/></body></opml>`
    expect(opmlOutlines(doc, 10)).toEqual({
      root: 'opml',
      over: 0,
      outlines: [
        { xmlUrl: 'https://a.example/rss', htmlUrl: 'https://a.example/', title: 'A & B' },
        { xmlUrl: 'https://b.example/rss', htmlUrl: null, title: 'Titled' },
        { xmlUrl: 'https://c.example/rss', htmlUrl: null, title: null },
      ],
    })
    expect(opmlOutlines(doc, 2)).toMatchObject({ over: 1 })
    expect(opmlOutlines('<rss version="2.0"><channel/></rss>', 10).root).toBe('rss')
    expect(opmlOutlines('just text', 10).root).toBe(null)
  })
})
