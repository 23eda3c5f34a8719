/**
 * Which URLs the Worker may fetch as source feeds: public http(s) addresses only (issue 19: a
 * source URL pointing at loopback, the cloud metadata address or a private network made the
 * Worker fetch internal services and publish what they answered).
 *
 * The WHATWG URL parser already turns every IPv4 spelling (decimal `2130706433`, hex
 * `0x7f000001`, octal `0177.0.0.1`, short `127.1`) into dotted form and compresses IPv6, so the
 * check reads `URL.hostname` and classifies the address with ipaddr.js. Only addresses in its
 * `unicast` range are public; IPv4-mapped/-translated IPv6 forms are judged by their IPv4.
 * Host names cannot be resolved inside a Worker; names that only ever mean a local machine
 * (`localhost`, `*.localhost`, `*.local`, `*.internal`, single labels) are refused, and others are
 * left to the platform (Cloudflare's fetch does not reach private networks).
 */
import ipaddr from 'ipaddr.js'

/** Why a URL may not be fetched, or null when it may. */
export type AddressVerdict = string | null

const LOCAL_NAMES = /(?:^|\.)(?:localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i

/** True for a loopback host name or address: 127.0.0.0/8, ::1 (also bracketed), `localhost` and its subdomains. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase()
  if (/^(?:.+\.)?localhost$/i.test(host)) return true
  if (!ipaddr.isValid(host)) return false
  const a = ipaddr.process(host) // IPv4-mapped IPv6 → IPv4
  return a.range() === 'loopback'
}

/**
 * Checks that `url` is an http(s) URL whose host is a public address.
 * Takes an absolute URL string and whether loopback hosts are allowed (the `ALLOW_PRIVATE_SOURCES`
 * setting: local development and tests that poll upstreams on 127.0.0.1). Returns null when the
 * URL may be fetched, else a short reason ("… is a private address (loopback)"). Never throws.
 *
 * @example
 * refuseAddress('https://example.com/feed.xml', false) // null
 * refuseAddress('http://2130706433/', false)           // 'http://127.0.0.1/ is not a public address (loopback)'
 * refuseAddress('http://127.0.0.1:8080/', true)        // null
 */
export function refuseAddress(url: string, allowLoopback: boolean): AddressVerdict {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'is not a URL'
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${u.protocol} URLs are not fetched (http or https only)`
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase()
  const shown = `${u.protocol}//${u.host}/`
  if (allowLoopback && isLoopback(host)) return null
  if (ipaddr.isValid(host)) {
    const addr = ipaddr.process(host)
    const range = addr.range()
    if (range !== 'unicast') return `${shown} is not a public address (${range})`
    return null
  }
  if (host === '' || !host.includes('.') || LOCAL_NAMES.test(host)) return `${shown} names a local machine, not a public host`
  // A name made only of digits, dots and hex could be an address spelling the URL parser did not take as one.
  if (/^[0-9.]+$/.test(host) || /^0x[0-9a-f.]+$/i.test(host)) return `${shown} is not a public address`
  return null
}

/**
 * Reads the `ALLOW_PRIVATE_SOURCES` setting: exactly "true" (or "1") allows loopback upstreams;
 * anything else, including unset, refuses them (the production default).
 */
export function allowPrivateSources(setting: string | undefined): boolean {
  return setting === 'true' || setting === '1'
}
