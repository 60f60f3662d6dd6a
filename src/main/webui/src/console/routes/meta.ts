// What a console route may say about itself (route.meta). Menus and guards are built from this:
// a route with `menu` appears in the side menu of the roles it allows.
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/auth/store'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without signing in (the sign-in page) */
    public?: boolean
    /** who may open it; absent: every signed-in account */
    roles?: readonly Role[]
    /** i18n key of the page title shown in the header */
    title?: string
    /** an entry in the side menu: its i18n key, icon and place (lower first) */
    menu?: { title: string; icon?: Component; order: number }
  }
}

export type ConsoleRoute = RouteRecordRaw
