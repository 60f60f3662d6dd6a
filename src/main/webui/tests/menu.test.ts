import { describe, expect, it } from 'vitest'
import type { RouteLocationNormalized } from 'vue-router'
import { menuFor } from '@/console/routes'
import { decide } from '@/console/router'
import type { Role } from '@/auth/store'

function auth(roles: Role[] | null) {
  return {
    ready: async () => roles !== null,
    signedIn: roles !== null,
    roles: roles ?? [],
    hasAnyRole: (wanted: readonly Role[] | undefined) => !wanted || wanted.some((r) => (roles ?? []).includes(r)),
  }
}

function to(name: string, fullPath: string, meta: Record<string, unknown> = {}, query: Record<string, string> = {}) {
  return { name, fullPath, path: fullPath, meta, query, params: {}, hash: '', matched: [], redirectedFrom: undefined } as unknown as RouteLocationNormalized
}

describe('menu per role', () => {
  it.each<[Role[], string[]]>([
    [['dispatcher'], ['dispatch-reviews', 'dispatch-map', 'tickets']],
    [['unit'], ['unit-inbox']],
    [['grid_worker'], ['grid-tasks']],
    [['leader'], ['tickets', 'leader-board']],
    [['finance'], ['finance-rewards']],
    [['admin'], ['admin-accounts']],
    [['dispatcher', 'leader'], ['dispatch-reviews', 'dispatch-map', 'tickets', 'leader-board']],
    [['resident'], []],
  ])('%j sees %j', (roles, names) => {
    expect(menuFor(roles).map((e) => e.name)).toEqual(names)
  })

  it('a unit account never sees the dispatcher’s review queue', () => {
    expect(menuFor(['unit']).some((e) => e.path === '/dispatch/reviews')).toBe(false)
  })

  it('entries carry an absolute path and an i18n title', () => {
    expect(menuFor(['dispatcher'])[0]).toMatchObject({ path: '/dispatch/reviews', title: 'menu.reviews' })
  })
})

describe('route guard', () => {
  const reviews = to('dispatch-reviews', '/dispatch/reviews?page=2', { roles: ['dispatcher'] })

  it('not signed in → the sign-in page, remembering where the user was going', async () => {
    expect(await decide(reviews, auth(null))).toEqual({ name: 'sign-in', query: { redirect: '/dispatch/reviews?page=2' } })
  })

  it('a screen of another role → forbidden', async () => {
    expect(await decide(reviews, auth(['unit']))).toEqual({ name: 'forbidden' })
  })

  it('the right role → through', async () => {
    expect(await decide(reviews, auth(['dispatcher']))).toBe(true)
  })

  it('home → the first screen of one’s menu', async () => {
    expect(await decide(to('home', '/'), auth(['unit']))).toEqual({ path: '/unit/inbox' })
    expect(await decide(to('home', '/'), auth(['resident']))).toEqual({ name: 'forbidden' })
  })

  it('the sign-in page when already signed in → the redirect, if it is a path of ours', async () => {
    const signIn = (redirect: string) => to('sign-in', '/sign-in', { public: true }, { redirect })
    expect(await decide(signIn('/tickets'), auth(['dispatcher']))).toBe('/tickets')
    expect(await decide(signIn('//evil.example/x'), auth(['dispatcher']))).toBe('/')
    expect(await decide(signIn('https://evil.example'), auth(['dispatcher']))).toBe('/')
    expect(await decide(signIn('/tickets'), auth(null))).toBe(true)
  })
})
