import type { RouteRecordRaw } from 'vue-router'
import { Location } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 网格员 (grid worker, on a phone): what waits to be verified and re-checked nearby.
export default [
  {
    path: 'grid/tasks',
    name: 'grid-tasks',
    component: () => import('@/ui/ComingSoon.vue'),
    meta: {
      roles: ['grid_worker'],
      title: 'menu.gridTasks',
      menu: { title: 'menu.gridTasks', icon: markRaw(Location), order: 40 },
    },
  },
] satisfies RouteRecordRaw[]
