/**
 * Boilerplate removal: turn the text of a news page into the report a reader wants.
 *
 * The rules are patterns of page furniture seen across news sites (navigation bars, breadcrumbs,
 * photo captions and credits, "Read also" teasers, advert markers, comment forms, sidebar
 * widgets, donation appeals), not strings fitted to one page. Lines that carry facts (the
 * byline, Published/Updated times, "Read the original article on X") are read, then dropped.
 */

/** Facts read from lines that are then dropped from the body. Dates are raw strings, as written. */
export interface TextFacts {
  /** "By REUTERS" → "Reuters". */
  byline: string | null
  /** The text after "Published:" (e.g. "AUGUST 16, 2023 07:20"). */
  published: string | null
  /** The text after "Updated:". */
  updated: string | null
  /** "Read the original article on The New Voice of Ukraine" → "The New Voice of Ukraine". */
  originalOutlet: string | null
}

export interface CleanedText {
  /** The clean body: paragraphs separated by one blank line. */
  text: string
  facts: TextFacts
  /** The lines removed, in order (for tests and debugging). */
  dropped: string[]
}

// Every whitespace character but the line break becomes one space: the line rules below then
// never meet a run of whitespace, so none of their `\s*` can backtrack over one (linear time).
const ws = (s: string): string => s.replace(/[^\S\n]+/g, ' ').trim()

