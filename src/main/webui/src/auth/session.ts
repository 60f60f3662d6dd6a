// The browser session (framework-free, so it is unit-tested without Vue):
// - the refresh token never reaches script: the service keeps it in an HttpOnly, SameSite=Strict
//   cookie scoped to /api/v1/auth/web (identity/WebAuthResource, SessionCookie);
// - the access token (15 min) lives only in this object's memory; a reload restores the session
//   by calling refresh (the browser sends the cookie);
// - it is refreshed silently a minute before it expires, and once on a 401 (src/api/client.ts);
//   concurrent refreshes share one request (single flight) and tabs take turns (Web Locks), since a
//   refresh token works once and a reused one ends the whole session;
// - when a refresh is refused the session is over: listeners hear 'expired' and the app goes to
//   its sign-in page with ?redirect= the page the user was on.
import { decodeClaims, type Claims } from './jwt'
import { networkError, toApiError } from '../api/problem'

export const WEB_AUTH = '/api/v1/auth/web'
export const CLIENT_HEADER = 'X-Suishoupai-Client'

/** What /api/v1/auth/web/{login,sms/verify,refresh} answer (no refresh token: it is in the cookie). */
export interface WebSession {
  accessToken: string
  tokenType: string
  expiresIn: number
  roles: string[]
  accountId: number
}

export type SessionEvent = 'signed-in' | 'refreshed' | 'signed-out' | 'expired'

export interface SessionOptions {
  fetch?: (input: Request) => Promise<Response>
  /** milliseconds since the epoch */
  now?: () => number
  /** refresh this long before the access token expires (ms) */
  refreshAhead?: number
  /** the UI language, sent as Accept-Language so problem details come localised */
  language?: () => string
  /** text for a request that got no answer */
  offlineDetail?: () => string
  /** cross-tab mutual exclusion for refresh; defaults to navigator.locks when the browser has it */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>
}

function defaultLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined
  return locks ? (locks.request('suishoupai-session-refresh', fn) as Promise<T>) : fn()
}

export class Session {
  private token: string | null = null
  private expiresAt = 0
  private claimsValue: Claims | null = null
  private inflight: Promise<boolean> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly listeners = new Set<(e: SessionEvent) => void>()
  private readonly opts: Required<SessionOptions>

  constructor(options: SessionOptions = {}) {
    this.opts = {
      fetch: options.fetch ?? ((r: Request) => fetch(r)),
      now: options.now ?? (() => Date.now()),
      refreshAhead: options.refreshAhead ?? 60_000,
      language: options.language ?? (() => 'zh-CN'),
      offlineDetail: options.offlineDetail ?? (() => '网络连接失败，请检查网络后重试。'),
      lock: options.lock ?? defaultLock,
    }
  }

  get signedIn(): boolean {
    return this.token !== null
  }

  /** The claims of the current access token (roles in `groups`), or null when signed out. */
  get claims(): Claims | null {
    return this.claimsValue
  }

  get roles(): string[] {
    return this.claimsValue?.groups ?? []
  }

  /** The access token as it is now (no refresh); tests and diagnostics. */
  get currentToken(): string | null {
    return this.token
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Staff: username + password. Throws the ApiError (e.g. 401 invalid-credentials, 423 account-locked). */
  async signIn(username: string, password: string): Promise<void> {
    await this.start('/login', { username, password })
  }

  /** Residents: phone + the SMS code sent by POST /api/v1/auth/sms/request. */
  async signInBySms(phone: string, code: string): Promise<void> {
    await this.start('/sms/verify', { phone, code })
  }

  /** On app start: resume the browser's session from its cookie. False when there is none. */
  async restore(): Promise<boolean> {
    return this.refresh({ quiet: true })
  }

  /**
   * A valid access token, refreshed first when it is about to expire; null when signed out or the
   * session just ended (then listeners heard 'expired').
   */
  async accessToken(): Promise<string | null> {
    if (this.token !== null && this.opts.now() >= this.expiresAt - this.opts.refreshAhead) {
      await this.refresh()
    }
    return this.token
  }

  /**
   * New tokens from the session cookie. Concurrent calls share one request. Returns false when the
   * service refuses (the session is over: cleared, 'expired' announced unless quiet or never signed
   * in); throws the network ApiError when the service cannot be reached (the session is kept).
   */
  refresh(options: { quiet?: boolean } = {}): Promise<boolean> {
    if (!this.inflight) {
      const had = this.token !== null
      this.inflight = this.opts
        .lock(() => this.post('/refresh'))
        .then(async (res) => {
          if (res.ok) {
            this.accept((await res.json()) as WebSession)
            this.emit('refreshed')
            return true
          }
          this.clear()
          if (had && !options.quiet) this.emit('expired')
          return false
        })
        .finally(() => {
          this.inflight = null
        })
    }
    return this.inflight
  }

  /** Ends the session on the service (its refresh tokens revoked, the cookie cleared) and here. */
  async signOut(): Promise<void> {
    try {
      await this.post('/logout')
    } catch {
      // offline: forget it here anyway; the cookie's session expires on its own
    }
    this.clear()
    this.emit('signed-out')
  }

  /** The service refused our token and a refresh did not help: the session is over. */
  expire(): void {
    if (this.token === null) return
    this.clear()
    this.emit('expired')
  }

  private async start(path: string, body: unknown): Promise<void> {
    const res = await this.post(path, body)
    if (!res.ok) throw await toApiError(res)
    this.accept((await res.json()) as WebSession)
    this.emit('signed-in')
  }

  private async post(path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      [CLIENT_HEADER]: 'web',
      Accept: 'application/json',
      'Accept-Language': this.opts.language(),
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const request = new Request(WEB_AUTH + path, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    })
    try {
      return await this.opts.fetch(request)
    } catch {
      throw networkError(this.opts.offlineDetail())
    }
  }

  private accept(s: WebSession): void {
    this.token = s.accessToken
    this.claimsValue = decodeClaims(s.accessToken) ?? { sub: String(s.accountId), groups: s.roles }
    if (!this.claimsValue.groups) this.claimsValue.groups = s.roles
    this.expiresAt = this.opts.now() + s.expiresIn * 1000
    this.schedule(s.expiresIn * 1000 - this.opts.refreshAhead)
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      // silent refresh ahead of expiry; an unreachable service is retried by the next API call
      this.refresh().catch(() => undefined)
    }, Math.max(delay, 1_000))
  }

  private clear(): void {
    this.token = null
    this.claimsValue = null
    this.expiresAt = 0
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private emit(e: SessionEvent): void {
    for (const l of [...this.listeners]) l(e)
  }
}
