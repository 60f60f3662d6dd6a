// The unit inbox: each tab is one server-paginated GET /api/v1/tickets?box=…, with tab and page in
// the URL; deadlines count down live and turn red when past; a stale version reloads the ticket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import { useAuth } from '@/auth/store'
import Inbox from '@/console/views/unit/Inbox.vue'
import Countdown from '@/console/views/unit/Countdown.vue'
import TicketDrawer from '@/console/views/unit/TicketDrawer.vue'
import { countdown, pageOf, sizeOf, span, tabOf, ticketQuery } from '@/console/views/unit/inbox'
import { json, problem, scriptedFetch } from './helpers'

const NOW = Date.parse('2026-12-01T08:00:00Z')

function summary(id: number, dueAt: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    state: 'DISPATCHED',
    severity: 'GENERAL',
    category: { id: 1, code: 'OTHER', name: '其他' },
    grid: { id: 9, code: 'G1', name: '浔龙河片区第1网格' },
    leadUnit: { id: 5, code: 'GY-V1', name: '浔龙河村村委会' },
    dueAt,
    dueOwner: 'UNIT',
    overdue: Date.parse(dueAt) < Date.now(),
    rework: false,
    version: 2,
    createdAt: '2026-12-01T01:00:00Z',
    ...extra,
  }
}

describe('the tabs as queries', () => {
  it('maps every tab to its box, the 1-based page to the API 0-based one, in WGS-84', () => {
    expect(ticketQuery('to-sign', 1, 20)).toEqual({ box: 'TO_SIGN', page: 0, size: 20, overdue: undefined, crs: 'WGS84' })
    expect(ticketQuery('in-progress', 3, 10)).toMatchObject({ box: 'IN_PROGRESS', page: 2, size: 10 })
    expect(ticketQuery('rework', 1, 20, true)).toMatchObject({ box: 'REWORK', overdue: true })
    expect(ticketQuery('assisting', 2, 50)).toMatchObject({ box: 'ASSISTING', page: 1, size: 50 })
  })

  it('reads the URL defensively: unknown tab, page or size fall back', () => {
    expect(tabOf('rework')).toBe('rework')
    expect(tabOf('RETURNED')).toBe('to-sign')
    expect(tabOf(undefined)).toBe('to-sign')
    expect(pageOf('4')).toBe(4)
    expect(pageOf('-2')).toBe(1)
    expect(pageOf('x')).toBe(1)
    expect(sizeOf('50')).toBe(50)
    expect(sizeOf('33')).toBe(20)
  })
})