const PUBLISHED = /^(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s+(.{6,60})$/i
const UPDATED = /^(?:last\s+)?(?:updated|modified)(?:\s+on)?\s*:?\s+(.{6,60})$/i
const ORIGINAL = /^(?:read|see|view) the original (?:article|story|post) (?:on|at) (.{2,80}?)\.?$/i
const BYLINE = /^by\s+(.{2,100})$/i
const LOOKS_LIKE_DATE = /\d{4}|\d{1,2}:\d{2}/

/** Whole lines that are page furniture. Each pattern is a family seen on many sites. */
const FURNITURE: RegExp[] = [
  // Advert markers: "- Advertisement -", "ADVERTISEMENT", "Sponsored content".
  /^[-–—\s]*(?:advertisement|advertising|ad|sponsored(?: content)?|promoted(?: content)?|story continues below(?: advertisement)?)[-–—\s]*$/i,
  // Teasers to other articles: "See also Beyonce …", "Read also: …", "Also read: …", "Related: …".
  /^(?:see|read|watch|listen)\s+(?:also|more)\b/i,
  /^(?:also\s+(?:read|see|watch)|related(?:\s+(?:articles?|stories|posts|coverage|reading))?|more on this(?: story)?|recommended)\s*[:\-–—|]/i,
  // Comment forms.
  /^please enter (?:your |a )?(?:comment|name|e-?mail(?: address)?|valid e-?mail)(?: here)?\s*!?\.?$/i,
  /^you have entered an incorrect e-?mail address!?$/i,
  /^(?:leave a (?:reply|comment)|post (?:a )?comment|submit comment|add a comment|\d+ comments?|comments?)\s*:?$/i,
  /^save my name,? e-?mail,? and website in this browser/i,
  // Sidebar widgets and theme chrome.
  /^(?:most (?:popular|read|viewed|shared|commented)|recent (?:comments|posts|articles)|related (?:articles|posts|stories|news)|trending(?: now| stories)?|popular (?:posts|stories|articles)|latest (?:news|stories|posts)|editor'?s picks|you (?:may|might) also like|more (?:stories|news|from \S.{0,40})|top stories)\s*:?$/i,
  /^(?:exit mobile version|skip to (?:main )?content|back to top|toggle navigation|menu|search|share(?: this(?: article| story)?)?(?: on (?:facebook|twitter|x|whatsapp|linkedin))?|follow us(?: on .{1,40})?|print(?: this article)?|e-?mail this article)\s*:?$/i,
  /^(?:sign up|subscribe)\b.{0,80}\bnewsletters?\b.{0,40}$/i,
  /^(?:tags?|topics?|filed under)\s*:.{0,200}$/i,
  /^(?=.{0,160}$).*(?:©|\ball rights reserved\b)/i,
]

/** Appeals for money or sign-ups: a short paragraph asking the reader to support the outlet. */
const APPEAL = /\b(?:support us|support our (?:work|journalism|newsroom)|become an? (?:patron|member|supporter|subscriber)|one-time donation|make a donation|donate (?:now|today)|subscribe (?:now|today) for)\b/i

/** Photo captions carry a credit: "(photo credit: X)", "(credit: X)", "… Credit: Agency / Shutterstock.com". */
const CAPTION_CREDIT = /\((?:photo|image|picture|video)?\s*(?:credits?|courtesy)\s*:|(?:^|[\s.])(?:photo|image|picture)?\s*(?:credits?|courtesy)\s*:\s*\S.{0,80}$|^(?:photo|image|picture|file photo)\s*:\s*\S.{0,80}$/i

/**
 * A breadcrumb trail: "Home › World › Middle East", or one flattened from markup with the
 * crumbs glued together ("HomeTop StoriesUS urges Iran …").
 */
const BREADCRUMB = /^[Hh][Oo][Mm][Ee](?:\s*[»>›/|·•]\s*|(?=[A-Z]))/

/** Section names that fill site navigation bars. */
const SECTIONS = new Set(
  'news world business opinion sport sports health wellness culture tech technology science politics entertainment lifestyle travel video videos podcasts markets economy middle east archeology archaeology innovation life style food weather local national international arts books home'.split(' '),
)

/**
 * A site navigation bar flattened into one line: many capitalised menu words, no sentence, and
 * either several section names or a repeated menu item ("Israel News Israel News").
 *
 * @example
 * isNavigationLine('The Jerusalem Post - Israel News Israel News Health & Wellness WORLD NEWS Middle East') // true
 * isNavigationLine('US tells Iran: Stop selling kamikaze drones to Russia') // false
 */
export function isNavigationLine(line: string): boolean {
  const s = ws(line)
  if (/[.!?:;"”]$/.test(s)) return false
  const words = s.split(' ').filter((w) => /\p{L}/u.test(w))
  if (words.length < 6) return false
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length
  if (capitalised / words.length < 0.85) return false
  const lower = words.map((w) => w.toLowerCase())
  const sections = lower.filter((w) => SECTIONS.has(w)).length
  const pairs = lower.slice(1).map((w, i) => `${lower[i]} ${w}`)
  const repeated = pairs.length !== new Set(pairs).size
  return sections >= 4 || (repeated && sections >= 2)
}

/** True when a whole line is page furniture that never belongs in the body. */
export function isBoilerplateLine(line: string): boolean {
  const s = ws(line)
  if (s === '') return false
  return FURNITURE.some((re) => re.test(s)) || BREADCRUMB.test(s) || isNavigationLine(s) || isAppeal(s)
}

const isAppeal = (s: string): boolean => s.length <= 400 && APPEAL.test(s)
const isCaption = (s: string): boolean => CAPTION_CREDIT.test(s)

const WIRE_ACRONYMS = new Set('AP AFP UPI DPA ANI PTI IANS EFE ANSA TPS JNS JTA IRNA WAFA BBC CNN NPR PA'.split(' '))

/**
 * "REUTERS" → "Reuters", "JOHN SMITH AND JANE DOE" → "John Smith and Jane Doe"; short all-caps
 * wire names stay as they are ("AP", "AFP"); mixed-case bylines are left alone.
 *
 * @example
 * normaliseByline('REUTERS') // 'Reuters'
 */
export function normaliseByline(raw: string): string {
  const s = ws(raw).replace(/[.,;]+$/, '')
  if (s !== s.toUpperCase()) return s
  const words = s.split(' ')
  return words
    .map((w) => {
      const lw = w.toLowerCase()
      if (lw === 'and' || lw === 'in' || lw === 'of') return lw
      // A lone short word is a wire's acronym ("AFP"); so are the well-known ones anywhere.
      if ((words.length === 1 && /^\p{L}{1,4}$/u.test(w)) || WIRE_ACRONYMS.has(w)) return w
      return lw.replace(/(^|[-'’])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase())
    })
    .join(' ')
}

/** A byline is short and reads like names: "By REUTERS", "By Jane Doe and John Roe", not "By the end of …". */
function readByline(s: string): string | null {
  const m = BYLINE.exec(s)
  if (!m) return null
  const words = m[1]!.split(' ')
  if (words.length > 10 || /[.!?]$/.test(m[1]!.replace(/\b\p{Lu}\.$/u, ''))) return null
  const ok = words.every((w) => /^[\p{Lu}&]/u.test(w) || /^(?:and|in|of|de|al|van|von|bin|ben|la|le|for)$/.test(w))
  return ok ? normaliseByline(m[1]!) : null
}

const isFactLine = (s: string): boolean => PUBLISHED.test(s) || UPDATED.test(s) || BYLINE.test(s)

/** Longest line a fact-line rule can match (PUBLISHED, UPDATED, BYLINE are bounded); longer is never one. */
const MAX_FACT_LINE = 200
const ENDS_SENTENCE = new Set('.!?:;"”’)]')

/**
 * Split into paragraphs: one per line, re-joining lines a hard wrap broke mid-sentence.
 * Linear: a paragraph being re-joined is kept as its lines and joined once at the end (testing
 * and appending to the growing string would copy it for every line: quadratic on many short lines).
 */
function paragraphs(raw: string): string[] {
  const out: string[][] = []
  let prevBlank = true
  let prevLength = 0
  for (const line of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const s = ws(line)
    if (s === '') {
      prevBlank = true
      continue
    }
    const prev = out[out.length - 1]
    const prevLast = prev?.[prev.length - 1]
    const prevIsFact = prev !== undefined && prevLength <= MAX_FACT_LINE && isFactLine(prev.join(' '))
    if (!prevBlank && prev !== undefined && !ENDS_SENTENCE.has(prevLast!.slice(-1)) && /^\p{Ll}/u.test(s) && !prevIsFact) {
      prev.push(s)
      prevLength += 1 + s.length
    } else {
      out.push([s])
      prevLength = s.length
    }
    prevBlank = false
  }
  return out.map((p) => p.join(' '))
}

const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()

/**
 * Clean the text of a news page: read the facts its furniture carries, drop the furniture,
 * drop captions and text repeated elsewhere, and return paragraphs separated by a blank line.
 *
 * @example
 * const { text, facts } = cleanText('By REUTERS\nPublished: AUGUST 16, 2023 07:20\n\nThe US is pushing Iran …\n\n- Advertisement -')
 * // text === 'The US is pushing Iran …'; facts.byline === 'Reuters'; facts.published === 'AUGUST 16, 2023 07:20'
 */
export function cleanText(raw: string): CleanedText {
  const facts: TextFacts = { byline: null, published: null, updated: null, originalOutlet: null }
  const dropped: string[] = []
  const captions: string[] = []
  const kept: string[] = []
  for (const p of paragraphs(raw)) {
    let m: RegExpExecArray | null
    const byline = facts.byline === null ? readByline(p) : null
    if (byline !== null) facts.byline = byline
    else if ((m = PUBLISHED.exec(p)) && LOOKS_LIKE_DATE.test(m[1]!) && facts.published === null) facts.published = m[1]!
    else if ((m = UPDATED.exec(p)) && LOOKS_LIKE_DATE.test(m[1]!) && facts.updated === null) facts.updated = m[1]!
    else if ((m = ORIGINAL.exec(p))) facts.originalOutlet ??= m[1]!
    else if (isCaption(p)) captions.push(norm(p))
    else if (!isBoilerplateLine(p)) {
      kept.push(p)
      continue
    }
    dropped.push(p)
  }
  // A caption repeated without its credit, and a standfirst or pull quote the body repeats word
  // for word, are text the reader has already seen (or is about to): keep the longer copy only.
  const repeated = repeatedParagraphs(kept.map(norm), captions)
  const text = kept.filter((p, i) => {
    if (repeated[i]) dropped.push(p)
    return !repeated[i]
  })
  return { text: text.join('\n\n'), facts, dropped }
}

/** How many words a paragraph needs before it counts as a repeat, and the shingle the index keys on. */
const REPEAT_MIN_WORDS = 6
/** Places remembered per shingle: bounds the work on text that repeats one phrase over and over. */
const REPEAT_PLACES = 8

/**
 * For each normalised paragraph (words separated by single spaces), whether it is a repeat: it has
 * at least six words and its words occur, in order and contiguous, inside a caption or inside a
 * longer paragraph, or it equals an earlier paragraph. Linear in the total number of words:
 * every six-word shingle of the paragraphs and captions is indexed with at most eight places,
 * and a paragraph is compared word by word only at the places its first shingle occurs (a
 * repeat hidden behind eight earlier occurrences of the same six words is missed, a
 * deliberate bound on hostile text).
 */
function repeatedParagraphs(normed: string[], captions: string[]): boolean[] {
  const docs = [...normed, ...captions].map((n) => (n === '' ? [] : n.split(' ')))
  const places = new Map<string, [number, number][]>()
  for (const [d, words] of docs.entries()) {
    for (let at = 0; at + REPEAT_MIN_WORDS <= words.length; at++) {
      const key = words.slice(at, at + REPEAT_MIN_WORDS).join(' ')
      const list = places.get(key)
      if (!list) places.set(key, [[d, at]])
      else if (list.length < REPEAT_PLACES) list.push([d, at])
    }
  }
  return normed.map((_, i) => {
    const words = docs[i]!
    if (words.length < REPEAT_MIN_WORDS) return false
    for (const [d, at] of places.get(words.slice(0, REPEAT_MIN_WORDS).join(' ')) ?? []) {
      if (d === i) continue
      const other = docs[d]!
      if (at + words.length > other.length) continue
      let k = REPEAT_MIN_WORDS
      while (k < words.length && other[at + k] === words[k]) k++
      if (k < words.length) continue
      const isCaption = d >= normed.length
      // A caption holding it, or a longer paragraph; an equal one counts only when it came first.
      if (isCaption || other.length > words.length || d < i) return true
    }
    return false
  })
}
