// The grid worker's screens: nearest first from the browser's WGS-84 position, the lists as the
// API's grid-worker queries, the verify form sending a multipart with If-Match, and the own report
// uploading each photo first and then naming them with the position in WGS-84.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import Tasks from '@/console/views/grid/Tasks.vue'
import Report from '@/console/views/grid/Report.vue'
import { distanceM, distanceText, distanceTo, nearestFirst } from '@/console/views/grid/nearby'
import { reinspectionQuery, taskTabOf, taskTicketQuery } from '@/console/views/grid/tasks'
import { json, scriptedFetch } from './helpers'

const HERE = { lat: 28.3325, lng: 113.1325 }

describe('nearest first', () => {
  it('measures great-circle distances in metres', () => {
    expect(distanceM({ lat: 28, lng: 113 }, { lat: 29, lng: 113 })).toBeCloseTo(111_195, -2)
    expect(distanceM(HERE, HERE)).toBe(0)
    expect(distanceText(349.6)).toBe('350 m')
    expect(distanceText(1234)).toBe('1.2 km')
    expect(distanceText(null)).toBe('')
  })

  it('sorts by distance; items without WGS-84 coordinates keep their order after the others', () => {
    const far = { id: 1, lat: 28.36, lng: 113.1325, crs: 'WGS84' as const }
    const near = { id: 2, lat: 28.3335, lng: 113.1325, crs: 'WGS84' as const }
    const none: { id: number; lat?: number } = { id: 3 }
    const otherCrs = { id: 4, lat: 28.3326, lng: 113.1325, crs: 'GCJ02' as const }
    const mid = { id: 5, lat: 28.34, lng: 113.1325, crs: 'WGS84' as const }
    expect(nearestFirst([far, none, near, otherCrs, mid], HERE).map((x) => x.id)).toEqual([2, 5, 1, 3, 4])
    expect(nearestFirst([far, near], null).map((x) => x.id)).toEqual([1, 2])
    expect(distanceTo(HERE, otherCrs)).toBeNull()
  })

  it('asks the API for the grid worker lists, page by page, in WGS-84', () => {
    expect(taskTicketQuery('verify', 1)).toEqual({ box: 'TO_VERIFY', page: 0, size: 50, crs: 'WGS84' })
    expect(taskTicketQuery('recheck', 2)).toEqual({ box: 'TO_RECHECK', page: 1, size: 50, crs: 'WGS84' })
    expect(reinspectionQuery(1)).toEqual({ status: 'PENDING', page: 0, size: 50, crs: 'WGS84' })
    expect(taskTabOf('reinspect')).toBe('reinspect')
    expect(taskTabOf('nope')).toBe('verify')
  })
})

function ticket(id: number, lat: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    state: 'RECTIFIED',
    category: { id: 1, code: 'OTHER', name: `类别${id}` },
    grid: { id: 9, name: '浔龙河片区第1网格' },
    lat,
    lng: 113.1325,
    crs: 'WGS84',
    dueAt: new Date(Date.now() + 3600_000).toISOString(),
    dueOwner: 'VERIFIER',
    verified: false,
    version: 4,
    ...extra,
  }
}

function stubPosition(coords: { latitude: number; longitude: number; accuracy: number } | null) {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) =>
        coords ? ok({ coords } as GeolocationPosition) : fail({ code: 1, message: 'denied' } as GeolocationPositionError),
    },
  })
}

