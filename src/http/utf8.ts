/**
 * UTF-8 for a document that comes in pieces (the renderers' `…Parts`: a head, one piece per
 * entry, an end), encoded piece by piece into one buffer.
 *
 * Why not `TextEncoder.encode(parts.join(''))`: a 50-entry feed is a string of 150–250 thousand
 * characters, and joining it makes V8 copy it into one flat string first (two bytes a character
 * as soon as one character is not Latin-1: a typographic dash or quote), a fresh large allocation
 * on every render that cost as much as the encoding itself. Each piece here is a few kilobytes.
 */

const encoder = new TextEncoder()

/**
 * The UTF-8 bytes of `parts.join('')`. Pieces must not split a surrogate pair (the renderers cut
 * between entries, at ASCII markup). The buffer starts at about the UTF-16 length (news is mostly
 * ASCII) and doubles when a piece does not fit.
 *
 * @example
 * utf8(['<rss>', '<item>é</item>', '</rss>']) // → the bytes of '<rss><item>é</item></rss>'
 */
export function utf8(parts: readonly string[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  let buf = new Uint8Array(length + (length >> 3) + 64)
  let at = 0
  for (const part of parts) {
    let rest = part
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, buf.subarray(at))
      at += written
      if (read === rest.length) break
      // Out of room: the rest of this piece goes into a buffer twice as large (or large enough for it at 3 bytes a unit).
      rest = rest.slice(read)
      const bigger = new Uint8Array(Math.max(buf.length * 2, at + rest.length * 3))
      bigger.set(buf.subarray(0, at))
      buf = bigger
    }
  }
  return buf.subarray(0, at)
}
