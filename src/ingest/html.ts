/**
 * HTML → plain text for article bodies, without a DOM (none exists in workerd's pure core):
 * drop scripts, styles, figures' captions and other non-text elements, turn block elements into
 * paragraph breaks, strip the remaining tags and decode character references.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', euro: '€', pound: '£',
  yen: '¥', cent: '¢', sect: '§', para: '¶', dagger: '†', Dagger: '‡', prime: '′', Prime: '″', shy: '',
  zwj: '\u200d', zwnj: '\u200c', iexcl: '¡', iquest: '¿', ordm: 'º', ordf: 'ª', micro: 'µ',
  aacute: 'á', Aacute: 'Á', agrave: 'à', Agrave: 'À', acirc: 'â', auml: 'ä', Auml: 'Ä', atilde: 'ã', aring: 'å',
  eacute: 'é', Eacute: 'É', egrave: 'è', Egrave: 'È', ecirc: 'ê', euml: 'ë', iacute: 'í', igrave: 'ì', icirc: 'î',
  iuml: 'ï', oacute: 'ó', Oacute: 'Ó', ograve: 'ò', ocirc: 'ô', ouml: 'ö', Ouml: 'Ö', otilde: 'õ', oslash: 'ø',
  uacute: 'ú', Uacute: 'Ú', ugrave: 'ù', ucirc: 'û', uuml: 'ü', Uuml: 'Ü', ntilde: 'ñ', Ntilde: 'Ñ', ccedil: 'ç',
  Ccedil: 'Ç', szlig: 'ß', yacute: 'ý', yuml: 'ÿ', aelig: 'æ', AElig: 'Æ', oelig: 'œ', OElig: 'Œ', scaron: 'š', Scaron: 'Š',
}

/**
 * Decode HTML character references: named (`&amp;`, `&rsquo;`, …), decimal and hex.
 * Unknown names are left as written.
 *
 * @example
 * decodeEntities('Tom &amp; Jerry&#8217;s &#x201C;show&#x201D;') // 'Tom & Jerry’s “show”'
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
      return String.fromCodePoint(code)
    }
    return NAMED[ref] ?? whole
  })
}

const BLOCK = 'p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|section|article|header|footer|aside|main|table|tr|address|figure|details|summary'

/**
 * Plain text from an HTML fragment or page: one paragraph per block element, separated by a
 * blank line; scripts, styles, forms, navigation and figure captions removed; entities decoded.
 *
 * @example
 * htmlToText('<p>Tom &amp; Jerry</p><script>x()</script><p>Second<br>line</p>') // 'Tom & Jerry\n\nSecond\n\nline'
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<(script|style|noscript|template|svg|iframe|object|form|nav|button|select|figcaption)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(script|style|noscript|template|svg|iframe|object|form|nav|button|select|figcaption)\b[^>]*\/?>/gi, ' ')
    .replace(new RegExp(`<\\/?(?:${BLOCK})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .join('\n\n')
}
