// The ticket list: its filters and page live in the URL and map one to one onto GET /api/v1/tickets;
// the server paginates; the deadline counts down with an overdue badge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import TicketList from '@/console/views/tickets/TicketList.vue'
import { apiQuery, changed, fromQuery } from '@/console/views/tickets/query'
import { dueText } from '@/console/views/tickets/time'
import { json, problem, scriptedFetch } from './helpers'

const HOUR = 3600_000
// mounting Element Plus tables is slow on a busy machine
vi.setConfig({ testTimeout: 30_000 })

function summary(id: number, dueInHours: number) {
  return {
    id,
    state: 'IN_PROGRESS',
    severity: 'GENERAL',
    category: { id: 1, code: 'FIRE', name: '消防' },
    grid: { id: 12, code: 'G12', name: '一网格' },
    leadUnit: { id: 3, name: '浔龙河村村委会' },
    address: `果园路 ${id} 号`,
    dueAt: new Date(Date.now() + dueInHours * HOUR).toISOString(),
    dueOwner: 'UNIT',
    overdue: dueInHours < 0,
    rework: false,
    designatedLead: false,
    supervised: false,
    createdAt: '2026-12-01T02:00:00Z',
    version: 1,
  }
}

const FACETS = {
  categories: [{ id: 1, code: 'FIRE', name: '消防' }],
  units: [{ id: 3, name: '浔龙河村村委会' }],
  grids: [{ id: 12, name: '一网格' }],
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/tickets', name: 'tickets', component: TicketList },
      { path: '/tickets/:id', name: 'ticket', component: { template: '<div data-test="the-ticket" />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(TicketList, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
  await flushPromises()
  return { wrapper, router }
}

describe('ticket list query', () => {
  it('maps the URL onto the API and back, ignoring what the API would refuse', () => {
    const s = fromQuery({ box: 'RETURNED', overdue: '1', dueSoon: '1', unit: '3', grid: '12', page: '3', size: '50', state: 'NOPE' })
    expect(apiQuery(s)).toEqual({
      page: 2,
      size: 50,
      box: 'RETURNED',
      state: undefined,
      overdue: true,
      dueWithin: 'PT24H',
      category: undefined,
      unitId: 3,
      regionId: 12,
      severity: undefined,
      owner: undefined,
    })
    expect(fromQuery({ size: '7', unit: 'x' })).toMatchObject({ page: 1, size: 20, unit: null })
  })

  it('a filter change goes back to page 1; clearing removes the key', () => {
    expect(changed({ page: '4', box: 'RETURNED' }, { overdue: '1' })).toEqual({ box: 'RETURNED', overdue: '1' })
    expect(changed({ page: '4', box: 'RETURNED' }, { box: undefined })).toEqual({})
    expect(changed({ box: 'RETURNED' }, { page: '2' })).toEqual({ box: 'RETURNED', page: '2' })
  })

  it('time left or overdue, in the two largest units', () => {
    const now = Date.parse('2026-12-02T00:00:00Z')
    expect(dueText('2026-12-04T03:00:00Z', now)).toEqual({ text: '剩 2 天 3 小时', overdue: false, soon: false })
    expect(dueText('2026-12-02T05:30:00Z', now)).toEqual({ text: '剩 5 小时 30 分钟', overdue: false, soon: true })
    expect(dueText('2026-12-01T23:15:00Z', now)).toEqual({ text: '逾期 45 分钟', overdue: true, soon: false })
    expect(dueText(undefined, now)).toBeNull()
  })
})

describe('TicketList', () => {
  let f: ReturnType<typeof scriptedFetch>
  beforeEach(() => {
    f = scriptedFetch((r) => {
      if (r.url.startsWith('/api/v1/tickets/facets')) return json(200, FACETS)
      if (r.url.startsWith('/api/v1/tickets')) return json(200, { items: [summary(1, -5 - 1 / 120), summary(2, 30 + 1 / 120)], total: 45, page: 0, size: 20 })
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
  })
  afterEach(() => vi.unstubAllGlobals())

  const listCalls = () => f.calls.filter((c) => !c.url.startsWith('/api/v1/tickets/facets'))

  it('asks the server for the page and filters in the URL and shows rows, countdown and total', async () => {
    const { wrapper } = await mountAt('/tickets?page=3&size=10&overdue=1&box=ESCALATED&unit=3')
    expect(listCalls()[0].url).toBe('/api/v1/tickets?page=2&size=10&box=ESCALATED&overdue=true&unitId=3')
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('浔龙河村村委会')
    expect(rows[0].find('[data-test=overdue-badge]').exists()).toBe(true)
    expect(rows[0].find('[data-test=countdown]').text()).toBe('逾期 5 小时')
    expect(rows[1].find('[data-test=overdue-badge]').exists()).toBe(false)
    expect(rows[1].find('[data-test=countdown]').text()).toBe('剩 1 天 6 小时')
    expect(wrapper.find('[data-test=total]').text()).toBe('共 45 条')
    expect(wrapper.find('[data-test=chip-overdue]').classes()).toContain('is-checked')
  })

  it('the due-soon chip puts dueWithin in the URL and the request, back on page 1', async () => {
    const { wrapper, router } = await mountAt('/tickets?page=2')
    expect(listCalls()[0].url).toBe('/api/v1/tickets?page=1&size=20')
    await wrapper.find('[data-test=chip-due-soon]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ dueSoon: '1' })
    expect(listCalls().at(-1)?.url).toBe('/api/v1/tickets?page=0&size=20&dueWithin=PT24H')
  })

  it('turning the page changes the URL and loads that page from the server', async () => {
    const { wrapper, router } = await mountAt('/tickets?box=RETURNED')
    await wrapper.find('.el-pager li:nth-child(2)').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ box: 'RETURNED', page: '2' })
    expect(listCalls().at(-1)?.url).toBe('/api/v1/tickets?page=1&size=20&box=RETURNED')
  })

  it('a capped total shows as a lower bound, and the pager still pages through it', async () => {
    f = scriptedFetch((r) => {
      if (r.url.startsWith('/api/v1/tickets/facets')) return json(200, FACETS)
      return json(200, { items: [summary(1, 3)], total: 10000, totalCapped: true, page: 0, size: 20 })
    })
    vi.stubGlobal('fetch', f.fetch)
    const { wrapper } = await mountAt('/tickets')
    expect(wrapper.find('[data-test=total]').text()).toBe('共 10,000+ 条')
    expect(wrapper.find('.el-pager li:last-child').text()).toBe('500')
  })

  it('a row opens the ticket page', async () => {
    const { wrapper, router } = await mountAt('/tickets')
    await wrapper.findAll('.el-table__body tr')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/tickets/2')
  })

  it('a refusal shows the problem detail', async () => {
    f = scriptedFetch(() => problem(422, 'invalid-parameter', '参数 dueWithin 无效。'))
    vi.stubGlobal('fetch', f.fetch)
    await mountAt('/tickets?dueSoon=1')
    await vi.waitFor(() => expect(document.querySelector('.ssp-error-message')?.textContent).toContain('参数 dueWithin 无效。'))
  })
})
