/**
 * A tiny XML writer for the RSS and Atom renderers: elements as plain data, serialised with every
 * text and attribute escaped (no CDATA, no raw strings), so no article text can break the document.
 */
import { escapeXml } from './text'

/** One XML element. Build it with {@link el}. */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[] | string
}

/** Attribute values; `null`/`undefined` attributes are left out. */
export type XmlAttrs = Record<string, string | null | undefined>

/**
 * An element with attributes and either text or child elements (`null`/`false` children are
 * skipped, arrays are flattened).
 *
 * @example
 * xml(el('title', { type: 'text' }, 'A & B')) // → '<?xml …?>\n<title type="text">A &amp; B</title>\n'
 */
export function el(
  name: string,
  attrs: XmlAttrs = {},
  ...children: (XmlElement | XmlElement[] | string | null | undefined | false)[]
): XmlElement {
  const kept: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) kept[k] = v
  const texts = children.filter((c): c is string => typeof c === 'string')
  if (texts.length > 0) return { name, attrs: kept, children: texts.join('') }
  const elements = children.flat().filter((c): c is XmlElement => typeof c === 'object' && c !== null)
  return { name, attrs: kept, children: elements }
}

function escapeAttr(value: string): string {
  return escapeXml(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

function write(node: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth)
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('')
  if (typeof node.children === 'string') {
    out.push(`${pad}<${node.name}${attrs}>${escapeXml(node.children).replace(/\r/g, '&#13;')}</${node.name}>`)
  } else if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>`)
  } else {
    out.push(`${pad}<${node.name}${attrs}>`)
    for (const child of node.children) write(child, depth + 1, out)
    out.push(`${pad}</${node.name}>`)
  }
}

/**
 * Serialises a document: the XML declaration, then the root element, indented, ending in a newline.
 *
 * @example
 * xml(el('feed', { xmlns: 'http://www.w3.org/2005/Atom' }, el('id', {}, 'tag:x,2024:feed')))
 */
export function xml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>']
  write(root, 0, out)
  return `${out.join('\n')}\n`
}
