// Deadlines on the ticket screens: time left or overdue, from the server's instant and a ticking clock.
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { i18n } from '@/i18n'

export interface DueText {
  /** e.g. "剩 2 天 3 小时" / "逾期 5 小时" */
  text: string
  overdue: boolean
  /** due within 24 hours and not yet overdue */
  soon: boolean
}

/** How far `dueAt` is from `now`, in the two largest units (days+hours, hours+minutes, minutes). */
export function dueText(dueAt: string | null | undefined, now: number): DueText | null {
  if (!dueAt) return null
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return null
  const t = i18n.global.t
  const ms = due - now
  const overdue = ms < 0
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  const parts: string[] = []
  if (d > 0) parts.push(t('tickets.due.days', { n: d }))
  if (h > 0 && parts.length < 2) parts.push(t('tickets.due.hours', { n: h }))
  if (d === 0 && (m > 0 || parts.length === 0)) parts.push(t('tickets.due.minutes', { n: m }))
  const span = parts.join(' ')
  return {
    text: overdue ? t('tickets.due.overdue', { t: span }) : t('tickets.due.left', { t: span }),
    overdue,
    soon: !overdue && ms <= 24 * 3600_000,
  }
}

/** The current time, refreshed every `everyMs` while the component is mounted (countdowns). */
export function useNow(everyMs = 30_000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), everyMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
