/**
 * Date parsing that gives the same instant in every runtime and time zone.
 *
 * `Date.parse` reads zone-less strings ("2023-08-16T07:20", "Wed, 16 Aug 2023 07:20:00") in the
 * machine's local zone, so Node on a laptop and workerd (UTC) would disagree. Everything here
 * reads a zone-less time as UTC (or as the `utcOffset` given), and returns ISO 8601 in UTC.
 */

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** 1–12 for "Aug", "AUGUST", "Sept"; undefined for anything that is not a month name or its prefix. */
const month = (name: string): number | undefined => {
  const n = name.toLowerCase()
  const i = MONTH_NAMES.findIndex((m) => n.length >= 3 && m.startsWith(n))
  return i < 0 ? undefined : i + 1
}

/**
 * Zone names in minutes east of UTC: RFC 2822's US zones, plus the abbreviations feeds use
 * elsewhere (issue 15: CET, MEST, IST, AEDT, BST … were read as UTC). Where one abbreviation has
 * several meanings the one news feeds mean is taken: IST is India (+05:30), BST British Summer
 * Time, CST US Central, AST Atlantic.
 */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  WET: 0, WEST: 60, BST: 60, CET: 60, MET: 60, MEZ: 60, CEST: 120, MEST: 120, MESZ: 120, EET: 120, EEST: 180, MSK: 180,
  SAST: 120, CAT: 120, EAT: 180, WAT: 60, IST: 330, PKT: 300, NPT: 345, ICT: 420, WIB: 420, HKT: 480, SGT: 480, PHT: 480,
  AWST: 480, JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
}

/** Minutes east of UTC for "+03:00", "-0500", "Z", or a named RFC 2822 zone; null when unknown. */
export function zoneOffsetMinutes(zone: string): number | null {
  const z = zone.trim().toUpperCase()
  if (z in ZONES) return ZONES[z] as number
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z)
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3])
  return m[1] === '-' ? -minutes : minutes
}

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999 (year 0023 would become 1923).
  const day = new Date(0)
  day.setUTCFullYear(y, mo - 1, d)
  // Reject 31 February and friends: the Date silently rolls them over.
  if (day.getUTCDate() !== d) return null
  const t = day.getTime() + ((h * 60 + mi) * 60 + Math.min(s, 59)) * 1000 + ms - offsetMin * 60_000
  return Number.isFinite(t) ? new Date(t).toISOString() : null
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i
const RFC2822 = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:GMT(?=[+-]))?([+-]\d{2}:?\d{2}|[a-z]{1,5})?$/i
/** "Jan 23, 2018 02:54", and the RFC 822 variant with the weekday first ("Tue, Jan 23 2018 02:54:55 MST"). */
const PROSE = /^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?)?$/i

/**
 * Parse an ISO 8601, RFC 2822 or prose ("AUGUST 16, 2023 07:20") date into ISO 8601 UTC.
 * Zone-less times are read at `utcOffset` ("+03:00"; default UTC). Returns null when it does not parse.
 *
 * @example
 * parseDate('Wed, 16 Aug 2023 07:20:00 GMT')   // '2023-08-16T07:20:00.000Z'
 * parseDate('2023-08-16T10:20:00+03:00')       // '2023-08-16T07:20:00.000Z'
 * parseDate('AUGUST 16, 2023 07:20')           // '2023-08-16T07:20:00.000Z'
 * parseDate('yesterday')                       // null
 */
export function parseDate(input: string, utcOffset?: string): string | null {
  const s = input.trim().replace(/\s+/g, ' ')
  const fallback = utcOffset ? zoneOffsetMinutes(utcOffset) ?? 0 : 0
  let m = ISO.exec(s)
  if (m) {
    const off = m[8] ? zoneOffsetMinutes(m[8]) : fallback
    if (off === null) return null
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
    return instant(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, off)
  }
  m = RFC2822.exec(s)
  if (m) {
    const mo = month(m[2]!)
    if (!mo) return null
    let y = +m[3]!
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900
    // RFC 2822 §4.3: unknown (e.g. military) zones are read as -0000, i.e. UTC.
    const off = m[7] ? zoneOffsetMinutes(m[7]) ?? 0 : fallback
    return instant(y, mo, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0), 0, off)
  }
  m = PROSE.exec(s)
  if (m) {
    const mo = month(m[1]!)
    if (!mo) return null
    let h = +(m[4] ?? 0)
    const ampm = m[7]?.toLowerCase()
    if (ampm && (h < 1 || h > 12)) return null
    if (ampm === 'pm' && h < 12) h += 12
    if (ampm === 'am' && h === 12) h = 0
    const off = m[8] ? zoneOffsetMinutes(m[8]) : fallback
    if (off === null) return null
    return instant(+m[3]!, mo, +m[2]!, h, +(m[5] ?? 0), +(m[6] ?? 0), 0, off)
  }
  return null
}
