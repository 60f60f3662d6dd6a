// The ticket page: it shows exactly the actions the server allows (allowedActions), sends them with
// the version as If-Match, and on 409 stale-version reloads the ticket and says so; 404 is "not found";
// the reporter stays hidden unless the server says the caller may reveal it, and then only on request.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import TicketPage from '@/console/views/tickets/TicketPage.vue'
import { json, problem, scriptedFetch, type Recorded } from './helpers'

vi.setConfig({ testTimeout: 30_000 })

function detail(version: number, allowedActions: string[], extra: Record<string, unknown> = {}) {
  return {
    ticket: {
      id: 7,
      state: 'DISPATCHED',
      severity: 'GENERAL',
      category: { id: 1, code: 'FIRE', name: '消防' },
      grid: { id: 12, name: '一网格' },
      leadUnit: { id: 3, name: '浔龙河村村委会' },
      dueAt: '2026-12-31T02:00:00Z',
      overdue: false,
      version,
    },
    assistingUnits: [],
    lat: 28.1,
    lng: 113.1,
    crs: 'WGS84',
    description: '楼道堆放杂物',
    deadlines: { signDueAt: '2026-12-31T02:00:00Z', rectifyDueAt: '2027-01-05T02:00:00Z', dueAt: '2026-12-31T02:00:00Z' },
    reports: [{ id: 40, createdAt: '2026-12-01T02:00:00Z', anonymous: false, description: '有人堆杂物', photos: [] }],
    timeline: [{ id: 1, type: 'DISPATCHED', at: '2026-12-01T02:00:00Z', actorRole: 'dispatcher', photos: [] }],
    chase: [],
    extensions: [],
    allowedActions,
    designationRequired: false,
    reporterRevealable: false,
    unitChoices: [
      { id: 3, name: '浔龙河村村委会' },
      { id: 5, name: '应急站' },
    ],
    ...extra,
  }
}

async function mountTicket(handler: (r: Recorded, n: number) => Response) {
  const f = scriptedFetch(handler)
  vi.stubGlobal('fetch', f.fetch)
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/tickets', name: 'tickets', component: { template: '<div />' } },
      { path: '/tickets/:id', name: 'ticket', component: TicketPage },
    ],
  })
  await router.push('/tickets/7')
  const wrapper = mount(TicketPage, { global: { plugins: [createPinia(), i18n, router, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, f }
}

const actionButtons = () => Array.from(document.querySelectorAll('[data-test^=action-]')).map((e) => e.getAttribute('data-test'))

describe('TicketPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows only the actions the server allows, and none for a reader', async () => {
    const { wrapper } = await mountTicket(() => json(200, detail(3, ['sign', 'return'])))
    expect(actionButtons()).toEqual(['action-panel', 'action-sign', 'action-return'])
    expect(wrapper.text()).toContain('浔龙河村村委会')
    wrapper.unmount()
    document.body.innerHTML = ''

    const reader = await mountTicket(() => json(200, detail(3, [])))
    expect(actionButtons()).toEqual(['action-panel'])
    expect(reader.wrapper.find('[data-test=no-actions]').exists()).toBe(true)
  })

  it('an action goes with If-Match and the page shows the ticket it answers with', async () => {
    const { wrapper, f } = await mountTicket((r) =>
      r.method === 'POST'
        ? json(200, detail(4, [], { ticket: { ...detail(4, []).ticket, state: 'CANCELLED' }, cancelReason: '重复工单' }))
        : json(200, detail(3, ['redispatch', 'cancel', 'designate-lead'])),
    )
    await wrapper.find('[data-test=action-cancel]').trigger('click')
    await flushPromises()
    const reason = document.querySelector('[data-test=dialog-cancel] textarea') as HTMLTextAreaElement
    reason.value = '重复工单'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-test=dialog-cancel] [data-test=action-submit]') as HTMLButtonElement).click()
    await flushPromises()
    const post = f.calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe('/api/v1/tickets/7/actions/cancel')
    expect(post.headers.get('If-Match')).toBe('"3"')
    expect(JSON.parse(post.body)).toEqual({ reason: '重复工单' })
    expect(wrapper.find('[data-test=ticket-state]').text()).toBe('已撤销')
    expect(wrapper.text()).toContain('重复工单')
  })

  it('a 409 stale version reloads the ticket and says so', async () => {
    let gets = 0
    const { wrapper, f } = await mountTicket((r) => {
      if (r.method === 'POST') return problem(409, 'stale-version', '工单已被他人修改。')
      gets++
      return gets === 1 ? json(200, detail(3, ['sign', 'return'])) : json(200, detail(5, [], { ticket: { ...detail(5, []).ticket, state: 'IN_PROGRESS' } }))
    })
    await wrapper.find('[data-test=action-sign]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test=dialog-sign] [data-test=action-submit]') as HTMLButtonElement).click()
    await flushPromises()
    await vi.waitFor(() => expect(document.querySelector('.ssp-error-message')?.textContent).toContain('已为您重新加载'))
    expect(f.calls.filter((c) => c.method === 'GET')).toHaveLength(2)
    expect(wrapper.find('[data-test=ticket-state]').text()).toBe('处理中')
    expect(actionButtons()).toEqual(['action-panel'])
  })

  it('redispatch offers the units the server lists and sends the chosen lead', async () => {
    const { wrapper, f } = await mountTicket((r) => (r.method === 'POST' ? json(200, detail(4, [])) : json(200, detail(3, ['redispatch']))))
    await wrapper.find('[data-test=action-redispatch]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test=dialog-redispatch] [data-test=field-lead] .el-select__wrapper') as HTMLElement).click()
    await flushPromises()
    ;(document.querySelector('[data-test=lead-option-5]') as HTMLElement).click()
    await flushPromises()
    ;(document.querySelector('[data-test=dialog-redispatch] [data-test=action-submit]') as HTMLButtonElement).click()
    await flushPromises()
    const post = f.calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe('/api/v1/tickets/7/actions/redispatch')
    expect(JSON.parse(post.body)).toMatchObject({ leadUnitId: 5, designateLead: false })
  })

  it('404 is shown as not found, with the problem detail', async () => {
    const { wrapper } = await mountTicket(() => problem(404, 'ticket-not-found', '工单 7 不存在。'))
    expect(wrapper.find('[data-test=ticket-not-found]').text()).toContain('工单 7 不存在。')
    expect(wrapper.find('[data-test=action-panel]').exists()).toBe(false)
  })

  it('the reporter: no reveal unless the server allows it; revealed only after asking and confirming', async () => {
    const hidden = await mountTicket(() => json(200, detail(3, [])))
    expect(hidden.wrapper.find('[data-test=reveal]').exists()).toBe(false)
    hidden.wrapper.unmount()

    const { wrapper, f } = await mountTicket((r) =>
      r.url.endsWith('/reporter')
        ? json(200, { reportId: 40, name: '张三', phone: '13900000001' })
        : json(200, detail(3, [], { reporterRevealable: true })),
    )
    expect(wrapper.text()).not.toContain('13900000001')
    await wrapper.find('[data-test=reveal]').trigger('click')
    expect(f.calls.some((c) => c.url.endsWith('/reporter'))).toBe(false)
    await wrapper.find('[data-test=reveal-confirm]').trigger('click')
    await flushPromises()
    expect(f.calls.at(-1)?.url).toBe('/api/v1/dispatch/reports/40/reporter')
    expect(wrapper.find('[data-test=reporter-phone]').text()).toContain('13900000001')
  })
})
