import { describe, expect, it } from 'vitest'
import { allowPrivateSources, refuseAddress } from './address'

describe('refuseAddress: only public addresses are fetched (issue 19)', () => {
  it('lets public hosts and addresses through', () => {
    for (const url of ['https://feeds.bbci.co.uk/news/rss.xml', 'http://8.8.8.8/feed', 'https://[2606:4700:4700::1111]/', 'http://example.com:8080/x?y=1']) {
      expect(refuseAddress(url, false), url).toBeNull()
    }
  })
  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and reserved IPv4', () => {
    for (const url of ['http://127.0.0.1/', 'http://127.8.9.10:9229/json', 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/', 'http://224.0.0.1/', 'http://0.0.0.0/', 'http://255.255.255.255/', 'http://192.0.2.1/']) {
      expect(refuseAddress(url, false), url).toMatch(/not a public address/)
    }
  })
  it('refuses decimal, hex, octal and short spellings of 127.0.0.1', () => {
    for (const url of ['http://2130706433/', 'http://0x7f000001/', 'http://0x7f.0.0.1/', 'http://0177.0.0.1/', 'http://127.1/', 'http://017700000001/']) {
      expect(refuseAddress(url, false), url).toBe('http://127.0.0.1/ is not a public address (loopback)')
    }
  })
  it('refuses IPv6 loopback, unique-local, link-local, unspecified and IPv4-mapped forms', () => {
    for (const url of ['http://[::1]/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[fe80::1]/', 'http://[::]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[::ffff:10.0.0.1]/']) {
      expect(refuseAddress(url, false), url).toMatch(/not a public address/)
    }
  })
  it('refuses names that only mean a local machine, and schemes other than http(s)', () => {
    for (const url of ['http://localhost/', 'http://LOCALHOST./', 'http://api.localhost/', 'http://printer.local/', 'http://metadata.google.internal/', 'http://intranet/']) {
      expect(refuseAddress(url, false), url).toMatch(/local machine/)
    }
    expect(refuseAddress('file:///etc/passwd', false)).toMatch(/http or https only/)
    expect(refuseAddress('gopher://example.com/', false)).toMatch(/http or https only/)
    expect(refuseAddress('not a url', false)).toBe('is not a URL')
  })
  it('with the setting on, lets loopback through, and nothing else private', () => {
    for (const url of ['http://127.0.0.1:8813/feed', 'http://[::1]:8080/', 'http://localhost:3000/', 'http://2130706433/']) expect(refuseAddress(url, true), url).toBeNull()
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://[fc00::1]/', 'http://0.0.0.0/']) expect(refuseAddress(url, true), url).not.toBeNull()
  })
  it('reads the setting strictly: only "true" or "1" allows loopback', () => {
    expect([undefined, '', 'false', 'yes', 'TRUE '].map(allowPrivateSources)).toEqual([false, false, false, false, false])
    expect(['true', '1'].map(allowPrivateSources)).toEqual([true, true])
  })
})
