// The signed-in user for the Vue apps (pinia). Roles come from the access token at once; the names
// (unit, regions) from GET /api/v1/me, loaded after sign-in.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ok, session } from '@/api/client'
import type { components } from '@/api/schema'
import type { Session } from './session'

export type Role = 'resident' | 'grid_worker' | 'dispatcher' | 'unit' | 'finance' | 'admin' | 'leader'
export type Me = components['schemas']['Me']

export function createAuthStore(s: Session, loadMe: () => Promise<Me>) {
  return defineStore('auth', () => {
    const version = ref(0) // bumps on every session change, so the computed values follow the session
    const me = ref<Me | null>(null)
    let restored: Promise<boolean> | null = null

    s.on((event) => {
      version.value++
      if (event === 'signed-out' || event === 'expired') me.value = null
    })

    const signedIn = computed(() => (version.value, s.signedIn))
    const roles = computed<Role[]>(() => (version.value, s.roles as Role[]))
    const username = computed(() => (version.value, me.value?.displayName ?? s.claims?.upn ?? ''))

    function hasAnyRole(wanted: readonly Role[] | undefined): boolean {
      if (!wanted || wanted.length === 0) return true
      return roles.value.some((r) => wanted.includes(r))
    }

    async function loadProfile(): Promise<void> {
      try {
        me.value = await loadMe()
      } catch {
        me.value = null // the header shows the username from the token instead
      }
    }

    /** Resumes the browser's session once per page load (the cookie); later calls share the answer. */
    function ready(): Promise<boolean> {
      restored ??= s
        .restore()
        .catch(() => false)
        .then(async (yes) => {
          if (yes) await loadProfile()
          return yes
        })
      return restored
    }

    async function signIn(username: string, password: string): Promise<void> {
      await s.signIn(username, password)
      restored = Promise.resolve(true)
      await loadProfile()
    }

    async function signInBySms(phone: string, code: string): Promise<void> {
      await s.signInBySms(phone, code)
      restored = Promise.resolve(true)
      await loadProfile()
    }

    async function signOut(): Promise<void> {
      await s.signOut()
    }

    return { me, signedIn, roles, username, hasAnyRole, ready, signIn, signInBySms, signOut }
  })
}

export const useAuth = createAuthStore(session, () => ok(api.GET('/api/v1/me')))
