// A component test of the example screen: the list is loaded page by page from the server, with the
// page and filters in the URL; a refusal shows the problem's detail.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import ReviewQueue from '@/console/views/dispatch/ReviewQueue.vue'
import { json, problem, scriptedFetch } from './helpers'

function item(id: number) {
  return {
    id,
    status: 'PENDING_REVIEW',
    createdAt: '2026-12-01T02:00:00Z',
    category: { code: 'FIRE', name: '消防' },
    township: { id: 1, code: 'T', name: '果园镇' },
    grid: null,
    description: `楼道堆放杂物 ${id}`,
    reviewReasons: ['NO_RULE', 'PHOTO_FLAGGED'],
    photoCount: 2,
    photoFlags: [],
    duplicates: [],
    duplicateReports: [],
    anonymous: false,
    reviewDueAt: '2026-12-01T06:00:00Z',
    overdue: id === 1,
  }
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [{ path: '/dispatch/reviews', component: ReviewQueue }],
  })
  await router.push(path)
  const wrapper = mount(ReviewQueue, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
  await flushPromises()
  return { wrapper, router }
}

describe('ReviewQueue', () => {
  let f: ReturnType<typeof scriptedFetch>
  beforeEach(() => {
    f = scriptedFetch((r) =>
      r.url.startsWith('/api/v1/dispatch/reports') ? json(200, { items: [item(1), item(2)], total: 45, page: 0, size: 20 }) : json(404, {}),
    )
    vi.stubGlobal('fetch', f.fetch)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks the server for the page in the URL and shows its rows and total', async () => {
    const { wrapper } = await mountAt('/dispatch/reviews?page=3&size=10&reason=NO_RULE')
    expect(f.calls[0].url).toBe('/api/v1/dispatch/reports?page=2&size=10&reason=NO_RULE')
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('楼道堆放杂物 1')
    expect(rows[0].text()).toContain('无派单规则')
    expect(wrapper.find('.ssp-overdue').exists()).toBe(true)
    expect(wrapper.text()).toContain('45')
  })

  it('turning the page changes the URL and loads that page', async () => {
    const { wrapper, router } = await mountAt('/dispatch/reviews')
    expect(f.calls[0].url).toBe('/api/v1/dispatch/reports?page=0&size=20')
    await wrapper.find('.el-pager li:nth-child(2)').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.page).toBe('2')
    expect(f.calls.at(-1)?.url).toBe('/api/v1/dispatch/reports?page=1&size=20')
  })

  it('a refusal shows the problem detail in a message', async () => {
    f = scriptedFetch(() => problem(403, 'forbidden', '当前账号没有执行此操作的权限。'))
    vi.stubGlobal('fetch', f.fetch)
    await mountAt('/dispatch/reviews')
    await vi.waitFor(() => expect(document.querySelector('.ssp-error-message')?.textContent).toContain('当前账号没有执行此操作的权限。'))
  })
})
