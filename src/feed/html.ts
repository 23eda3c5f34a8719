/** Turning Hono JSX into a string, synchronously (no async components anywhere in src/feed). */
import type { Child } from 'hono/jsx'

/**
 * Renders a synchronous Hono JSX tree to a string. Text and attributes are escaped by JSX.
 *
 * @example
 * renderHtml(<p>{'a < b'}</p>) // → '<p>a &lt; b</p>'
 */
export function renderHtml(node: Child): string {
  const out = node === null || node === undefined ? '' : (node as { toString(): unknown }).toString()
  if (typeof out !== 'string' && !(out instanceof String)) {
    throw new Error('renderHtml: async components are not supported in src/feed')
  }
  return String(out)
}