describe('the countdown', () => {
  it('counts what is left, urgent under 4 hours, overdue once past', () => {
    const due = '2026-12-02T10:03:04Z'
    const c = countdown(due, NOW)!
    expect(c).toMatchObject({ overdue: false, urgent: false, days: 1, hours: 2, minutes: 3, seconds: 4 })
    expect(span(c, '天')).toBe('1天 02:03:04')
    expect(countdown('2026-12-01T09:00:00Z', NOW)).toMatchObject({ overdue: false, urgent: true, hours: 1 })
    const late = countdown('2026-12-01T07:59:30Z', NOW)!
    expect(late).toMatchObject({ overdue: true, urgent: false, days: 0, seconds: 30 })
    expect(span(late, 'd')).toBe('00:00:30')
    expect(countdown(null, NOW)).toBeNull()
    expect(countdown('not a date', NOW)).toBeNull()
  })

  it('ticks every second and turns red when the deadline passes', async () => {
    vi.useFakeTimers({ now: NOW })
    try {
      const w = mount(Countdown, { props: { dueAt: new Date(NOW + 2000).toISOString() }, global: { plugins: [i18n] } })
      await vi.advanceTimersByTimeAsync(0)
      expect(w.text()).toBe('剩余 00:00:02')
      expect(w.classes()).toContain('urgent')
      await vi.advanceTimersByTimeAsync(3000)
      expect(w.text()).toBe('已逾期 00:00:01')
      expect(w.classes()).toContain('ssp-overdue')
      expect(w.attributes('data-overdue')).toBe('true')
      w.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})

async function mountInbox(path: string) {
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/unit/inbox', component: Inbox },
      { path: '/tickets/:id', component: Inbox },
    ],
  })
  await router.push(path)
  const wrapper = mount(Inbox, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
  await flushPromises()
  return { wrapper, router }
}

describe('Inbox', () => {
  let f: ReturnType<typeof scriptedFetch>
  beforeEach(() => {
    f = scriptedFetch((r) =>
      r.url.startsWith('/api/v1/tickets?')
        ? json(200, {
            items: [summary(1, new Date(Date.now() - 3600_000).toISOString()), summary(2, new Date(Date.now() + 86400_000 * 2).toISOString())],
            total: 45,
            page: 0,
            size: 20,
          })
        : json(404, {}),
    )
    vi.stubGlobal('fetch', f.fetch)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks for the tab and page of the URL and shows the rows, the total and the overdue one in red', async () => {
    const { wrapper } = await mountInbox('/unit/inbox?tab=rework&page=2')
    expect(f.calls[0].url).toBe('/api/v1/tickets?box=REWORK&page=1&size=20&crs=WGS84')
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('浔龙河片区第1网格')
    expect(rows[0].find('.ssp-overdue').text()).toMatch(/^已逾期 01:00:0\d$/)
    expect(rows[1].find('.ssp-overdue').exists()).toBe(false)
    expect(rows[1].text()).toMatch(/剩余 1天 23:59:5\d/)
    expect(wrapper.text()).toContain('45')
  })

  it('switching the tab puts it in the URL and loads that list from its first page', async () => {
    const { wrapper, router } = await mountInbox('/unit/inbox?page=3')
    expect(f.calls[0].url).toBe('/api/v1/tickets?box=TO_SIGN&page=2&size=20&crs=WGS84')
    await wrapper.find('#tab-assisting').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ tab: 'assisting' })
    expect(f.calls.at(-1)?.url).toBe('/api/v1/tickets?box=ASSISTING&page=0&size=20&crs=WGS84')
  })

  it('the overdue switch filters on the server', async () => {
    const { wrapper } = await mountInbox('/unit/inbox?tab=in-progress')
    await wrapper.find('[data-test=filter-overdue]').trigger('click')
    await flushPromises()
    expect(f.calls.at(-1)?.url).toBe('/api/v1/tickets?box=IN_PROGRESS&page=0&size=20&overdue=true&crs=WGS84')
  })
})

describe('TicketDrawer', () => {
  afterEach(() => vi.unstubAllGlobals())

  function detail(version: number) {
    return {
      ticket: summary(7, new Date(Date.now() + 3600_000).toISOString(), { id: 7, version }),
      description: '楼道堆放杂物',
      deadlines: { dueAt: new Date(Date.now() + 3600_000).toISOString(), dueOwner: 'UNIT' },
      reports: [],
      timeline: [],
    }
  }

  it('signs with the version it saw; a 409 stale version reloads the ticket and says so', async () => {
    let gets = 0
    const f = scriptedFetch((r) => {
      if (r.method === 'GET' && r.url.startsWith('/api/v1/tickets/7')) {
        gets++
        return new Response(JSON.stringify(detail(gets + 2)), { status: 200, headers: { 'Content-Type': 'application/json', ETag: `"${gets + 2}"` } })
      }
      if (r.method === 'POST' && r.url.startsWith('/api/v1/tickets/7/actions/sign')) {
        return problem(409, 'stale-version', '工单已被他人修改。')
      }
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    useAuth().me = { unit: { id: 5, name: '浔龙河村村委会' } } as never
    const router = createRouter({ history: createMemoryHistory('/console/'), routes: [{ path: '/:p(.*)', component: TicketDrawer }] })
    const wrapper = mount(TicketDrawer, { props: { id: 7 }, global: { plugins: [pinia, i18n, router, ElementPlus] }, attachTo: document.body })
    await flushPromises()
    const sign = document.querySelector<HTMLButtonElement>('[data-test=action-sign]')
    expect(sign).not.toBeNull()
    expect(document.querySelector('[data-test=action-return]')).not.toBeNull()
    sign!.click()
    await flushPromises()
    const post = f.calls.find((c) => c.method === 'POST')!
    expect(post.headers.get('If-Match')).toBe('"3"')
    expect(gets).toBe(2) // reloaded
    await vi.waitFor(() => expect(document.querySelector('.ssp-error-message')?.textContent).toContain('已为您重新加载'))
    wrapper.unmount()
  })
})
