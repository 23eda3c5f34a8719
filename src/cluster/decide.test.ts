import { describe, expect, it } from 'vitest'
import { CANDIDATE_LIMIT, decide, developmentIdFor } from './decide'
import { openState } from './development'
import { featurize, indexKeys } from './features'
import type { ClusterArticle } from './features'
import { Folder } from './folder'

const DAY = 86_400_000
const t0 = Date.parse('2014-04-01T08:00:00Z')
const quakeChile: ClusterArticle = {
  id: 'a1',
  title: 'Magnitude 8.2 earthquake strikes off northern Chile',
  text:
    'A magnitude 8.2 earthquake struck off the coast of northern Chile near Iquique on Tuesday evening, triggering a tsunami warning. ' +
    'Six people were killed and authorities evacuated coastal towns as waves of two metres hit the port of Pisagua. ' +
    'President Michelle Bachelet declared a disaster zone in Arica and Tarapaca.',
  published: t0,
  outlet: 'Wire',
}
const quakeIran: ClusterArticle = {
  id: 'a2',
  title: 'Earthquake strikes Qeshm island in southern Iran',
  text:
    'A magnitude 5.9 earthquake struck Qeshm island in the Persian Gulf, Iranian state television said, destroying villages. ' +
    'Rescue teams from Bandar Abbas reached the island, where the governor said at least ten people were killed and dozens hurt. ' +
    'The quake was felt across Hormozgan province.',
  published: t0 + 3600_000,
  outlet: 'Other',
}

