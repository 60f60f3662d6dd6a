// What both apps do at start: pinia, i18n (and the API's Accept-Language), the router, error
// display for anything a page did not catch, and the return to the sign-in page when the session
// ends (with ?redirect= the page the user was on).
import { createApp, type Component } from 'vue'
import { createPinia } from 'pinia'
import type { Router } from 'vue-router'
import { i18n, currentLocale } from '@/i18n'
import { session, useLanguage } from '@/api/client'
import { ApiError } from '@/api/problem'
import { showError } from '@/ui/feedback'
import '@/ui/base.css'

export const SIGN_IN = 'sign-in'

export function startApp(root: Component, router: Router): void {
  useLanguage(currentLocale)
  document.documentElement.lang = currentLocale()
  const app = createApp(root).use(createPinia()).use(i18n).use(router)
  app.config.errorHandler = (err) => {
    showError(err)
    if (!(err instanceof ApiError)) console.error(err)
  }
  window.addEventListener('unhandledrejection', (e) => {
    if (e.reason instanceof ApiError) {
      showError(e.reason)
      e.preventDefault()
    }
  })
  session.on((event) => {
    const current = router.currentRoute.value
    if (event === 'expired' && current.name !== SIGN_IN) {
      void router.replace({ name: SIGN_IN, query: { redirect: current.fullPath, expired: '1' } })
    }
    if (event === 'signed-out') void router.replace({ name: SIGN_IN })
  })
  app.mount('#app')
}

/** A ?redirect= value that is a path inside the app (never another site). */
export function safeRedirect(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback
  }
  return value
}
