// The console's screens, one file per area (dispatch.ts, unit.ts, grid.ts, …), each exporting its
// routes (children of the signed-in layout; paths without a leading slash). Add a file or a route
// here and it is routed, guarded by meta.roles and, with meta.menu, in the menu of those roles.
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/auth/store'
import './meta'

const modules = import.meta.glob<{ default: RouteRecordRaw[] }>(['./*.ts', '!./index.ts', '!./meta.ts'], {
  eager: true,
})

export const areaRoutes: RouteRecordRaw[] = Object.keys(modules)
  .sort()
  .flatMap((k) => modules[k].default)

export interface MenuEntry {
  name: string
  path: string
  title: string
  icon?: Component
  order: number
}

/** The side menu of an account with these roles, in order. */
export function menuFor(roles: readonly Role[], routes: RouteRecordRaw[] = areaRoutes): MenuEntry[] {
  return routes
    .filter((r) => r.meta?.menu && (!r.meta.roles || r.meta.roles.some((x) => roles.includes(x))))
    .map((r) => ({
      name: String(r.name),
      path: '/' + r.path.replace(/^\//, ''),
      title: r.meta!.menu!.title,
      icon: r.meta!.menu!.icon,
      order: r.meta!.menu!.order,
    }))
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
}