describe('decide', () => {
  it('opens a development with an id minted from the article id', () => {
    const d = decide({ id: 'a1', features: featurize(quakeChile) }, [], new Map())
    expect(d.isNewDevelopment).toBe(true)
    expect(d.developmentId).toBe(developmentIdFor('a1'))
    expect(d.copyOf).toBeNull()
  })

  it('keeps two different earthquakes apart', () => {
    const f = new Folder()
    f.add(quakeChile)
    const d = f.add(quakeIran)
    expect(d.isNewDevelopment).toBe(true)
  })

  it('marks a syndicated copy under another headline as copyOf and folds it', () => {
    const f = new Folder()
    f.add(quakeChile)
    const d = f.add({ ...quakeChile, id: 'a3', title: 'Chile quake: tsunami warning issued', outlet: 'Carrier', published: t0 + 7200_000 })
    expect(d.copyOf).toBe('a1')
    expect(d.isNewDevelopment).toBe(false)
    expect(d.explain.reason).toMatch(/copy/)
  })

  it('opens a new development of the same story for a follow-up weeks later', () => {
    const f = new Folder()
    f.add(quakeChile)
    const d = f.add({
      id: 'a4',
      title: 'Iquique rebuilds a month after northern Chile earthquake',
      text: 'A month after the magnitude 8.2 earthquake off northern Chile, residents of Iquique are rebuilding homes and the port of Pisagua has reopened. President Michelle Bachelet visited Arica and Tarapaca to announce reconstruction funds for the disaster zone.',
      published: t0 + 30 * DAY,
      outlet: 'Other',
    })
    expect(d.isNewDevelopment).toBe(true)
    expect(d.isNewStory).toBe(false)
    expect(d.storyId).toBe(f.assignments().get('a1')!.storyId)
  })

  it('folds reworded headlines of one event without a body', () => {
    const f = new Folder()
    f.add({ id: 'h1', title: 'Sbarro files for second bankruptcy as mall traffic dwindles', text: '', published: null, outlet: null })
    const d = f.add({ id: 'h2', title: 'Sbarro pizza chain files second bankruptcy in three years', text: '', published: null, outlet: null })
    expect(d.isNewDevelopment).toBe(false)
    expect(d.explain.sharedEntities.length + d.explain.sharedTerms.length).toBeGreaterThan(0)
    const e = f.add({ id: 'h3', title: '', text: '', published: null, outlet: null })
    expect(e.isNewDevelopment).toBe(true)
  })

  it('never chains: a run of items each close to the next, whose ends share nothing, is not one development', () => {
    // Each item shares two of its three names with the next and nothing else; the first and the last share nothing.
    const names = ['Aldrin', 'Borodin', 'Castellan', 'Dunmore', 'Esterhazy', 'Fairbanks', 'Grimaldi', 'Holloway', 'Ivanova', 'Jablonski']
    const deeds = ['sign accord', 'trade barbs', 'open bridge', 'plant orchards', 'race yachts', 'sell vineyard', 'climb glacier', 'launch satellite']
    const f = new Folder()
    for (let i = 0; i + 2 < names.length; i++) {
      f.add({ id: `c${i}`, title: `${names[i]}, ${names[i + 1]} and ${names[i + 2]} ${deeds[i]}`, text: '', published: t0 + i * 3600_000, outlet: `o${i}` })
    }
    const a = f.assignments()
    const last = `c${names.length - 3}`
    expect(a.get('c0')!.developmentId).not.toBe(a.get(last)!.developmentId)
    // "fits the development as a whole": every member shares a name with most of the others
    const members = new Map<string, number[]>()
    for (const [id, g] of a) members.set(g.developmentId, [...(members.get(g.developmentId) ?? []), Number(id.slice(1))])
    expect(members.size).toBeGreaterThan(1)
    for (const group of members.values())
      for (const i of group) {
        const sharing = group.filter((j) => j !== i && Math.abs(j - i) <= 2).length
        expect(sharing, `c${i} among ${group.map((j) => 'c' + j).join(', ')}`).toBeGreaterThan((group.length - 1) / 2)
      }
  })

  it('never chains stories: follow-ups days apart, each close to the last, join a story only through its first development', () => {
    const names = ['Aldrin', 'Borodin', 'Castellan', 'Dunmore', 'Esterhazy', 'Fairbanks', 'Grimaldi', 'Holloway']
    const deeds = ['sign accord', 'trade barbs', 'open bridge', 'plant orchards', 'race yachts', 'sell vineyard']
    const f = new Folder()
    for (let i = 0; i + 2 < names.length; i++) {
      f.add({ id: `s${i}`, title: `${names[i]}, ${names[i + 1]} and ${names[i + 2]} ${deeds[i]}`, text: '', published: t0 + i * 4 * 86_400_000, outlet: `o${i}` })
    }
    const a = f.assignments()
    const stories = new Map<string, number[]>()
    for (const [id, g] of a) stories.set(g.storyId, [...(stories.get(g.storyId) ?? []), Number(id.slice(1))])
    // the follow-up four days on is a story of its own development, not folded into the event
    expect(a.get('s1')!.developmentId).not.toBe(a.get('s0')!.developmentId)
    expect(a.get('s1')!.storyId).toBe(a.get('s0')!.storyId)
    // every member of a story shares a name with the story's first item
    for (const group of stories.values()) for (const i of group) expect(i - Math.min(...group), `s${i}`).toBeLessThanOrEqual(2)
  })

  it('one article carrying the leads of two unrelated stories joins one of them at most, never both', () => {
    const f = new Folder()
    const chile = [quakeChile, { ...quakeChile, id: 'a5', title: 'Chile earthquake kills six, tsunami hits Pisagua', outlet: 'X' }]
    const iran = [quakeIran, { ...quakeIran, id: 'a6', title: 'Qeshm island quake destroys villages', outlet: 'Y' }]
    for (const a of [...chile, ...iran]) f.add(a)
    const before = f.assignments()
    const d = f.add({ id: 'forged', title: quakeChile.title + ' ' + quakeIran.title, text: quakeChile.text + '\n' + quakeIran.text, published: t0 + 7200_000, outlet: 'Forger' })
    const after = f.assignments()
    expect(after.get('a1')!.developmentId).not.toBe(after.get('a2')!.developmentId)
    for (const [id, g] of before) expect(after.get(id)).toEqual(g) // nobody else moved
    expect([after.get('a1')!.developmentId, after.get('a2')!.developmentId, developmentIdFor('forged')]).toContain(d.developmentId)
  })

  it('explains a join with the weighted features of the development it fits', () => {
    const fa = featurize(quakeChile)
    const cands = [{ articleId: 'p', features: fa, developmentId: 'd_x', storyId: 's_x', seq: 1 }]
    const d = decide({ id: 'r', features: featurize({ ...quakeChile, id: 'r', outlet: 'Z' }) }, cands, new Map([['d_x', { state: openState(fa), storyId: 's_x', openedSeq: 1 }]]))
    expect(d.developmentId).toBe('d_x')
    expect(d.explain.score).toBeGreaterThan(0.5)
    expect(d.explain.evidence.map((e) => e.feature)).toContain('cosFull')
    expect(() => decide({ id: 'r', features: fa }, cands, new Map())).toThrow(/no fold state/)
  })

  it('tells a reaction that names the event from a reworded report of it by what they say happened (action)', () => {
    // feed items: a headline and a one-sentence description, hours apart
    const item = (id: string, outlet: string, hours: number, title: string, text: string): ClusterArticle => ({ id, outlet, published: t0 + hours * 3600_000, title, text })
    const eruption = item('v1', 'Wire A', 0, 'Anak Krakatau erupts, sending ash 15km into the sky',
      'The Indonesian volcano Anak Krakatau erupted on Friday night, sending a column of ash 15 kilometres high and prompting a warning to aircraft.')
    const reaction = item('v2', 'Paper E', 3, 'Joko Widodo says Indonesia is ready to help as Anak Krakatau rumbles',
      'President Joko Widodo told reporters the government stood ready to help residents of the Sunda Strait coast after Anak Krakatau erupted.')
    const reworded = item('v3', 'Site D', 4, 'Volcano in the Sunda Strait blasts ash high over Indonesia',
      "An eruption at Anak Krakatau late on Friday threw a column of ash kilometres into the sky, Indonesia's volcanology agency said.")
    const evidence = (a: ClusterArticle) => {
      const f = new Folder()
      f.add(eruption)
      const d = f.add(a)
      return { action: d.explain.evidence.find((e) => e.feature === 'action')!, score: d.explain.score }
    }
    const r = evidence(reaction)
    const w = evidence(reworded)
    // The names (Anak Krakatau, Indonesia) are shared by both; what happened (ash, column, sky) only by the reworded report.
    expect(r.action.value).toBeLessThan(0.3)
    expect(w.action.value).toBeGreaterThan(2 * r.action.value)
    expect(r.action.weight).toBeGreaterThan(0)
    expect(w.score).toBeGreaterThan(r.score)
  })

  it('keeps features compact and keys bounded', () => {
    const f = featurize(quakeIran)
    expect(JSON.stringify(f).length).toBeLessThan(4096)
    expect(indexKeys(f).length).toBeLessThanOrEqual(40)
    expect(CANDIDATE_LIMIT).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(f))).toEqual(f)
  })
})
