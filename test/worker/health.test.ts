import { SELF } from 'cloudflare:test'
import { expect, it } from 'vitest'
import { BASE } from './helpers'

// That the D1 binding works is what every other Worker test exercises; this one is about /health.
it('answers /health with {"ok": true} as JSON', async () => {
  const res = await SELF.fetch(`${BASE}/health`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(await res.json()).toEqual({ ok: true })
})
