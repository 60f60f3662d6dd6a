import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createAuthStore, type Me } from '@/auth/store'
import { Session } from '@/auth/session'
import { jwt, json, noLock, problem, scriptedFetch, webSession } from './helpers'

const TOKEN = jwt({ sub: '7', upn: 'cun1', groups: ['unit'], unit_id: 4 })
const ME: Me = { accountId: 7, kind: 'STAFF', username: 'cun1', displayName: '浔龙河村', roles: ['unit'], unit: { id: 4, name: '浔龙河村村委会' }, regions: [] }

function world(cookie: boolean) {
  let meCalls = 0
  const f = scriptedFetch((r) => {
    if (r.url.endsWith('/refresh')) return cookie ? json(200, webSession(TOKEN, ['unit'])) : problem(401, 'invalid-refresh-token', 'x')
    if (r.url.endsWith('/logout')) return new Response(null, { status: 204 })
    return json(200, webSession(TOKEN, ['unit']))
  })
  const session = new Session({ fetch: f.fetch, lock: noLock })
  const useAuth = createAuthStore(session, async () => {
    meCalls++
    return ME
  })
  return { session, useAuth, calls: f.calls, meCalls: () => meCalls }
}

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('ready() resumes the session once per page load and loads who I am', async () => {
    const w = world(true)
    const auth = w.useAuth()
    expect(auth.signedIn).toBe(false)
    expect(await Promise.all([auth.ready(), auth.ready()])).toEqual([true, true])
    expect(await auth.ready()).toBe(true)
    expect(w.calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1)
    expect(auth.signedIn).toBe(true)
    expect(auth.roles).toEqual(['unit'])
    expect(auth.username).toBe('浔龙河村')
    expect(auth.me?.unit?.name).toBe('浔龙河村村委会')
    expect(w.meCalls()).toBe(1)
  })

  it('without a session cookie ready() is false and nothing else is asked', async () => {
    const w = world(false)
    const auth = w.useAuth()
    expect(await auth.ready()).toBe(false)
    expect(auth.signedIn).toBe(false)
    expect(w.meCalls()).toBe(0)
  })

  it('roles decide what is allowed; the values follow sign-in, expiry and sign-out', async () => {
    const w = world(false)
    const auth = w.useAuth()
    await auth.signIn('cun1', 'demo1234')
    expect(auth.signedIn).toBe(true)
    expect(auth.hasAnyRole(['unit', 'dispatcher'])).toBe(true)
    expect(auth.hasAnyRole(['dispatcher'])).toBe(false)
    expect(auth.hasAnyRole(undefined)).toBe(true)
    w.session.expire()
    expect(auth.signedIn).toBe(false)
    expect(auth.roles).toEqual([])
    expect(auth.me).toBeNull()
    await auth.signIn('cun1', 'demo1234')
    await auth.signOut()
    expect(auth.signedIn).toBe(false)
    expect(w.calls.at(-1)?.url).toBe('/api/v1/auth/web/logout')
  })
})
