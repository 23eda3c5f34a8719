import { describe, expect, it } from 'vitest'
import { cleanText, isBoilerplateLine, isNavigationLine, normaliseByline } from './clean'

describe('cleanText', () => {
  it('reads byline and dates from their lines, then drops the lines', () => {
    const { text, facts } = cleanText('By AP\nPosted on: Aug 16, 2023 09:00\nLast updated: Aug 16, 2023 10:00\n\nThe report.')
    expect(facts).toEqual({ byline: 'AP', published: 'Aug 16, 2023 09:00', updated: 'Aug 16, 2023 10:00', originalOutlet: null })
    expect(text).toBe('The report.')
  })
  it('keeps prose that merely starts like a byline or a date line', () => {
    const { text, facts } = cleanText('By the end of the week, talks resumed.\n\nPublished reports said nothing.')
    expect(facts.byline).toBeNull()
    expect(facts.published).toBeNull()
    expect(text).toBe('By the end of the week, talks resumed.\n\nPublished reports said nothing.')
  })
  it('drops captions with credits and their credit-less repeats, keeping the report', () => {
    const raw = [
      'A drone flies over the sea. (Photo Credit: AFP/Someone Else)',
      'A drone flies over the sea.',
      '(photo credit: AFP)',
      'Officials said the drone program would expand next year, according to people familiar with it.',
      'Damaged buildings in Kyiv. Credit: Jane Roe / Shutterstock.com',
    ].join('\n')
    expect(cleanText(raw).text).toBe('Officials said the drone program would expand next year, according to people familiar with it.')
  })
  it('drops teasers, advert markers, comment forms, widgets and appeals from any site', () => {
    const raw = [
      'The report.',
      'Read more: Another story entirely',
      'ALSO READ: Yet another story',
      'ADVERTISEMENT',
      'Leave a Reply',
      'You have entered an incorrect email address!',
      'Trending Now',
      'Sign up for our daily newsletter',
      'Independent journalism needs you. Support us today and become a member!',
      'Tags: Iran, Russia, drones',
    ].join('\n\n')
    expect(cleanText(raw).text).toBe('The report.')
  })
  it('re-joins lines a hard wrap broke mid-sentence, and keeps one blank line between paragraphs', () => {
    expect(cleanText('The US is pushing Iran\nto stop selling drones.\n\n\n\nSecond   paragraph.').text).toBe(
      'The US is pushing Iran to stop selling drones.\n\nSecond paragraph.',
    )
  })
})

describe('line rules', () => {
  it('tells a flattened navigation bar from a Title Case headline', () => {
    expect(isNavigationLine('Home News World Business Opinion Sport Culture Podcasts')).toBe(true)
    expect(isNavigationLine('US Urges Iran To Stop Drone Sales As Russia Begins In-House Production')).toBe(false)
  })
  it('recognises breadcrumbs, with separators or glued together', () => {
    expect(isBoilerplateLine('Home › World › Middle East')).toBe(true)
    expect(isBoilerplateLine('HomeWorldUS urges Iran')).toBe(true)
    expect(isBoilerplateLine('Home Secretary Suella Braverman said on Tuesday that the plan would go ahead.')).toBe(false)
  })
  it('turns all-caps bylines into names and keeps wire acronyms', () => {
    expect(normaliseByline('JOHN SMITH AND JANE DOE')).toBe('John Smith and Jane Doe')
    expect(normaliseByline('AFP')).toBe('AFP')
    expect(normaliseByline('Anna K. Lee')).toBe('Anna K. Lee')
  })
})
