import { describe, expect, it } from 'vitest'
import { CANDIDATE_LIMIT, decide, developmentIdFor } from './decide'
import { featurize, indexKeys } from './features'
import type { ClusterArticle } from './features'
import { Folder } from './folder'
import { compare, DEFAULT_PARAMS, links } from './similarity'

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
    const d = decide({ id: 'a1', features: featurize(quakeChile) }, [])
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

  it('keeps apart two reports that share every name but state different measurements', () => {
    const core = (mag: string): string => `A magnitude ${mag} earthquake struck Qeshm island in the Persian Gulf, Iranian state television said. `
    const art = (id: string, title: string, text: string): ClusterArticle => ({ id, title, text, published: null, outlet: null })
    const a = featurize(art('q1', 'Deadly quake levels villages on Qeshm', core('5.9') +
      'Ten people were killed and rescuers dug through the rubble of mud-brick homes in seven villages. Survivors spent the night in tents ' +
      'as aftershocks rattled the coast near Dargahan, and the Red Crescent sent blankets and food from Bandar Abbas.'))
    const b = featurize(art('q2', 'Quake injures five on Qeshm island', core('5.2') +
      'Five people were slightly hurt and several walls cracked, the provincial governor said. Schools were closed for a day while engineers ' +
      'checked buildings, and flights to the island resumed by the evening after a runway inspection.'))
    const c = featurize(art('q3', 'Qeshm quake kills ten, villages destroyed', core('5.9') +
      'The Red Crescent said ten people died in villages near Dargahan. Hundreds of families spent the night outdoors in tents, fearing ' +
      'aftershocks, while rescue teams from Bandar Abbas searched collapsed houses.'))
    expect(a.q).toEqual(['5.9'])
    const ab = compare(a, b)
    expect(ab.similarity).toBeGreaterThan(DEFAULT_PARAMS.strongSim)
    expect(ab.measures).toBe('disagree')
    expect(links(ab)).toEqual({ development: false, story: true })
    expect(compare(b, a)).toEqual(ab) // symmetric, as order-independence needs
    expect(compare(a, c, { ...DEFAULT_PARAMS, measureSim: 1 }).measures).toBe('agree')
    expect(links(compare(a, c)).development).toBe(true)
  })

  it('marks a syndicated copy under another headline as copyOf and folds it', () => {
    const f = new Folder()
    f.add(quakeChile)
    const d = f.add({ ...quakeChile, id: 'a3', title: 'Chile quake: tsunami warning issued', outlet: 'Carrier', published: t0 + 7200_000 })
    expect(d.copyOf).toBe('a1')
    expect(d.isNewDevelopment).toBe(false)
    expect(d.explain.reason).toMatch(/copy/)
  })

  it('needs more similarity as the time gap grows', () => {
    const f = new Folder()
    f.add(quakeChile)
    const later = f.add({ ...quakeChile, id: 'a4', text: quakeChile.text.replace('Six', 'Seven'), published: t0 + 30 * DAY, title: 'Chile quake a month on' })
    const d = decide({ id: 'x', features: featurize({ ...quakeChile, id: 'x', published: t0 + 40 * DAY, text: 'Aftershocks shake Iquique in northern Chile again as residents rebuild homes damaged in the earthquake.' }) }, [])
    expect(later.copyOf).toBe('a1')
    expect(d.isNewDevelopment).toBe(true)
  })

  it('handles headline-only and undated articles', () => {
    const f = new Folder()
    f.add({ id: 'h1', title: 'Sbarro files for second bankruptcy as mall traffic dwindles', text: '', published: null, outlet: null })
    const d = f.add({ id: 'h2', title: 'Sbarro pizza chain files second bankruptcy in three years', text: '', published: null, outlet: null })
    expect(d.isNewDevelopment).toBe(false)
    expect(d.explain.sharedEntities.length + d.explain.sharedTerms.length).toBeGreaterThan(0)
    const e = f.add({ id: 'h3', title: '', text: '', published: null, outlet: null })
    expect(e.isNewDevelopment).toBe(true)
  })

  it('merges developments an article bridges, older id surviving', () => {
    const fa = featurize(quakeChile)
    const cands = [
      { articleId: 'p', features: fa, developmentId: 'd_new', storyId: 's_new', seq: 9 },
      { articleId: 'q', features: fa, developmentId: 'd_old', storyId: 's_old', seq: 3 },
    ]
    const d = decide({ id: 'r', features: fa }, cands)
    expect(d.developmentId).toBe('d_old')
    expect(d.absorbedDevelopments).toEqual(['d_new'])
    expect(d.storyId).toBe('s_old')
    expect(d.absorbedStories).toEqual(['s_new'])
  })

  it('keeps features compact and keys bounded', () => {
    const f = featurize(quakeIran)
    expect(JSON.stringify(f).length).toBeLessThan(4096)
    expect(indexKeys(f).length).toBeLessThanOrEqual(40)
    expect(CANDIDATE_LIMIT).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(f))).toEqual(f)
  })
})
