// The ticket list's state lives in the URL query (reload, back and shared links keep it):
//   ?box=RETURNED&state=IN_PROGRESS&overdue=1&dueSoon=1&category=FIRE&unit=3&grid=12&severity=MAJOR&owner=UNIT&page=2&size=50
// and maps one to one onto GET /api/v1/tickets's parameters (page 1-based in the URL, 0-based in the API).
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { paths } from '@/api/schema'

export type ListQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>

export const BOXES = [
  'RETURNED',
  'EXTENSION_REQUESTED',
  'ESCALATED',
  'LEADER_ESCALATED',
  'SUPERVISED',
  'TO_VERIFY',
  'TO_RECHECK',
  'FOLLOW_UP',
] as const
export const STATES = ['DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED', 'CLOSED', 'CANCELLED'] as const
export const SEVERITIES = ['GENERAL', 'MAJOR'] as const
export const OWNERS = ['UNIT', 'VERIFIER', 'DISPATCHER'] as const
export const SIZES = [10, 20, 50, 100] as const
/** "due soon" is the API's dueWithin: the next 24 hours. */
export const DUE_SOON = 'PT24H'

export interface ListState {
  page: number
  size: number
  box: string
  state: string
  overdue: boolean
  dueSoon: boolean
  category: string
  unit: number | null
  grid: number | null
  severity: string
  owner: string
}

function str(v: unknown, allowed?: readonly string[]): string {
  const s = typeof v === 'string' ? v : ''
  return allowed && !allowed.includes(s) ? '' : s
}
function id(v: unknown): number | null {
  const n = Number(typeof v === 'string' ? v : NaN)
  return Number.isInteger(n) && n > 0 ? n : null
}

export function fromQuery(q: LocationQuery): ListState {
  return {
    page: Math.max(1, Number(q.page) || 1),
    size: SIZES.find((s) => s === Number(q.size)) ?? 20,
    box: str(q.box, BOXES),
    state: str(q.state, STATES),
    overdue: q.overdue === '1',
    dueSoon: q.dueSoon === '1',
    category: str(q.category),
    unit: id(q.unit),
    grid: id(q.grid),
    severity: str(q.severity, SEVERITIES),
    owner: str(q.owner, OWNERS),
  }
}

/** The API's query for this state (undefined for what is not filtered). */
export function apiQuery(s: ListState): ListQuery {
  return {
    page: s.page - 1,
    size: s.size,
    box: (s.box || undefined) as ListQuery['box'],
    state: (s.state || undefined) as ListQuery['state'],
    overdue: s.overdue || undefined,
    dueWithin: s.dueSoon ? DUE_SOON : undefined,
    category: s.category || undefined,
    unitId: s.unit ?? undefined,
    regionId: s.grid ?? undefined,
    severity: (s.severity || undefined) as ListQuery['severity'],
    owner: (s.owner || undefined) as ListQuery['owner'],
  }
}

/** A change of the URL query: undefined or '' removes a key; any filter change goes back to page 1. */
export function changed(q: LocationQuery, change: Record<string, string | undefined>): LocationQueryRaw {
  const out: LocationQueryRaw = { ...q, ...change }
  if (!('page' in change)) delete out.page
  for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === '') delete out[k]
  return out
}
