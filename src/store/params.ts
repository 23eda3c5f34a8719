/**
 * D1 takes at most 100 bound parameters per statement: a list longer than that is bound in parts.
 * (Lists that may be long and need no index on each value go in as one JSON parameter with
 * `json_each` instead, as ./fold.ts does.)
 */

/** Parameters per part: room left for a statement's own few. */
const PART = 90

/**
 * `xs` in consecutive parts of at most `size` (default 90) items.
 *
 * @example
 * inParts(ids).map((part) => db.prepare(`SELECT … WHERE id IN (${marks(part.length)})`).bind(...part))
 */
export function inParts<T>(xs: readonly T[], size = PART): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

/** `?, ?, …`: `n` placeholders. */
export function marks(n: number): string {
  return Array(n).fill('?').join(', ')
}
