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
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: new URL(c.req.url).pathname,
  }
  if (p.errors.length) body.errors = p.errors
  return new Response(JSON.stringify(body, null, 2), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...p.headers },
  })
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
