import { SELF, env } from 'cloudflare:test'
import { expect, it } from 'vitest'

it('answers health and has a D1 binding', async () => {
  const res = await SELF.fetch('http://example.com/health')
  expect(res.status).toBe(200)
  const row = await env.DB.prepare('SELECT 1 AS one').first<{ one: number }>()
  expect(row?.one).toBe(1)
})
