/**
 * A D1 binding that counts round trips: every `first`, `all`, `run`, `raw`, `batch` and `exec`
 * is one request to the database (in production, one network round trip to D1), however many
 * statements it carries.
 */
export interface CountingD1 {
  db: D1Database
  /** Requests sent to D1 so far. */
  trips: () => number
  /** Statements they carried (a batch of n is one trip, n statements). */
  statements: () => number
}

/** Wraps `inner` (a D1 binding) so every request it sends is counted; the wrapped binding behaves as `inner`. */
export function countingD1(inner: D1Database): CountingD1 {
  let trips = 0
  let statements = 0
  // D1's batch() takes only its own statements: each wrapper maps back to the one it wraps.
  const innerOf = new WeakMap<object, D1PreparedStatement>()
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const w = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args))
        const v = Reflect.get(target, prop, target)
        if (typeof v !== 'function') return v
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          return (...args: unknown[]) => {
            trips += 1
            statements += 1
            return v.apply(target, args)
          }
        }
        return v.bind(target)
      },
    })
    innerOf.set(w, stmt)
    return w
  }
  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql))
      if (prop === 'batch') {
        return (stmts: D1PreparedStatement[]) => {
          trips += 1
          statements += stmts.length
          return target.batch(stmts.map((s) => innerOf.get(s) ?? s))
        }
      }
      if (prop === 'exec') {
        return (sql: string) => {
          trips += 1
          statements += 1
          return target.exec(sql)
        }
      }
      const v = Reflect.get(target, prop, target)
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
  return { db, trips: () => trips, statements: () => statements }
}
