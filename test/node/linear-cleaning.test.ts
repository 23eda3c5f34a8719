/**
 * Issue #19, 1: every step of text cleaning is linear. Each pathological input is timed at two
 * sizes, 4× apart; linear work takes about 4× as long, quadratic 16×. The bound (10×, plus slack
 * for a busy machine and the clock's grain) fails every quadratic step the issue found: 199,000
 * "<" took 54 s, many short lines 30 s.
 */
import { describe, expect, it } from 'vitest'
import { cleanBody } from '../../src/cluster/text'
import { articleFromInput } from '../../src/ingest/article'
import { cleanText } from '../../src/ingest/clean'
import { readCorpusText } from '../../src/ingest/corpus'
import { feedLinks, opmlOutlines } from '../../src/ingest/discover'
import { htmlToText } from '../../src/ingest/html'

const SMALL = 48_000
const LARGE = 4 * SMALL
/** Time ratio allowed for 4× the input, and absolute slack (ms) for timer grain, GC and a busy machine. */
const RATIO = 10
const SLACK_MS = 60

/** Hostile inputs of about `n` characters each. */
const INPUTS: Record<string, (n: number) => string> = {
  'a run of "<"': (n) => '<'.repeat(n),
  'a run of "&"': (n) => '&'.repeat(n),
  'half-open references': (n) => '&#x'.repeat(n / 3),
  'nested tags': (n) => '<div><b>'.repeat(n / 8),
  'unclosed tags and stray closers': (n) => '<b>'.repeat(n / 6) + '</i>'.repeat(n / 8),
  'unterminated comments': (n) => '<!--'.repeat(n / 4),
  'unterminated scripts': (n) => '<script>'.repeat(n / 8),
  'one giant word': (n) => 'x'.repeat(n),
  'many short lines': (n) => 'word\n'.repeat(n / 5),
  'many lower-case lines (re-joined)': (n) => 'and more\n'.repeat(n / 9),
  'many repeated paragraphs': (n) => 'one two three four five six seven\n\n'.repeat(n / 35),
  'many distinct paragraphs': (n) => Array.from({ length: n / 40 }, (_, i) => `one two three four five six ${i}.`).join('\n'),
  'a run of form feeds': (n) => `x${'\f'.repeat(n)}x`,
}

const STEPS: Record<string, (s: string) => unknown> = {
  htmlToText,
  cleanText,
  cleanBody: (s) => cleanBody(s),
  'text/plain reader': (s) => readCorpusText(`Headline\n${s}`),
  // A page added as a source (feed discovery) and an OPML import are read the same way: one pass.
  'feed discovery in a page': (s) => feedLinks(s, 'https://example.org/'),
  'OPML outlines': (s) => opmlOutlines(`<opml>${s}`, 200),
  'JSON article (html)': (s) => {
    try {
      return articleFromInput({ url: 'https://example.org/a', title: 'Headline', html: s }, { now: new Date() })
    } catch {
      return null // an empty body after cleaning is refused; the cost is what is measured
    }
  },
}

/** The fastest of three runs, in ms. */
function fastest(step: (s: string) => unknown, input: string): number {
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    step(input)
    best = Math.min(best, performance.now() - start)
  }
  return best
}

describe('text cleaning takes linear time on hostile input', () => {
  for (const [name, step] of Object.entries(STEPS)) {
    it(`${name}`, { timeout: 120_000 }, () => {
      const slow: string[] = []
      for (const [what, make] of Object.entries(INPUTS)) {
        const small = make(SMALL)
        const large = make(LARGE)
        fastest(step, small) // warm up the JIT
        const ts = fastest(step, small)
        const tl = fastest(step, large)
        if (tl > RATIO * ts + SLACK_MS) slow.push(`${what}: ${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms for 4× the input`)
        // And fast in absolute terms: 200 KB, the most an article may hold, well under a second.
        if (tl > 1_500) slow.push(`${what}: ${tl.toFixed(0)} ms for ${LARGE} characters`)
      }
      expect(slow).toEqual([])
    })
  }

  it('keeps the output of normal text: repeats dropped, hard wraps re-joined', () => {
    const caption = 'Rescue workers search the rubble of a collapsed building in Antofagasta'
    const raw = [
      `${caption}. (Photo credit: AFP)`,
      'Rescue workers searched the rubble on Saturday',
      'after the quake struck the port city.',
      caption,
      'A pull quote said by the mayor of the city today',
      'The mayor said: A pull quote said by the mayor of the city today, and more.',
      'The same paragraph twice over in this text here.',
      'The same paragraph twice over in this text here.',
    ].join('\n\n')
    expect(cleanText(raw).text).toBe(
      [
        'Rescue workers searched the rubble on Saturday',
        'after the quake struck the port city.',
        'The mayor said: A pull quote said by the mayor of the city today, and more.',
        'The same paragraph twice over in this text here.',
      ].join('\n\n'),
    )
    // A fact line ("By …") is never joined to the next; a sentence end stops the join too.
    expect(cleanText('The US is pushing Iran\nto stop selling drones.\nofficials said\nBy the end of\nthe week').text).toBe(
      'The US is pushing Iran to stop selling drones.\n\nofficials said\n\nBy the end of\n\nthe week',
    )
  })
})
