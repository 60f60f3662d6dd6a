// A resident's report: the reason it was refused, the photos dropped, and rating a closed one with
// the ticket the report names.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import ReportDetail from '@/h5/views/ReportDetail.vue'
import { json, problem, scriptedFetch } from './helpers'

function report(extra: Record<string, unknown>) {
  return {
    id: 5,
    status: 'CLOSED',
    statusLabel: '已办结',
    anonymous: false,
    category: { code: 'FIRE', name: '消防安全' },
    lat: 28.3525,
    lng: 113.1625,
    crs: 'WGS84',
    description: '楼道堆放杂物',
    createdAt: '2026-12-01T02:00:00Z',
    photos: [{ seq: 0, url: 'http://s3/d.jpg', thumbnailUrl: 'http://s3/t.jpg' }],
    afterPhotos: [{ seq: 0, url: 'http://s3/ad.jpg', thumbnailUrl: 'http://s3/at.jpg' }],
    timeline: [
      { at: '2026-12-01T02:00:00Z', type: 'SUBMITTED', label: '已提交' },
      { at: '2026-12-01T02:00:01Z', type: 'PHOTO_DROPPED', label: '照片无法处理，已移除' },
      { at: '2026-12-02T02:00:00Z', type: 'CLOSED', label: '已办结' },
    ],
    ticketId: 44,
    rateable: true,
    myRating: null,
    ...extra,
  }
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory('/h5/'),
    routes: [
      { path: '/reports/:id', name: 'report', component: ReportDetail },
      { path: '/reports', name: 'reports', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(ReportDetail, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
  await flushPromises()
  return wrapper
}

describe('ReportDetail', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('rates a closed report with the ticket it names, then shows the rating', async () => {
    let rated = false
    const f = scriptedFetch((r) => {
      if (r.method === 'POST' && r.url === '/api/v1/tickets/44/actions/rate') {
        rated = true
        return json(200, { ticketId: 44, rating: 'SATISFIED' })
      }
      if (r.url === '/api/v1/reports/5')
        return json(200, rated ? report({ rateable: false, myRating: { rating: 'SATISFIED', comment: '很好', ratedAt: '2026-12-02T03:00:00Z' } }) : report({}))
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
    const wrapper = await mountAt('/reports/5')
    expect(wrapper.find('[data-test=detail-status]').text()).toBe('已办结')
    expect(wrapper.find('[data-test=ticket-id]').text()).toBe('44')
    expect(wrapper.find('[data-test=detail-dropped]').text()).toContain('1')
    expect(wrapper.find('[data-test=detail-position]').text()).toContain('WGS-84 (GPS)')
    expect(wrapper.findAll('[data-test=timeline-step]').map((s) => s.text())).toEqual(['已提交', '照片无法处理，已移除', '已办结'])

    await wrapper.findAll('[data-test=rate-stars] .el-rate__item')[2].trigger('click')
    await wrapper.find('textarea[data-test=rate-comment], [data-test=rate-comment] textarea').setValue('很好')
    await wrapper.find('[data-test=rating] form').trigger('submit')
    await flushPromises()
    const post = f.calls.find((c) => c.method === 'POST')
    expect(JSON.parse(post?.body ?? '{}')).toEqual({ rating: 'SATISFIED', comment: '很好' })
    expect(wrapper.find('[data-test=my-rating]').text()).toContain('满意')
    expect(wrapper.find('[data-test=rate-submit]').exists()).toBe(false)
  })

  it('shows why a report was refused, and a refusal of the API as its detail', async () => {
    const f = scriptedFetch((r) =>
      r.url === '/api/v1/reports/5'
        ? json(200, report({ status: 'REJECTED', rateable: false, ticketId: null, afterPhotos: [], reason: { code: 'NOT_A_HAZARD', label: '不属于安全隐患', note: '属于噪音扰民' } }))
        : problem(404, 'report-not-found', '线索不存在。'),
    )
    vi.stubGlobal('fetch', f.fetch)
    const wrapper = await mountAt('/reports/5')
    expect(wrapper.find('[data-test=detail-reason]').text()).toContain('不属于安全隐患')
    expect(wrapper.find('[data-test=detail-reason]').text()).toContain('属于噪音扰民')
    expect(wrapper.find('[data-test=rating]').exists()).toBe(false)

    await mountAt('/reports/6')
    await vi.waitFor(() => expect(document.querySelector('.ssp-error-message')?.textContent).toContain('线索不存在。'))
  })
})
