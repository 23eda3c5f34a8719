/**
 * RFC 9457 problem details: every error the service answers is `application/problem+json`
 * with a title, the status, and a detail naming the field and the reason.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One field that failed validation. */
export interface FieldError {
  field: string
  reason: string
}

/** An error that becomes a problem+json response. */
export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail)
  }
}

/**
 * The problem+json response for a Problem.
 *
 * @example
 * throw new Problem(400, 'Invalid article', 'title: required', [{ field: 'title', reason: 'required' }])
 */
export function problemResponse(c: Context, p: Problem): Response {
  return problemAt(new URL(c.req.url).pathname, p)
}

/** The problem+json response for a Problem about the resource at `path` (its `instance`). */
export function problemAt(path: string, p: Problem): Response {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: path,
  }
  if (p.errors.length) body.errors = p.errors
  return new Response(JSON.stringify(body, null, 2), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...p.headers },
  })
}

/**
 * Failures of D1 or the runtime that pass if the client tries again shortly (a locked or
 * overloaded database, a lost connection, a storage reset), as their messages name them.
 */
const TRANSIENT = /SQLITE_BUSY|database is locked|overloaded|network connection lost|storage (?:operation )?(?:reset|exceeded)|timed? ?out|too many (?:requests|subrequests|connections)|please retry|try again/i

/**
 * A 503 problem with `Retry-After: 1` for an error that retrying helps (see TRANSIENT), or null
 * for any other error (the caller answers 500).
 *
 * @example
 * transientProblem(new Error('D1_ERROR: database is locked: SQLITE_BUSY'))?.status // 503
 * transientProblem(new TypeError('x is undefined'))                                // null
 */
export function transientProblem(err: unknown): Problem | null {
  const message = err instanceof Error ? err.message : String(err)
  if (!TRANSIENT.test(message)) return null
  return new Problem(503, 'Temporarily unavailable', 'The database was busy; nothing of this request was half-written. Send it again.', [], { 'retry-after': '1' })
}

/** zod issues → field errors ("articles.0.title: Required"). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): FieldError[] {
  return issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || '(body)',
    reason: i.message,
  }))
}

/** A 400 from field errors, with a detail that reads on one line. */
export function invalid(title: string, errors: FieldError[]): Problem {
  return new Problem(400, title, errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors)
}
