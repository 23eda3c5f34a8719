/**
 * HTML → plain text for article bodies, without a DOM (none exists in workerd's pure core):
 * drop scripts, styles, figures' captions and other non-text elements, turn block elements into
 * paragraph breaks, keep the text and decode character references.
 *
 * The markup is read by htmlparser2's `Tokenizer` (a WHATWG-style state machine, one pass over
 * the input) with our own callbacks, not by its `Parser`: the `Parser` keeps an open-element
 * stack it `unshift`s and searches on every tag, which is quadratic on deeply nested or unclosed
 * tags (hostile input). We need no tree, only "am I inside a skipped element", so every tag costs
 * O(1) and the whole conversion is linear in the input (issue #19).
 */
import { Tokenizer } from 'htmlparser2'

/** Elements that start a new paragraph (opening or closing). */
const BLOCK = new Set(
  'p div br hr h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer aside main table tr address figure details summary'.split(' '),
)
/** Elements whose whole content is not part of the report. */
const SKIP = new Set('script style noscript template svg iframe object form nav button select figcaption math'.split(' '))
/** Elements the tokenizer reads as raw text up to their end tag even when written `<x/>`. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'textarea', 'title', 'xmp', 'noembed', 'noframes'])

/**
 * Plain text from an HTML fragment or page: one paragraph per block element, separated by a
 * blank line; scripts, styles, forms, navigation and figure captions removed; entities decoded.
 * Linear time and memory in `html.length`, whatever the markup (unclosed, nested, or none).
 *
 * @example
 * htmlToText('<p>Tom &amp; Jerry</p><script>x()</script><p>Second<br>line</p>') // 'Tom & Jerry\n\nSecond\n\nline'
 */
export function htmlToText(html: string): string {
  const out: string[] = []
  // The skipped element we are inside (null: none), and how many of that name are open: a
  // counter, not a stack, so nesting costs nothing.
  let skipping: string | null = null
  let skipDepth = 0
  let tag = ''
  const emit = (s: string) => {
    if (skipping === null) out.push(s)
  }
  const open = (selfClosing: boolean) => {
    if (skipping !== null) {
      if (tag === skipping && !selfClosing) skipDepth += 1
      return
    }
    if (SKIP.has(tag) && !selfClosing) {
      skipping = tag
      skipDepth = 1
      out.push(' ')
    } else out.push(BLOCK.has(tag) ? '\n\n' : '')
  }
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => emit(html.slice(start, end)),
      ontextentity: (cp) => emit(String.fromCodePoint(cp)),
      onopentagname: (start, end) => {
        tag = html.slice(start, end).toLowerCase()
      },
      onopentagend: () => open(false),
      // `<x/>` closes nothing in HTML except where the tokenizer still reads raw text after it.
      onselfclosingtag: () => open(!RAW_TEXT.has(tag)),
      onclosetag: (start, end) => {
        const name = html.slice(start, end).toLowerCase()
        if (skipping !== null) {
          if (name === skipping && --skipDepth === 0) {
            skipping = null
            out.push(' ')
          }
          return
        }
        out.push(BLOCK.has(name) ? '\n\n' : '')
      },
      oncomment: () => emit(' '),
      oncdata: (start, end) => emit(html.slice(start, end)),
      onattribdata: () => {},
      onattribentity: () => {},
      onattribend: () => {},
      onattribname: () => {},
      ondeclaration: () => {},
      onprocessinginstruction: () => {},
      onend: () => {},
    },
  )
  tokenizer.write(html)
  tokenizer.end()
  return paragraphsOf(out.join(''))
}

/**
 * Paragraphs split at blank lines (a line holding only whitespace counts as blank), each with its
 * whitespace collapsed. Both regexes are linear: `\n\s*\n` can only start at a newline and
 * backtracks at most over the whitespace run after it.
 */
function paragraphsOf(text: string): string {
  const paras: string[] = []
  for (const block of text.split(/\n\s*\n/)) {
    const p = block.replace(/\s+/g, ' ').trim()
    if (p !== '') paras.push(p)
  }
  return paras.join('\n\n')
}
