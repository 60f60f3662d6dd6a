// The review drawer: details, duplicates, the reporter only after "reveal", and the decisions sent
// as the API expects them; refusals show their detail.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import ReviewDrawer from '@/console/views/dispatch/ReviewDrawer.vue'
import { resetMapSettings } from '@/ui/map/settings'
import { json, problem, scriptedFetch, type Recorded } from './helpers'

// Leaflet is tested in the browser tests; here the map is a placeholder
vi.mock('@/ui/map/SspMap.vue', async () => {
  const { h } = await import('vue')
  return { __esModule: true, default: { name: 'SspMap', render: () => h('div', { 'data-test': 'map' }) } }
})
// Element Plus's selects and drawer take seconds on a busy 2-core machine
vi.setConfig({ testTimeout: 30_000 })

function detail(id: number, status = 'PENDING_REVIEW') {
  return {
    report: {
      id,
      status,
      createdAt: '2026-12-01T02:00:00Z',
      category: { code: 'FIRE', name: '消防' },
      description: `楼道堆放杂物 ${id}`,
      reviewReasons: ['SUSPECTED_DUPLICATE', 'PHOTO_FLAGGED'],
      duplicates: [{ ticketId: 77, kind: 'NEARBY', distanceMeters: 12.4, ticketState: 'DISPATCHED' }],
      duplicateReports: [{ reportId: 9, kind: 'NEARBY', distanceMeters: 30.2, status: 'PENDING_REVIEW' }],
      anonymous: false,
      reviewDueAt: '2026-12-01T06:00:00Z',
    },
    lat: 30.1,
    lng: 120.2,
    crs: 'WGS84',
    photos: [{ id: 1, url: '/p/1-display.jpg', thumbnailUrl: '/p/1-thumb.jpg', flags: ['NO_EXIF'] }],
    routing: {
      status: 'NEEDS_DISPATCHER',
      reasons: ['NO_RULE'],
      township: { id: 1, code: 'T', name: '果园镇' },
      grid: { id: 5, code: 'G5', name: '五号网格' },
      leadUnit: { id: 3, code: 'V3', name: '三村' },
      candidates: [{ gridId: 5, code: 'G5', covers: true }],
    },
  }
}

let handler: (r: Recorded) => Response
let f: ReturnType<typeof scriptedFetch>

