/**
 * The language of an entry where it differs from its document's (issue 15: an Arabic item was
 * served as English, with no direction): `xml:lang` on Atom entries, `dc:language` on RSS items,
 * `language` on JSON Feed items, `lang` and `dir` in the pages.
 */

/**
 * Languages written right to left, by primary subtag, for runtimes without `Intl.Locale` text
 * info: Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Kurdish (Sorani), Yiddish, Dhivehi,
 * Syriac, N'Ko, Kashmiri, Balochi, Azerbaijani in Arabic script is caught by its script subtag.
 * From CLDR's character order data ("characterOrder": "right-to-left").
 */
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb', 'yi', 'ji', 'dv', 'syr', 'nqo', 'ks', 'bal', 'arc', 'mzn', 'glk', 'lrc'])
/** Scripts written right to left (ISO 15924): Arabic, Hebrew, Syriac, Thaana, N'Ko, Adlam, Rohingya, Mandaic, Samaritan. */
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg', 'mand', 'samr'])

type TextInfo = { direction?: string }
type LocaleWithInfo = Intl.Locale & { getTextInfo?: () => TextInfo; textInfo?: TextInfo }

/**
 * The writing direction of a BCP 47 tag: 'rtl' or 'ltr'. Asks `Intl.Locale#getTextInfo()` (or the
 * older `textInfo` getter) where the runtime has it (CLDR data), else the lists above. A tag that
 * is not one ('ltr').
 *
 * @example
 * textDirection('ar') // → 'rtl'
 * textDirection('pt-BR') // → 'ltr'
 */
export function textDirection(tag: string): 'rtl' | 'ltr' {
  let locale: LocaleWithInfo
  try {
    locale = new Intl.Locale(tag) as LocaleWithInfo
  } catch {
    return 'ltr'
  }
  const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo
  if (info?.direction === 'rtl' || info?.direction === 'ltr') return info.direction
  if (locale.script) return RTL_SCRIPTS.has(locale.script.toLowerCase()) ? 'rtl' : 'ltr'
  return RTL_LANGUAGES.has(locale.language.toLowerCase()) ? 'rtl' : 'ltr'
}

/**
 * An entry's language when it differs from its document's (tags compared without case), else
 * undefined: the document's language already says it.
 *
 * @example
 * entryLang('ar', 'en') // → 'ar'
 * entryLang('EN', 'en') // → undefined
 */
export function entryLang(lang: string | null | undefined, documentLang: string): string | undefined {
  if (!lang || lang.toLowerCase() === documentLang.toLowerCase()) return undefined
  return lang
}

/**
 * `lang` and `dir` attributes for an element holding an entry in a page whose language is
 * `pageLang`: both when the entry's language differs, else none.
 *
 * @example
 * langAttributes('ar', 'en') // → { lang: 'ar', dir: 'rtl' }
 */
export function langAttributes(lang: string | null | undefined, pageLang: string): { lang?: string; dir?: 'rtl' | 'ltr' } {
  const own = entryLang(lang, pageLang)
  return own ? { lang: own, dir: textDirection(own) } : {}
}
