import type { RouteRecordRaw } from 'vue-router'
import { Memo } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 责任单位 (unit): the inbox — to sign, in progress, rework, assisting.
export default [
  {
    path: 'unit/inbox',
    name: 'unit-inbox',
    component: () => import('../views/unit/Inbox.vue'),
    meta: {
      roles: ['unit'],
      title: 'menu.unitInbox',
      menu: { title: 'menu.unitInbox', icon: markRaw(Memo), order: 30 },
    },
  },
] satisfies RouteRecordRaw[]
