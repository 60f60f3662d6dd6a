// The grid worker's lists: what waits for verification (核实), for re-check (复查) and for
// re-inspection (回头看), each one server-paginated call. Pure, unit-tested in tests/GridTasks.test.ts.
export const TASK_TABS = ['verify', 'recheck', 'reinspect'] as const
export type TaskTab = (typeof TASK_TABS)[number]

export const TASK_PAGE_SIZE = 50

export function taskTabOf(value: unknown): TaskTab {
  return (TASK_TABS as readonly unknown[]).includes(value) ? (value as TaskTab) : 'verify'
}

/** GET /api/v1/tickets for the ticket tabs: the API's grid-worker lists, coordinates in WGS-84. */
export function taskTicketQuery(tab: Exclude<TaskTab, 'reinspect'>, page: number) {
  return { box: tab === 'verify' ? ('TO_VERIFY' as const) : ('TO_RECHECK' as const), page: Math.max(0, page - 1), size: TASK_PAGE_SIZE, crs: 'WGS84' as const }
}

/** GET /api/v1/reinspections: the pending ones, coordinates in WGS-84. */
export function reinspectionQuery(page: number) {
  return { status: 'PENDING' as const, page: Math.max(0, page - 1), size: TASK_PAGE_SIZE, crs: 'WGS84' as const }
}

import type { components } from '@/api/schema'

/** One card of the list: a ticket to verify or re-check, or a closed ticket sampled for re-inspection. */
export type Task =
  | { kind: 'ticket'; id: number; item: components['schemas']['TicketSummary'] }
  | { kind: 'reinspection'; id: number; item: components['schemas']['ReinspectionItem'] }
