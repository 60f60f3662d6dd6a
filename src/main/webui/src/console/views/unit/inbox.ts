// The unit inbox's tabs as GET /api/v1/tickets queries, and deadlines as a live countdown. Pure
// functions (unit-tested in tests/UnitInbox.test.ts); the ticking clock is useNow().
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import type { components } from '@/api/schema'

export type Box = components['schemas']['TicketBox']

/** The inbox's tabs, in order; each is one of the API's named lists (box) of a unit. */
export const TABS = ['to-sign', 'in-progress', 'rework', 'assisting'] as const
export type Tab = (typeof TABS)[number]

const BOX: Record<Tab, Box> = {
  'to-sign': 'TO_SIGN',
  'in-progress': 'IN_PROGRESS',
  rework: 'REWORK',
  assisting: 'ASSISTING',
}

export const PAGE_SIZES = [10, 20, 50, 100] as const

/** The tab named in the URL (?tab=…), the first one when missing or unknown. */
export function tabOf(value: unknown): Tab {
  return (TABS as readonly unknown[]).includes(value) ? (value as Tab) : 'to-sign'
}

/** The 1-based page of the URL (?page=…). */
export function pageOf(value: unknown): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 1 ? n : 1
}

/** The page size of the URL (?size=…), one of PAGE_SIZES, else 20. */
export function sizeOf(value: unknown): number {
  return PAGE_SIZES.find((s) => s === Number(value)) ?? 20
}

/**
 * The query of GET /api/v1/tickets for a tab: its box, the 0-based page, the size, overdue only when
 * asked, coordinates in WGS-84 (the API's own default for staff, said explicitly).
 */
export function ticketQuery(tab: Tab, page: number, size: number, overdue = false) {
  return {
    box: BOX[tab],
    page: Math.max(0, page - 1),
    size,
    overdue: overdue || undefined,
    crs: 'WGS84' as const,
  }
}

export interface Countdown {
  /** past the deadline */
  overdue: boolean
  /** less than 4 hours left */
  urgent: boolean
  days: number
  hours: number
  minutes: number
  seconds: number
}

const URGENT_MS = 4 * 3600_000

/** The time left until (or, overdue, since) `dueAt` at `now` (ms); null without a deadline. */
export function countdown(dueAt: string | null | undefined, now: number): Countdown | null {
  if (!dueAt) return null
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return null
  const left = due - now
  const abs = Math.floor(Math.abs(left) / 1000)
  return {
    overdue: left < 0,
    urgent: left >= 0 && left < URGENT_MS,
    days: Math.floor(abs / 86400),
    hours: Math.floor((abs % 86400) / 3600),
    minutes: Math.floor((abs % 3600) / 60),
    seconds: abs % 60,
  }
}

/** "2天 03:04:05" / "03:04:05": the span of a countdown, days only when there are any. */
export function span(c: Countdown, dayUnit: string): string {
  const hms = [c.hours, c.minutes, c.seconds].map((n) => String(n).padStart(2, '0')).join(':')
  return c.days > 0 ? `${c.days}${dayUnit} ${hms}` : hms
}

const clock = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

/** The current time (ms), ticking every second while a component uses it (one timer for all). */
export function useNow(): Ref<number> {
  onMounted(() => {
    if (users++ === 0) {
      clock.value = Date.now()
      timer = setInterval(() => (clock.value = Date.now()), 1000)
    }
  })
  onBeforeUnmount(() => {
    if (--users === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  })
  return clock
}
