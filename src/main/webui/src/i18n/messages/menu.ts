import type { AreaMessages } from '../index'

// Menu entries of the console, one key per route (see src/console/routes/*.ts: meta.menu.title).
export default {
  'zh-CN': {
    reviews: '审核派单',
    tickets: '工单',
    unitInbox: '待办工单',
    gridTasks: '核实复查',
    leaderBoard: '督办看板',
    financeRewards: '奖励发放',
    adminAccounts: '账号管理',
    menu: '菜单',
  },
  en: {
    reviews: 'Review queue',
    tickets: 'Tickets',
    unitInbox: 'Inbox',
    gridTasks: 'Verify & re-check',
    leaderBoard: 'Supervision',
    financeRewards: 'Rewards',
    adminAccounts: 'Accounts',
    menu: 'Menu',
  },
} satisfies AreaMessages
