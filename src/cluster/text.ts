/**
 * Text → terms: body cleaning, tokenising, a light English stemmer, stopwords and entity
 * detection. Pure and deterministic; no corpus statistics.
 */

/** Words that carry no topic. General English plus newsroom verbs; never fitted to a data set. */
export const STOPWORDS = new Set(
  (
    'a about above after again against all almost also although always am among an and another any anyone anything are ' +
    'around as at back be became because become been before being below between both but by came can cannot could did do ' +
    'does doing done down during each either else even ever every few for from further get gets got had has have having he ' +
    'her here hers herself him himself his how however i if in into is it its itself just last least less let like made make ' +
    'many may me might mine more most much must my myself near need neither never new next no nor not now of off often on once ' +
    'one only or other others our ours ourselves out over own per perhaps put rather really same say says said see seen shall ' +
    'she should since so some something still such take than that the their theirs them themselves then there these they ' +
    'thing things this those though through thus to too took toward under until up upon us use used very via was way we well ' +
    'went were what whatever when where whether which while who whom whose why will with within without would yet you your ' +
    'yours yourself told tell tells according report reported reports reporting news week year years day days time times ' +
    'today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr image photo photos ' +
    'video credit click read advertisement share comment comments subscribe newsletter getty images file'
  ).split(' '),
)

/** Light suffix stripper: plural, -ed, -ing and a final -e; keeps short words whole. */
export function stem(word: string): string {
  let w = word
  if (w.length <= 3) return w
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2)
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y'
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1)
  if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'y'
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length > 4) w = undouble(w.slice(0, -2))
  else if (w.endsWith('ing') && w.length > 6) w = undouble(w.slice(0, -3))
  if (w.endsWith('e') && !w.endsWith('ee') && w.length > 3) w = w.slice(0, -1)
  return w
}

function undouble(w: string): string {
  const n = w.length
  const last = w[n - 1]
  if (n > 3 && last === w[n - 2] && last !== 'l' && last !== 's' && last !== 'z') return w.slice(0, -1)
  return w
}

/** One token of a text with its case and position facts. */
export interface Token {
  /** lower-cased surface form */
  lower: string
  /** starts with a capital letter (or is an all-caps acronym) */
  cap: boolean
  /** first word of a sentence or line, where capitals say nothing */
  initial: boolean
  numeric: boolean
  /** a number written right after a currency sign ($334, € 5.4) */
  money: boolean
}

const TOKEN_RE = /\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['’]\p{L}+)*/gu

/**
 * Splits text into tokens, noting capitalisation and sentence starts.
 * @example tokenize('Iran sells drones. The US objects.').map(t => t.lower) // ['iran','sells','drones','the','us','objects']
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = []
  let last = 0
  let initial = true
  TOKEN_RE.lastIndex = 0
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index
    if (out.length === 0 || breaksSentence(text, last, start)) initial = true
    const raw = m[0]
    const c = raw.charCodeAt(0)
    // ASCII first: digits are the only ASCII numbers and A-Z the only ASCII capitals
    const numeric = c < 128 ? c >= 48 && c <= 57 : /^\p{N}/u.test(raw)
    const first = raw.charAt(0)
    const cap = !numeric && (c < 128 ? c >= 65 && c <= 90 : first !== first.toLowerCase())
    let lower = raw.toLowerCase()
    if (lower.includes('’')) lower = lower.replace(/’/g, "'")
    if (numeric && lower.includes(',')) lower = lower.replace(/,/g, '')
    out.push({ lower, cap, initial, numeric, money: numeric && afterCurrency(text, last, start) })
    initial = false
    last = start + raw.length
  }
  return out
}

const CURRENCY = new Set('$€£¥₹'.split('').map((c) => c.charCodeAt(0)))

/** The text just before `to` (after the previous token) ends with a currency sign, spaces allowed. */
function afterCurrency(text: string, from: number, to: number): boolean {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 160) continue
    return CURRENCY.has(c)
  }
  return false
}

const BREAKS = new Set('.!?:;"“”\n|•–—'.split('').map((c) => c.charCodeAt(0)))

function breaksSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAKS.has(text.charCodeAt(i))) return true
  return false
}

/** Cleaned body: drops navigation-like fragments (short lines without sentence punctuation) and repeated lines. */
export function cleanBody(text: string, maxWords = 600): string {
  const seen = new Set<string>()
  const kept: string[] = []
  let words = 0
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (!line) continue
    const n = line.split(/\s+/).length
    if (n < 8 && !/[.!?"”]$/.test(line)) continue
    const key = line.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    kept.push(line)
    words += n
    if (words >= maxWords) break
  }
  return kept.join('\n')
}

/** A term is worth indexing: not a stopword, not a lone letter, not a one-digit number. */
export function isContentTerm(t: Token): boolean {
  if (t.numeric) return t.lower.length >= 2
  return t.lower.length >= 2 && !STOPWORDS.has(t.lower)
}

/** The stemmed key of a token (numbers kept as written). */
export function termOf(t: Token): string {
  return t.numeric ? t.lower : stem(t.lower)
}

/** Lower-cased word sequence for shingling (no stemming, stopwords kept). */
export function plainWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

/** An article's text made ready once for both its term counts and its features. */
export interface ArticleText {
  title: string
  body: string
  titleTokens: Token[]
  bodyTokens: Token[]
  /** per token, its term (`termOf`) when it is a content term (`isContentTerm`), else null: stemmed once */
  titleTerms: (string | null)[]
  bodyTerms: (string | null)[]
}

/** The term of each token that is a content term, null for the others. */
export function contentTerms(tokens: Token[]): (string | null)[] {
  return tokens.map((t) => (isContentTerm(t) ? termOf(t) : null))
}

/**
 * Cleans and tokenises a headline and a body (links dropped, body cleaned by `cleanBody`).
 * @example readText('Quake hits Chile', '').titleTokens.length // 3
 */
export function readText(title: string, text: string): ArticleText {
  const t = stripUrls(title ?? '').trim()
  const body = cleanBody(stripUrls(text ?? ''))
  const titleTokens = tokenize(t)
  const bodyTokens = tokenize(body)
  return { title: t, body, titleTokens, bodyTokens, titleTerms: contentTerms(titleTokens), bodyTerms: contentTerms(bodyTokens) }
}

/**
 * Distinct content terms of a headline and a body, in text order, at most `max`: what one
 * article adds to the stream's document frequencies.
 * @example documentTermsOf(readText('Quake hits Chile', ''), 8) // ['quak', 'hit', 'chil']
 */
export function documentTermsOf(text: ArticleText, max: number): string[] {
  const seen = new Set<string>()
  for (const terms of [text.titleTerms, text.bodyTerms]) {
    for (const t of terms) {
      if (seen.size >= max) return [...seen]
      if (t !== null) seen.add(t)
    }
  }
  return [...seen]
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi

/**
 * Text without its links: a URL names a site, never the event (and a channel's footer of links
 * would otherwise make every item of the channel look alike).
 * @example stripUrls('Follow us: https://twitter.com/x now') // 'Follow us:  now'
 */
export function stripUrls(text: string): string {
  return text.replace(URL_RE, ' ')
}
