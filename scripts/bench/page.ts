/**
 * The 50-entry page of the render bench (./serve.ts): 4 outlets per development, 10-step story
 * timelines, a few hostile headlines.
 */
import { FeedMeta } from '../../src/feed/meta'
import type { DevelopmentView } from '../../src/schema'

const SITE = 'https://storyfold.example'
const OUTLETS = ['Reuters', 'Financial Times', 'The Jerusalem Post', 'Al-Monitor', 'BBC News', 'Le Monde', 'AP & Co']

/** 50 developments in 5 stories of 10, newest first, like a first page of the main feed. */
export function benchDevelopments(count = 50): DevelopmentView[] {
  const base = Date.parse('2024-03-01T00:00:00.000Z')
  const at = (i: number, min = 0) => new Date(base - i * 3_600_000 + min * 60_000).toISOString()
  const title = (i: number) =>
    i % 7 === 0 ? `Q&A #${i}: <drones> & "ammo" ]]> sold 🚀 at 5 < 6 (AT&amp;T)` : `Development ${i}: officials confirm talks on the ${i}th round of sanctions relief`
  return Array.from({ length: count }, (_, i) => {
    const story = Math.floor(i / 10)
    return {
      id: `d_${i}`,
      storyId: `s_${story}`,
      title: title(i),
      summary: `Officials said on day ${i} that talks would continue & that <no> deal was near. A second sentence adds context about the negotiations and who is involved.`,
      published: at(i),
      updated: at(i, 45),
      articleCount: 4,
      outletCount: 4,
      outlets: Array.from({ length: 4 }, (_, k) => ({
        articleId: `a_${i}_${k}`,
        outlet: OUTLETS[(i + k) % OUTLETS.length]!,
        title: `${OUTLETS[(i + k) % OUTLETS.length]} reports: ${title(i)}`,
        url: `https://news${k}.example/${i}/article-${k}?utm_source=rss&ref=${k}`,
        published: at(i, k * 10),
        adds: k === 1 ? ['The ministry declined to comment.', 'Markets rose 2% on the news.'] : [],
        copyOf: k === 3 ? `a_${i}_0` : null,
        byline: k === 0 ? 'Reuters' : null,
      })),
      // The story window a view carries (src/http/views.ts): up to 5 earlier, itself, up to 5 later.
      timeline: Array.from({ length: 10 }, (_, t) => story * 10 + 9 - t)
        .filter((j) => Math.abs(j - i) <= 5)
        .map((j) => ({ id: `d_${j}`, title: title(j), published: at(j) })),
      storySize: 10,
    }
  })
}

export const benchMeta: FeedMeta = FeedMeta.parse({
  id: 'tag:storyfold.example,2024:feed',
  title: 'storyfold',
  description: "One entry per development: every outlet's report of the same news, folded.",
  siteUrl: SITE,
  selfUrl: `${SITE}/feed.xml`,
  links: { rss: `${SITE}/feed.xml`, atom: `${SITE}/atom.xml`, json: `${SITE}/feed.json`, html: `${SITE}/` },
  lang: 'en',
  updated: '2024-03-01T00:45:00.000Z',
  nextUrl: `${SITE}/feed.xml?before=2024-02-28T23%3A00%3A00.000Z&id=d_49`,
  prevUrl: null,
  generator: 'storyfold',
})