async function mountAt(component: unknown, path: string) {
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/grid/tasks', component: Tasks },
      { path: '/grid/report', component: Report },
      { path: '/tickets/:id', component: Tasks },
    ],
  })
  await router.push(path)
  const wrapper = mount(component as never, { global: { plugins: [createPinia(), i18n, router, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('Tasks', () => {
  let f: ReturnType<typeof scriptedFetch>
  beforeEach(() => {
    f = scriptedFetch((r) => {
      if (r.url.startsWith('/api/v1/tickets?')) return json(200, { items: [ticket(1, 28.36), ticket(2, 28.3335)], total: 2, page: 0, size: 50 })
      if (r.url.startsWith('/api/v1/tickets/2?'))
        return new Response(JSON.stringify({ ticket: ticket(2, 28.3335), reports: [], timeline: [], deadlines: {} }), {
          status: 200,
          headers: { 'Content-Type': 'application/json', ETag: '"4"' },
        })
      if (r.url.startsWith('/api/v1/tickets/2/actions/verify'))
        return json(200, { ticket: ticket(2, 28.3335, { verified: true, version: 5 }), reports: [], timeline: [], deadlines: {} })
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists what waits for verification nearest first, with distances', async () => {
    stubPosition({ latitude: HERE.lat, longitude: HERE.lng, accuracy: 12 })
    const { wrapper } = await mountAt(Tasks, '/grid/tasks')
    expect(f.calls[0].url).toBe('/api/v1/tickets?box=TO_VERIFY&page=0&size=50&crs=WGS84')
    const cards = wrapper.findAll('.card')
    expect(cards.map((c) => c.attributes('data-test'))).toEqual(['task-ticket-2', 'task-ticket-1'])
    expect(cards[0].find('[data-test=distance]').text()).toBe('111 m')
    expect(wrapper.find('[data-test=sort-hint]').text()).toContain('由近到远')
  })

  it('without a position keeps the server order (by deadline) and says so', async () => {
    stubPosition(null)
    const { wrapper } = await mountAt(Tasks, '/grid/tasks?tab=recheck')
    expect(f.calls[0].url).toBe('/api/v1/tickets?box=TO_RECHECK&page=0&size=50&crs=WGS84')
    expect(wrapper.findAll('.card').map((c) => c.attributes('data-test'))).toEqual(['task-ticket-1', 'task-ticket-2'])
    expect(wrapper.find('[data-test=sort-hint]').text()).toContain('未获得位置')
  })

  it('verifies on site: a multipart with real=true, the photo and If-Match', async () => {
    stubPosition({ latitude: HERE.lat, longitude: HERE.lng, accuracy: 12 })
    const { wrapper } = await mountAt(Tasks, '/grid/tasks')
    await wrapper.find('[data-test=task-ticket-2]').trigger('click')
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('[data-test=verify-photos-input]')!
    expect(input.getAttribute('accept')).toBe('image/*')
    expect(input.getAttribute('capture')).toBe('environment')
    expect(input.multiple).toBe(true)
    Object.defineProperty(input, 'files', { value: [new File([new Uint8Array([0xff, 0xd8, 0xff])], 'a.jpg', { type: 'image/jpeg' })] })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-test=submit]')!.click()
    await flushPromises()
    const post = f.calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe('/api/v1/tickets/2/actions/verify?crs=WGS84')
    expect(post.headers.get('If-Match')).toBe('"4"')
    expect(post.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/)
    expect(post.body).toContain('name="real"\r\n\r\ntrue')
    expect(post.body).toContain('filename="a.jpg"')
  })
})

describe('Report', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('uploads each photo, then submits the report with the photo ids and the position in WGS-84', async () => {
    stubPosition({ latitude: HERE.lat, longitude: HERE.lng, accuracy: 8 })
    let uploads = 0
    const f = scriptedFetch((r) => {
      if (r.url === '/api/v1/uploads') return json(202, { id: 100 + ++uploads, status: 'PROCESSING' })
      if (r.url === '/api/v1/reports') return json(201, { id: 77, status: 'ACCEPTED', statusLabel: '已受理', ticketId: 12 })
      if (r.url === '/api/v1/categories') return json(200, [{ code: 'FIRE', name: '消防安全' }, { code: 'GAS', name: '燃气安全' }])
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
    const { wrapper } = await mountAt(Report, '/grid/report')
    expect(wrapper.find('[data-test=report-position]').text()).toContain('28.332500, 113.132500 (WGS-84)')
    const input = wrapper.find<HTMLInputElement>('[data-test=report-photos-input]').element
    const photo = (n: string) => new File([new Uint8Array([0xff, 0xd8, 0xff])], n, { type: 'image/jpeg' })
    Object.defineProperty(input, 'files', { value: [photo('1.jpg'), photo('2.jpg')], configurable: true })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(wrapper.findAll('[data-test=photo-preview]')).toHaveLength(2)
    ;(wrapper.vm as unknown as { $: { setupState: { form: { category: string } } } }).$.setupState.form.category = 'FIRE'
    await wrapper.find('[data-test=report-submit]').trigger('click')
    await flushPromises()
    // the categories are the township's, from the API
    const state = (wrapper.vm as unknown as { $: { setupState: { categories: { value: string; label: string }[] } } }).$.setupState
    expect(state.categories).toEqual([
      { value: 'FIRE', label: '消防安全' },
      { value: 'GAS', label: '燃气安全' },
    ])
    expect(f.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/categories',
      'POST /api/v1/uploads',
      'POST /api/v1/uploads',
      'POST /api/v1/reports',
    ])
    const report = f.calls[3]
    expect(JSON.parse(report.body)).toEqual({ photoIds: [101, 102], lat: HERE.lat, lng: HERE.lng, crs: 'WGS84', accuracyM: 8, category: 'FIRE' })
    expect(report.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{32,36}$/)
    expect(wrapper.find('[data-test=report-result]').text()).toContain('77')
    expect(wrapper.find('[data-test=report-status]').text()).toBe('已受理')
  })
})