beforeEach(() => {
  resetMapSettings()
  handler = (r) => {
    if (r.url === '/api/v1/web/config') return json(200, { map: { tileUrl: null, crs: 'WGS84' } })
    if (r.url.startsWith('/api/v1/regions/grids')) return json(200, { type: 'FeatureCollection', features: [] })
    if (r.url === '/api/v1/regions/units') return json(200, [{ id: 3, name: '三村' }, { id: 4, name: '应急办' }])
    if (r.url === '/api/v1/categories') return json(200, [{ code: 'FIRE', name: '消防', nameZh: '消防', nameEn: 'Fire' }])
    if (r.url === '/api/v1/dispatch/reports/9') return json(200, { ...detail(9), photos: [{ id: 2, thumbnailUrl: '/p/2-thumb.jpg' }] })
    if (r.url === '/api/v1/tickets/77')
      return json(200, { ticket: { id: 77 }, reports: [{ photos: [{ id: 3, thumbnailUrl: '/p/3-thumb.jpg' }, { id: 4, thumbnailUrl: '/p/4-thumb.jpg' }] }] })
    if (r.url === '/api/v1/dispatch/reports/5/reporter') return json(200, { name: '张三', phone: '13800001234' })
    if (r.url === '/api/v1/dispatch/reports/5' && r.method === 'GET') return json(200, detail(5))
    if (r.url.startsWith('/api/v1/dispatch/reports/5/actions/')) return json(200, { id: 5, status: 'ACCEPTED' })
    return json(404, {})
  }
  f = scriptedFetch((r) => handler(r))
  vi.stubGlobal('fetch', f.fetch)
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function mountDrawer(id: number | null = 5) {
  const router = createRouter({ history: createMemoryHistory('/console/'), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] })
  const wrapper = mount(ReviewDrawer, {
    props: { id },
    attachTo: document.body,
    global: { plugins: [createPinia(), i18n, router, ElementPlus] },
  })
  await flushPromises()
  await vi.waitFor(() => expect(document.querySelector('[data-test="report-description"]')).not.toBeNull())
  await flushPromises()
  return wrapper
}

const q = (sel: string) => document.querySelector<HTMLElement>(sel)

describe('ReviewDrawer', () => {
  it('shows reasons, flags, large display copies, duplicates with distance and photos, the routing', async () => {
    await mountDrawer()
    const text = document.body.textContent ?? ''
    expect(text).toContain('疑似重复')
    expect(text).toContain('照片存疑')
    expect(text).toContain('无拍摄信息')
    expect(text).toContain('相距 12 米')
    expect(text).toContain('相距 30 米')
    expect(text).toContain('五号网格')
    expect(text).toContain('三村')
    expect(f.calls.find((c) => c.url === '/api/v1/dispatch/reports/5')?.headers.get('Accept-Crs')).toBe('WGS84')
    expect(f.calls.some((c) => c.url.startsWith('/api/v1/regions/grids?bbox='))).toBe(true)
    await vi.waitFor(() => expect(document.querySelectorAll('[data-test="duplicate-report"] img').length).toBe(1))
    // a suspected duplicate ticket shows its reports' photos too
    await vi.waitFor(() => expect(document.querySelectorAll('[data-test="duplicate-ticket"] img').length).toBe(2))
  })

  it('the reporter is fetched and shown only after "reveal"', async () => {
    await mountDrawer()
    expect(document.body.textContent).not.toContain('13800001234')
    expect(f.calls.some((c) => c.url.endsWith('/reporter'))).toBe(false)
    q('[data-test="reveal-reporter"]')!.click()
    await flushPromises()
    expect(q('[data-test="reporter-phone"]')?.textContent).toBe('13800001234')
    expect(f.calls.filter((c) => c.url.endsWith('/reporter'))).toHaveLength(1)
  })

  it('accept sends the routed lead unit by default and reloads', async () => {
    const wrapper = await mountDrawer()
    q('[data-test="action-accept"]')!.click()
    await flushPromises()
    q('[data-test="accept-submit"]')!.click()
    await flushPromises()
    const call = f.calls.find((c) => c.url === '/api/v1/dispatch/reports/5/actions/accept')!
    expect(call.method).toBe('POST')
    expect(JSON.parse(call.body)).toEqual({ category: 'FIRE', leadUnitId: 3, assistingUnitIds: [] })
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })

  it('reject sends the listed reason and note', async () => {
    await mountDrawer()
    q('[data-test="action-reject"]')!.click()
    await flushPromises()
    const vm = (await import('vue')).nextTick
    // choose the reason through the select's options
    q('[data-test="reject-reason"] .el-select__wrapper')!.click()
    await vm()
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.includes('重复上报'))!
    option.click()
    await flushPromises()
    q('[data-test="reject-submit"]')!.click()
    await flushPromises()
    const call = f.calls.find((c) => c.url === '/api/v1/dispatch/reports/5/actions/reject')!
    expect(JSON.parse(call.body)).toEqual({ reason: 'DUPLICATE' })
  })

  it('merge offers the suspected duplicate ticket; a refusal shows the problem detail', async () => {
    const base = handler
    handler = (r) =>
      r.url.endsWith('/actions/merge') ? problem(409, 'ticket-closed', '工单 77 已办结，不能合并。') : base(r)
    await mountDrawer()
    q('[data-test="action-merge"]')!.click()
    await flushPromises()
    q('[data-test="merge-submit"]')!.click()
    await flushPromises()
    const call = f.calls.find((c) => c.url === '/api/v1/dispatch/reports/5/actions/merge')!
    expect(JSON.parse(call.body)).toEqual({ ticketId: 77 })
    await vi.waitFor(() => expect(q('.ssp-error-message')?.textContent).toContain('工单 77 已办结，不能合并。'))
  })

  it('a merged report offers unmerge only', async () => {
    const base = handler
    handler = (r) => (r.url === '/api/v1/dispatch/reports/5' ? json(200, detail(5, 'MERGED')) : base(r))
    await mountDrawer()
    expect(q('[data-test="action-accept"]')).toBeNull()
    q('[data-test="action-unmerge"]')!.click()
    await flushPromises()
    q('[data-test="unmerge-submit"]')!.click()
    await flushPromises()
    expect(f.calls.some((c) => c.url === '/api/v1/dispatch/reports/5/actions/unmerge' && c.method === 'POST')).toBe(true)
  })

  it('409 duplicate-ticket-open asks to confirm a new ticket', async () => {
    const base = handler
    handler = (r) =>
      r.url.endsWith('/actions/accept') && !r.body.includes('confirmNewTicket')
        ? problem(409, 'duplicate-ticket-open', '附近已有未办结的工单 77。', { ticketIds: [77] })
        : base(r)
    await mountDrawer()
    q('[data-test="action-accept"]')!.click()
    await flushPromises()
    q('[data-test="accept-submit"]')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(q('.ssp-error-message')?.textContent).toContain('附近已有未办结的工单 77。'))
    expect(q('[data-test="accept-confirm"]')).not.toBeNull()
  })
})
