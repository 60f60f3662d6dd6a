import type { RouteRecordRaw } from 'vue-router'
import { Tickets } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

// 工单 (tickets): the list (dispatcher, leader) and THE TICKET PAGE, which every staff role that may
// read a ticket opens (the unit and grid-worker screens link to it for the work). The API decides
// what each caller sees of it (404 out of scope) and may do (allowedActions).
export default [
  {
    path: 'tickets',
    name: 'tickets',
    component: () => import('../views/tickets/TicketList.vue'),
    meta: {
      roles: ['dispatcher', 'leader'],
      title: 'menu.tickets',
      menu: { title: 'menu.tickets', icon: markRaw(Tickets), order: 20 },
    },
  },
  {
    path: 'tickets/:id',
    name: 'ticket',
    component: () => import('../views/tickets/TicketPage.vue'),
    meta: { roles: ['dispatcher', 'leader', 'unit', 'grid_worker'], title: 'menu.tickets' },
  },
] satisfies RouteRecordRaw[]
