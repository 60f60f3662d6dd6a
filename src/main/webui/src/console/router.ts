import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw } from 'vue-router'
import { useAuth, type Role } from '@/auth/store'
import { SIGN_IN, safeRedirect } from '@/ui/bootstrap'
import { areaRoutes, menuFor } from './routes'

export const BASE = '/console/'

export const routes = [
  {
    path: '/sign-in',
    name: SIGN_IN,
    component: () => import('./views/SignIn.vue'),
    meta: { public: true, title: 'auth.signIn' },
  },
  {
    path: '/',
    component: () => import('./layout/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/NotFound.vue') },
      ...areaRoutes,
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue'), meta: { title: 'common.forbidden' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: 'common.notFound' } },
    ],
  },
]

export interface GuardAuth {
  ready(): Promise<boolean>
  readonly signedIn: boolean
  readonly roles: readonly Role[]
  hasAnyRole(roles: readonly Role[] | undefined): boolean
}

/**
 * Where a navigation goes: the sign-in page (with ?redirect=) when not signed in, the first screen of
 * one's menu for the home path, 'forbidden' for a screen of another role, else where it was going.
 */
export async function decide(to: RouteLocationNormalized, auth: GuardAuth): Promise<true | RouteLocationRaw> {
  await auth.ready()
  if (to.meta.public) {
    if (to.name === SIGN_IN && auth.signedIn) return safeRedirect(to.query.redirect)
    return true
  }
  if (!auth.signedIn) return { name: SIGN_IN, query: { redirect: to.fullPath } }
  if (to.name === 'home') {
    const first = menuFor(auth.roles)[0]
    return first ? { path: first.path } : { name: 'forbidden' }
  }
  if (!auth.hasAnyRole(to.meta.roles)) return { name: 'forbidden' }
  return true
}

export const router = createRouter({
  history: createWebHistory(BASE),
  routes,
})

router.beforeEach((to) => decide(to, useAuth()))
