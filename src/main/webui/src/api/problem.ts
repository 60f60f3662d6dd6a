// Every refusal of the API is application/problem+json (RFC 9457): { type, title, status, detail,
// errors?, ...extensions }. `type` is https://suishoupai.cn/problems/<code>; `detail` is already
// localised by the service (Accept-Language), and it is what the UI shows.

export const PROBLEM_BASE = 'https://suishoupai.cn/problems/'

export interface FieldError {
  field: string
  message: string
}

export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  instance?: string
  errors?: FieldError[]
  [extension: string]: unknown
}

/** An API call that did not succeed. `code` is the problem's slug (e.g. `stale-version`). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`)
    this.name = 'ApiError'
    this.status = problem.status
    this.code = codeOf(problem)
    this.problem = problem
  }

  /** What the UI shows: the problem's detail (localised by the service), else its title. */
  get detail(): string {
    return this.message
  }

  /** The field errors of a 422 invalid-field / validation-failed, by field. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) out[e.field] = e.message
    return out
  }
}

/**
 * 409 stale-version: someone changed the record since it was loaded (the If-Match was old). Nothing
 * was applied; the page should reload the record and tell the user (see src/ui/feedback.ts).
 */
export class StaleVersionError extends ApiError {
  constructor(problem: Problem) {
    super(problem)
    this.name = 'StaleVersionError'
  }
}

/** The session is over (refresh refused): the app returns to the sign-in page. */
export class SessionExpiredError extends ApiError {
  constructor(problem: Problem) {
    super(problem)
    this.name = 'SessionExpiredError'
  }
}

export function codeOf(problem: Problem): string {
  if (typeof problem.type === 'string' && problem.type.startsWith(PROBLEM_BASE)) {
    return problem.type.substring(PROBLEM_BASE.length)
  }
  if (problem.status === 0) return 'network'
  return `http-${problem.status}`
}

export function isProblemResponse(response: Response): boolean {
  const type = response.headers.get('Content-Type') ?? ''
  return type.includes('application/problem+json') || type.includes('application/json')
}

/** Makes the typed error for a failed response: its problem+json, or a generic one when it has none. */
export async function toApiError(response: Response, fallbackDetail?: (status: number) => string): Promise<ApiError> {
  let problem: Problem | undefined
  if (isProblemResponse(response)) {
    try {
      const body: unknown = await response.json()
      if (body && typeof body === 'object') problem = { ...(body as Problem), status: response.status }
    } catch {
      problem = undefined
    }
  }
  problem ??= { status: response.status, detail: fallbackDetail?.(response.status) ?? `HTTP ${response.status}` }
  return fromProblem(problem)
}

export function fromProblem(problem: Problem): ApiError {
  const code = codeOf(problem)
  if (problem.status === 409 && code === 'stale-version') return new StaleVersionError(problem)
  return new ApiError(problem)
}

/** The error for a request that got no answer at all (offline, DNS, connection reset). */
export function networkError(detail: string): ApiError {
  return new ApiError({ status: 0, detail })
}
