import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Session, type SessionEvent } from '@/auth/session'
import { ApiError } from '@/api/problem'
import { jwt, noLock, problem, scriptedFetch, json, webSession } from './helpers'

const A = jwt({ sub: '7', upn: 'dispatcher', groups: ['dispatcher'], region_ids: [3], exp: 2_000_000_000 })
const B = jwt({ sub: '7', upn: 'dispatcher', groups: ['dispatcher'], region_ids: [3], exp: 2_000_000_900 })

describe('Session', () => {
  let now = 1_000_000
  beforeEach(() => {
    now = 1_000_000
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  function make(handler: Parameters<typeof scriptedFetch>[0]) {
    const f = scriptedFetch(handler)
    const events: SessionEvent[] = []
    const s = new Session({ fetch: f.fetch, now: () => now, lock: noLock, language: () => 'en' })
    s.on((e) => events.push(e))
    return { s, calls: f.calls, events }
  }

  it('signs in through the web endpoint, with the CSRF header, keeping the token only in memory', async () => {
    const { s, calls, events } = make(() => json(200, webSession(A)))
    await s.signIn('dispatcher', 'demo1234')
    expect(calls).toHaveLength(1)
    expect(calls[0].method).toBe('POST')
    expect(calls[0].url).toBe('/api/v1/auth/web/login')
    expect(calls[0].headers.get('X-Suishoupai-Client')).toBe('web')
    expect(calls[0].headers.get('Accept-Language')).toBe('en')
    expect(calls[0].credentials).toBe('same-origin')
    expect(JSON.parse(calls[0].body)).toEqual({ username: 'dispatcher', password: 'demo1234' })
    expect(s.signedIn).toBe(true)
    expect(s.roles).toEqual(['dispatcher'])
    expect(s.claims?.region_ids).toEqual([3])
    expect(events).toEqual(['signed-in'])
    // nothing a script could steal later
    expect(localStorage.length).toBe(0)
    expect(sessionStorage.length).toBe(0)
    expect(document.cookie).toBe('')
  })

  it('a refused sign-in throws the problem and stays signed out', async () => {
    const { s, events } = make(() => problem(401, 'invalid-credentials', 'Wrong username or password.'))
    const error = await s.signIn('dispatcher', 'nope').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).detail).toBe('Wrong username or password.')
    expect(s.signedIn).toBe(false)
    expect(events).toEqual([])
  })

  it('residents sign in by SMS code the same way', async () => {
    const { s, calls } = make(() => json(200, webSession(A, ['resident'])))
    await s.signInBySms('13800138000', '123456')
    expect(calls[0].url).toBe('/api/v1/auth/web/sms/verify')
    expect(JSON.parse(calls[0].body)).toEqual({ phone: '13800138000', code: '123456' })
  })

  it('restore() resumes the session from the cookie, quietly false without one', async () => {
    const yes = make(() => json(200, webSession(A)))
    expect(await yes.s.restore()).toBe(true)
    expect(yes.calls[0].url).toBe('/api/v1/auth/web/refresh')
    expect(yes.calls[0].body).toBe('')
    expect(yes.events).toEqual(['refreshed'])

    const no = make(() => problem(401, 'invalid-refresh-token', 'x'))
    expect(await no.s.restore()).toBe(false)
    expect(no.events).toEqual([]) // never signed in: nothing expired
  })

  it('concurrent refreshes share one request (single flight)', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { s, calls } = make(async (r) => {
      if (r.url.endsWith('/refresh')) await gate
      return json(200, webSession(r.url.endsWith('/refresh') ? B : A))
    })
    await s.signIn('u', 'p')
    const all = Promise.all([s.refresh(), s.refresh(), s.refresh(), s.refresh()])
    release()
    expect(await all).toEqual([true, true, true, true])
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1)
    expect(s.currentToken).toBe(B)
    // a later refresh is a new request
    await s.refresh()
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(2)
  })

  it('refreshes silently a minute before the access token expires', async () => {
    const { s, calls, events } = make((r) => json(200, webSession(r.url.endsWith('/refresh') ? B : A, ['dispatcher'], 900)))
    await s.signIn('u', 'p')
    await vi.advanceTimersByTimeAsync(839_000)
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1)
    expect(s.currentToken).toBe(B)
    expect(events).toEqual(['signed-in', 'refreshed'])
  })

  it('accessToken() refreshes first when the token is about to expire', async () => {
    const { s, calls } = make((r) => json(200, webSession(r.url.endsWith('/refresh') ? B : A)))
    await s.signIn('u', 'p')
    expect(await s.accessToken()).toBe(A)
    now += 850_000 // 50 s left
    expect(await s.accessToken()).toBe(B)
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1)
  })

  it('a refused refresh ends the session: cleared and "expired" announced', async () => {
    const { s, events } = make((r) =>
      r.url.endsWith('/refresh') ? problem(401, 'refresh-token-reused', 'x') : json(200, webSession(A)),
    )
    await s.signIn('u', 'p')
    expect(await s.refresh()).toBe(false)
    expect(s.signedIn).toBe(false)
    expect(s.currentToken).toBeNull()
    expect(events).toEqual(['signed-in', 'expired'])
  })

  it('an unreachable service keeps the session and throws the network error', async () => {
    let offline = false
    const { s } = make(() => {
      if (offline) throw new TypeError('Failed to fetch')
      return json(200, webSession(A))
    })
    await s.signIn('u', 'p')
    offline = true
    const e = await s.refresh().catch((x: unknown) => x)
    expect((e as ApiError).status).toBe(0)
    expect(s.signedIn).toBe(true)
  })

  it('sign-out ends the session on the service and here', async () => {
    const { s, calls, events } = make((r) => (r.url.endsWith('/logout') ? new Response(null, { status: 204 }) : json(200, webSession(A))))
    await s.signIn('u', 'p')
    await s.signOut()
    expect(calls.at(-1)?.url).toBe('/api/v1/auth/web/logout')
    expect(calls.at(-1)?.headers.get('X-Suishoupai-Client')).toBe('web')
    expect(s.signedIn).toBe(false)
    expect(events).toEqual(['signed-in', 'signed-out'])
    // no timer left to refresh a session that is gone
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(0)
  })
})
