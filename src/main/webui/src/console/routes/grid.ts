import type { RouteRecordRaw } from 'vue-router'
import { Location } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 网格员 (grid worker, on a phone): what waits to be verified and re-checked nearby; a report of their own.
export default [
  {
    path: 'grid/tasks',
    name: 'grid-tasks',
    component: () => import('../views/grid/Tasks.vue'),
    meta: {
      roles: ['grid_worker'],
      title: 'menu.gridTasks',
      menu: { title: 'menu.gridTasks', icon: markRaw(Location), order: 40 },
    },
  },
  {
    path: 'grid/report',
    name: 'grid-report',
    component: () => import('../views/grid/Report.vue'),
    meta: {
      roles: ['grid_worker'],
      title: 'grid.report.menu', // no menu entry: the task list's first button opens it
    },
  },
] satisfies RouteRecordRaw[]
