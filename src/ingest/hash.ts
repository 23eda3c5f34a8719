/**
 * A small, synchronous, deterministic hash: FNV-1a 64-bit over the UTF-8 bytes of a string.
 *
 * WebCrypto's SHA-256 is async, and ids are minted inside pure, synchronous code, so ingest uses
 * this instead. It is not a cryptographic hash: it names things (articles, corpus versions), it
 * does not protect them. Implemented with 16-bit limbs in plain number arithmetic (no BigInt),
 * so it gives the same answer in Node and in workerd.
 */

const encoder = new TextEncoder()

const hex16 = (n: number): string => n.toString(16).padStart(4, '0')

/**
 * FNV-1a 64-bit of the UTF-8 encoding of `input`, as 16 lowercase hex characters.
 *
 * @example
 * fnv1a64('')       // 'cbf29ce484222325'
 * fnv1a64('foobar') // '85944171f73967e8'
 */
export function fnv1a64(input: string): string {
  const bytes = encoder.encode(input)
  // Offset basis 0xcbf29ce484222325 as four 16-bit limbs, least significant first.
  let h0 = 0x2325
  let h1 = 0x8422
  let h2 = 0x9ce4
  let h3 = 0xcbf2
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i] as number
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40); h << 40 moves limb 0 into limb 2 (shifted 8)
    // and limb 1 into limb 3 (shifted 8). Every intermediate stays below 2^53.
    const t0 = h0 * 0x1b3
    const t1 = h1 * 0x1b3 + Math.floor(t0 / 0x10000)
    const t2 = h2 * 0x1b3 + Math.floor(t1 / 0x10000) + h0 * 0x100
    const t3 = h3 * 0x1b3 + Math.floor(t2 / 0x10000) + h1 * 0x100
    h0 = t0 % 0x10000
    h1 = t1 % 0x10000
    h2 = t2 % 0x10000
    h3 = t3 % 0x10000
  }
  return hex16(h3) + hex16(h2) + hex16(h1) + hex16(h0)
}
