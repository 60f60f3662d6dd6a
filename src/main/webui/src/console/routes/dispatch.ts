import type { RouteRecordRaw } from 'vue-router'
import { Checked } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 调度员 (dispatcher): the review queue (the example screen). The ticket list is in tickets.ts.
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
] satisfies RouteRecordRaw[]
