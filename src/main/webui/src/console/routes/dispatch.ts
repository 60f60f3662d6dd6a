import type { RouteRecordRaw } from 'vue-router'
import { Checked, Location } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 调度员 (dispatcher): the review queue (the example screen) and the tickets map. The ticket list is in tickets.ts.
export default [
  {
    path: 'dispatch/reviews',
    name: 'dispatch-reviews',
    component: () => import('../views/dispatch/ReviewQueue.vue'),
    meta: {
      roles: ['dispatcher'],
      title: 'menu.reviews',
      menu: { title: 'menu.reviews', icon: markRaw(Checked), order: 10 },
    },
  },
  {
    path: 'dispatch/map',
    name: 'dispatch-map',
    component: () => import('../views/dispatch/TicketsMap.vue'),
    meta: {
      roles: ['dispatcher'],
      title: 'dispatch.map.title',
      menu: { title: 'dispatch.map.title', icon: markRaw(Location), order: 15 },
    },
  },
] satisfies RouteRecordRaw[]
