import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from './dev-server'

let server: DevServer

beforeAll(async () => {
  server = await startDevServer()
})
afterAll(async () => {
  await server?.stop()
})

describe('npm start on a fresh clone', () => {
  it('serves all three feeds of the seed corpus', async () => {
    for (const [path, type] of [
      ['/feed.xml', 'application/rss+xml'],
      ['/atom.xml', 'application/atom+xml'],
      ['/feed.json', 'application/feed+json'],
    ] as const) {
      const res = await fetch(`${server.base}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`)
      const body = await res.text()
      expect(body).toContain('Russia: Drone axis with Iran will withstand pressure from US')
    }
  })

  it('shows a newly posted article in all three feeds, and keeps it across a restart', async () => {
    const res = await fetch(`${server.base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: 'https://news.example.net/iran-drone-talks-qatar',
        outlet: 'Example Wire',
        title: 'Iran denies US talks in Qatar covered drone sales to Russia',
        published: '2023-08-17T09:00:00Z',
        text:
          "Iran's foreign ministry on Thursday denied a Financial Times report that indirect talks with the United States in Qatar and Oman " +
          'covered Iranian sales of armed drones to Russia for the war in Ukraine. A spokesman called the report speculation.',
      }),
    })
    expect(res.status).toBe(201)
    const { results } = (await res.json()) as { results: { developmentId: string }[] }
    const devId = results[0]?.developmentId as string
    const check = async () => {
      for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
        const body = await (await fetch(`${server.base}${path}`)).text()
        expect(body, path).toContain(devId)
      }
    }
    await check()
    await server.restart()
    await check()
  })
})
