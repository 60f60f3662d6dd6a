import type { RouteRecordRaw } from 'vue-router'
import { DataLine, Money, User } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 领导 (leader), 财务 (finance), 管理员 (admin): placeholders until their screens are built.
export default [
  {
    path: 'leader/board',
    name: 'leader-board',
    component: () => import('@/ui/ComingSoon.vue'),
    meta: {
      roles: ['leader'],
      title: 'menu.leaderBoard',
      menu: { title: 'menu.leaderBoard', icon: markRaw(DataLine), order: 50 },
    },
  },
  {
    path: 'finance/rewards',
    name: 'finance-rewards',
    component: () => import('@/ui/ComingSoon.vue'),
    meta: {
      roles: ['finance'],
      title: 'menu.financeRewards',
      menu: { title: 'menu.financeRewards', icon: markRaw(Money), order: 60 },
    },
  },
  {
    path: 'admin/accounts',
    name: 'admin-accounts',
    component: () => import('@/ui/ComingSoon.vue'),
    meta: {
      roles: ['admin'],
      title: 'menu.adminAccounts',
      menu: { title: 'menu.adminAccounts', icon: markRaw(User), order: 70 },
    },
  },
] satisfies RouteRecordRaw[]
