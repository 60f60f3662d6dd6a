// The residents' page (/h5/): sign-in by SMS code, then report a hazard, follow my reports, my
// notices and my rewards, inside one frame (views/Shell.vue). Every screen is loaded lazily.
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '@/auth/store'
import { SIGN_IN, safeRedirect } from '@/ui/bootstrap'

export const BASE = '/h5/'

export const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: SIGN_IN, component: () => import('./views/SignIn.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./views/Shell.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/ReportForm.vue') },
      { path: 'reports', name: 'reports', component: () => import('./views/MyReports.vue') },
      { path: 'reports/:id(\\d+)', name: 'report', component: () => import('./views/ReportDetail.vue') },
      // the notices' links (suishoupai.notify.links.after-photos may point here)
      { path: 'reports/:id(\\d+)/after-photos', redirect: (to) => ({ name: 'report', params: to.params, hash: '#after-photos' }) },
      { path: 'notices', name: 'notices', component: () => import('./views/Notices.vue') },
      { path: 'rewards', name: 'rewards', component: () => import('./views/Rewards.vue') },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', redirect: { name: 'home' } },
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
