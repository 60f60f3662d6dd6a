// The residents' page (/h5/): sign-in by SMS code, then their own reports and rewards.
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '@/auth/store'
import { SIGN_IN, safeRedirect } from '@/ui/bootstrap'

export const BASE = '/h5/'

export const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: SIGN_IN, component: () => import('./views/SignIn.vue'), meta: { public: true } },
  { path: '/', name: 'home', component: () => import('./views/Home.vue') },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/Home.vue') },
]

export async function decide(
  to: RouteLocationNormalized,
  auth: { ready(): Promise<boolean>; readonly signedIn: boolean },
): Promise<true | RouteLocationRaw> {
  await auth.ready()
  if (to.meta.public) return to.name === SIGN_IN && auth.signedIn ? safeRedirect(to.query.redirect) : true
  if (!auth.signedIn) return { name: SIGN_IN, query: { redirect: to.fullPath } }
  return true
}

export const router = createRouter({ history: createWebHistory(BASE), routes })
router.beforeEach((to) => decide(to, useAuth()))
