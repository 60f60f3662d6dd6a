import { describe, expect, it, vi } from 'vitest'
import { createApiFetch } from '@/api/client'
import { Session, type SessionEvent } from '@/auth/session'
import { jwt, json, noLock, problem, scriptedFetch, webSession } from './helpers'

const OLD = jwt({ sub: '7', groups: ['dispatcher'], n: 1 })
const NEW = jwt({ sub: '7', groups: ['dispatcher'], n: 2 })

/** A service whose access tokens are refused until a refresh made NEW; refresh answers per `refresh`. */
function world(refresh: () => Response | Promise<Response> = () => json(200, webSession(NEW))) {
  const f = scriptedFetch(async (r) => {
    if (r.url === '/api/v1/auth/web/login') return json(200, webSession(OLD))
    if (r.url === '/api/v1/auth/web/refresh') return refresh()
    if (r.headers.get('Authorization') === `Bearer ${NEW}`) return json(200, { ok: true, echo: r.body })
    return problem(401, 'unauthenticated', '请先登录')
  })
  const session = new Session({ fetch: f.fetch, lock: noLock })
  const events: SessionEvent[] = []
  session.on((e) => events.push(e))
  const apiFetch = createApiFetch(session, { fetch: f.fetch, language: () => 'en' })
  return { session, apiFetch, calls: f.calls, events }
}

const get = (path: string) => new Request(`http://localhost${path}`)

describe('apiFetch', () => {
  it('sends the access token and the UI language', async () => {
    const w = world()
    await w.session.signIn('u', 'p')
    await w.apiFetch(get('/api/v1/me'))
    const call = w.calls.find((c) => c.url === '/api/v1/me')!
    expect(call.headers.get('Authorization')).toBe(`Bearer ${OLD}`)
    expect(call.headers.get('Accept-Language')).toBe('en')
  })

  it('on a 401 refreshes once and repeats the call, body included', async () => {
    const w = world()
    await w.session.signIn('u', 'p')
    const res = await w.apiFetch(
      new Request('http://localhost/api/v1/tickets/1/actions/sign', {
        method: 'POST',
        body: JSON.stringify({ note: '已签收' }),
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, echo: '{"note":"已签收"}' })
    expect(w.calls.map((c) => c.url)).toEqual([
      '/api/v1/auth/web/login',
      '/api/v1/tickets/1/actions/sign',
      '/api/v1/auth/web/refresh',
      '/api/v1/tickets/1/actions/sign',
    ])
  })

  it('many calls refused at once share ONE refresh (single flight)', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const w = world(async () => {
      await gate
      return json(200, webSession(NEW))
    })
    await w.session.signIn('u', 'p')
    const pending = Promise.all([1, 2, 3, 4, 5].map((i) => w.apiFetch(get(`/api/v1/tickets/${i}`))))
    await vi.waitFor(() => expect(w.calls.filter((c) => c.url === '/api/v1/auth/web/refresh')).toHaveLength(1))
    release()
    const answers = await pending
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    expect(w.calls.filter((c) => c.url === '/api/v1/auth/web/refresh')).toHaveLength(1)
    // a call refused after the refresh happened repeats with the new token without refreshing again
    expect(w.calls.filter((c) => c.headers.get('Authorization') === `Bearer ${NEW}`)).toHaveLength(5)
  })

  it('when the refresh is refused the session expires and the 401 is the answer', async () => {
    const w = world(() => problem(401, 'invalid-refresh-token', '请重新登录'))
    await w.session.signIn('u', 'p')
    const res = await w.apiFetch(get('/api/v1/me'))
    expect(res.status).toBe(401)
    expect(w.session.signedIn).toBe(false)
    expect(w.events).toEqual(['signed-in', 'expired'])
    expect(w.calls.filter((c) => c.url === '/api/v1/auth/web/refresh')).toHaveLength(1)
  })

  it('a 401 without a session is just the answer (no refresh)', async () => {
    const w = world()
    const res = await w.apiFetch(get('/api/v1/me'))
    expect(res.status).toBe(401)
    expect(w.calls.map((c) => c.url)).toEqual(['/api/v1/me'])
    expect(w.calls[0].headers.get('Authorization')).toBeNull()
  })

  it('a call still refused after a successful refresh ends the session', async () => {
    const f = scriptedFetch((r) => {
      if (r.url === '/api/v1/auth/web/login') return json(200, webSession(OLD))
      if (r.url === '/api/v1/auth/web/refresh') return json(200, webSession(NEW))
      return problem(401, 'session-ended', 'x')
    })
    const session = new Session({ fetch: f.fetch, lock: noLock })
    const apiFetch = createApiFetch(session, { fetch: f.fetch })
    await session.signIn('u', 'p')
    expect((await apiFetch(get('/api/v1/me'))).status).toBe(401)
    expect(session.signedIn).toBe(false)
  })
})
