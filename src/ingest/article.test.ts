import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { ArticleInput, ArticleInputError, MAX_TEXT_BYTES, MAX_TITLE, articleFromInput, articleId, canonicalUrl, contentHash } from './article'
import { htmlToText } from './html'

const now = new Date('2023-08-17T00:00:00Z')
const base = {
  url: 'https://www.jpost.com/middle-east/article-755206?utm_source=twitter',
  outlet: 'The Jerusalem Post',
  title: 'US tells Iran: Stop selling kamikaze drones to Russia',
  published: 'Wed, 16 Aug 2023 07:20:00 GMT',
  text: 'By REUTERS\n\nThe US is pushing Iran to stop selling armed drones to Russia.\n\n- Advertisement -',
}

const issues = (input: unknown): string[] => {
  const r = ArticleInput.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('articleFromInput', () => {
  it('turns a posted article into a clean Article with canonical URL, byline and ids', () => {
    const a = articleFromInput(base, { now })
    expect(a).toMatchObject({
      url: base.url,
      canonicalUrl: 'https://www.jpost.com/middle-east/article-755206',
      outlet: 'The Jerusalem Post',
      published: '2023-08-16T07:20:00.000Z',
      byline: 'Reuters',
      text: 'The US is pushing Iran to stop selling armed drones to Russia.',
      lang: null,
    })
    expect(a.id).toBe(articleId(a.canonicalUrl, a.outlet, a.contentHash))
  })
  it('gives the same id to the same article arriving with different tracking parameters', () => {
    const a = articleFromInput(base, { now })
    const b = articleFromInput({ ...base, url: 'https://WWW.jpost.com/middle-east/article-755206/?fbclid=x#top' }, { now })
    expect(b.id).toBe(a.id)
  })
  it('turns HTML into paragraphs, without scripts, styles or captions', () => {
    const a = articleFromInput(
      { ...base, text: undefined, html: '<style>p{}</style><p>First &amp; foremost.</p><figure><img src=x><figcaption>A drone</figcaption></figure><p>Second&nbsp;one.</p><script>alert(1)</script>' },
      { now },
    )
    expect(a.text).toBe('First & foremost.\n\nSecond one.')
  })
  it('names the field in every rejection', () => {
    expect(issues({ ...base, title: '  ' })).toEqual(['title: title must not be empty'])
    expect(issues({ ...base, title: undefined })).toEqual(['title: title is required'])
    expect(issues({ ...base, text: undefined })).toEqual(['text: text or html is required'])
    expect(issues({ ...base, url: 'ftp://example.com/a' })).toEqual(['url: url must be an absolute http(s) URL'])
    expect(issues({ ...base, url: '/relative' })).toEqual(['url: url must be an absolute http(s) URL'])
    expect(issues({ ...base, published: 'last Wednesday' })).toEqual(['published: published must be an ISO 8601 or RFC 2822 date'])
    expect(issues({ ...base, title: 'x'.repeat(MAX_TITLE + 1) })).toEqual([`title: title must be at most ${MAX_TITLE} characters`])
    expect(issues({ ...base, text: 'x'.repeat(MAX_TEXT_BYTES + 1) })).toEqual([`text: text must be at most ${MAX_TEXT_BYTES} bytes`])
    expect(() => articleFromInput({ ...base, url: 'mailto:x@y.z' }, { now })).toThrow(ZodError)
  })
  it('accepts a date up to a day ahead (time zones, skew) and refuses one further in the future', () => {
    expect(articleFromInput({ ...base, published: '2023-08-17T23:00:00Z' }, { now }).published).toBe('2023-08-17T23:00:00.000Z')
    expect(() => articleFromInput({ ...base, published: '2023-08-18T00:00:01Z' }, { now })).toThrow(/published: .* more than a day after now/)
  })
  it('refuses a body that is all boilerplate', () => {
    expect(() => articleFromInput({ ...base, text: 'Most Popular\n\n- Advertisement -\n\nPlease enter your comment!' }, { now })).toThrow(ArticleInputError)
  })
  it('takes the outlet from "Read the original article on" when the input has none', () => {
    const a = articleFromInput({ ...base, outlet: undefined, text: 'The report.\n\nRead the original article on The New Voice of Ukraine' }, { now })
    expect(a.outlet).toBe('The New Voice of Ukraine')
    expect(a.text).toBe('The report.')
  })
})

describe('canonicalUrl', () => {
  it('lowercases scheme and host, drops fragment, default port and tracking, sorts parameters', () => {
    expect(canonicalUrl('HTTPS://News.Example.COM:443/World/Story/?utm_source=rss&b=2&gclid=1&a=1&ref=home&mc_cid=9&ocid=x&cmpid=y#c'))
      .toBe('https://news.example.com/World/Story?a=1&b=2')
  })
  it('keeps the path as written and the root slash, and refuses non-http URLs', () => {
    expect(canonicalUrl('http://example.com/')).toBe('http://example.com/')
    expect(canonicalUrl('http://example.com:8080/a/B/')).toBe('http://example.com:8080/a/B')
    expect(canonicalUrl('javascript:alert(1)')).toBeNull()
    expect(canonicalUrl('not a url')).toBeNull()
  })
})

describe('contentHash and articleId', () => {
  it('ignores case, whitespace and typographic quote variants, but not wording', () => {
    expect(contentHash('US tells Iran', 'It’s  here.\n\nNext.')).toBe(contentHash('us tells iran', "It's here. Next."))
    expect(contentHash('US tells Iran', 'It is here.')).not.toBe(contentHash('US tells Iran', 'It was here.'))
  })
  it('keys on the URL when there is one, else on outlet + content', () => {
    const h = contentHash('t', 'x')
    expect(articleId('https://a.example/1', 'A', h)).toBe(articleId('https://a.example/1', 'B', contentHash('t', 'y')))
    expect(articleId(null, 'A', h)).not.toBe(articleId(null, 'B', h))
    expect(articleId(null, 'A', h)).toMatch(/^a_[0-9a-f]{16}$/)
  })
})

describe('htmlToText', () => {
  it('decodes named, decimal and hex entities and keeps block structure', () => {
    expect(htmlToText('<h2>Iran&rsquo;s aid</h2><ul><li>one &#8211; two</li><li>&#x201C;three&#x201D;</li></ul><!-- c -->')).toBe(
      'Iran’s aid\n\none – two\n\n“three”',
    )
  })
})
