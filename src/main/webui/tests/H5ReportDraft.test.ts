// The report being written survives a reload (sessionStorage), and its Idempotency-Key is made once
// per report: a retry after a network error sends the same key, a new report gets a new one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import ReportForm from '@/h5/views/ReportForm.vue'
import { DRAFT_KEY, clearDraft, loadDraft, saveDraft } from '@/h5/report/draft'
import { json, scriptedFetch } from './helpers'

describe('the draft', () => {
  beforeEach(() => sessionStorage.clear())

  it('is new with a fresh key, comes back as saved, and belongs to the account that wrote it', () => {
    const first = loadDraft('7')
    expect(first.key).toMatch(/^[0-9a-f-]{32,36}$/)
    expect(loadDraft('7').key).not.toBe(first.key) // nothing saved yet: another new one
    saveDraft({ ...first, description: '楼道堆放杂物', category: 'FIRE', photos: [{ id: 3, name: 'a.jpg' }] })
    expect(loadDraft('7')).toMatchObject({ key: first.key, description: '楼道堆放杂物', category: 'FIRE', photos: [{ id: 3, name: 'a.jpg' }] })
    expect(loadDraft('8').key).not.toBe(first.key) // another resident in this tab starts afresh
    expect(loadDraft('8').photos).toEqual([])
    clearDraft()
    expect(loadDraft('7').description).toBe('')
  })

  it('ignores what it cannot read', () => {
    sessionStorage.setItem(DRAFT_KEY, '{not json')
    expect(loadDraft('7').photos).toEqual([])
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ owner: '7', key: 'k', photos: [{ id: 'x' }, { id: 4, name: 'b' }] }))
    expect(loadDraft('7')).toMatchObject({ key: 'k', photos: [{ id: 4, name: 'b' }], anonymous: false })
  })
})

describe('ReportForm', { timeout: 90_000 }, () => {
  let f: ReturnType<typeof scriptedFetch>
  let reportAnswers: Array<() => Response>

  beforeEach(() => {
    sessionStorage.clear()
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { latitude: 28.3525, longitude: 113.1625, accuracy: 12.4 }, timestamp: Date.now() } as GeolocationPosition),
      },
    })
    reportAnswers = []
    f = scriptedFetch((r) => {
      if (r.url.startsWith('/api/v1/categories')) return json(200, [{ code: 'FIRE', name: '消防安全' }])
      if (r.url.startsWith('/api/v1/uploads/')) return json(200, { id: 31, status: 'PROCESSING' })
      if (r.url === '/api/v1/reports' && r.method === 'POST') {
        const next = reportAnswers.shift()
        if (!next) throw new TypeError('no answer scripted')
        return next()
      }
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
  })
  afterEach(() => vi.unstubAllGlobals())

  async function mountForm() {
    const router = createRouter({
      history: createMemoryHistory('/h5/'),
      routes: [
        { path: '/', name: 'home', component: ReportForm },
        { path: '/reports/:id', name: 'report', component: { template: '<div />' } },
      ],
    })
    await router.push('/')
    const wrapper = mount(ReportForm, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
    await flushPromises()
    return wrapper
  }

  it('comes back after a reload with its texts and uploaded photos; a retry after a network error reuses the key', async () => {
    saveDraft({ owner: '', key: 'key-1', category: 'FIRE', description: '楼道堆放杂物', address: '', anonymous: false, photos: [{ id: 31, name: 'a.jpg' }] })
    const wrapper = await mountForm()
    expect((wrapper.find('textarea[data-test=description], [data-test=description] textarea').element as HTMLTextAreaElement).value).toBe('楼道堆放杂物')
    expect(wrapper.findAll('[data-test=photo]')).toHaveLength(1)
    expect(wrapper.find('[data-test=position-value]').text()).toContain('WGS-84 (GPS)')
    expect(wrapper.find('[data-test=position-value]').text()).toContain('28.352500, 113.162500')

    // typing is kept at once
    await wrapper.find('textarea[data-test=description], [data-test=description] textarea').setValue('楼道堆放杂物，堵塞消防通道')
    await flushPromises()
    expect(JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? '{}').description).toBe('楼道堆放杂物，堵塞消防通道')

    // 1st try: the network drops (no answer); the draft stays
    reportAnswers.push(() => {
      throw new TypeError('Failed to fetch')
    })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test=report-result]').exists()).toBe(false)
    expect(JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? '{}').key).toBe('key-1')

    // 2nd try: the same key and body; the answer shows the result and the draft is gone
    reportAnswers.push(() => json(201, { id: 9, status: 'ACCEPTED', statusLabel: '已受理', ticketId: 4 }))
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const posts = f.calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/reports')
    expect(posts).toHaveLength(2)
    expect(posts.map((p) => p.headers.get('Idempotency-Key'))).toEqual(['key-1', 'key-1'])
    expect(posts[1].body).toBe(posts[0].body)
    expect(JSON.parse(posts[0].body)).toMatchObject({
      photoIds: [31],
      lat: 28.3525,
      lng: 113.1625,
      crs: 'WGS84',
      accuracyM: 12,
      category: 'FIRE',
      description: '楼道堆放杂物，堵塞消防通道',
      anonymous: false,
    })
    expect(wrapper.find('[data-test=report-result]').text()).toContain('9')
    expect(wrapper.find('[data-test=result-status]').text()).toBe('已受理')

    // the next report is a new one: a new key
    await wrapper.find('[data-test=report-another]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test=photo]')).toHaveLength(0)
    await wrapper.find('textarea[data-test=description], [data-test=description] textarea').setValue('另一处')
    await flushPromises()
    const next = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? '{}')
    expect(next.key).toBeTruthy()
    expect(next.key).not.toBe('key-1')
  })

  it('says why it needs the position when the resident refused it', async () => {
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: { getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) => fail({ code: 1 } as GeolocationPositionError) },
    })
    const wrapper = await mountForm()
    const error = wrapper.find('[data-test=position-error]')
    expect(error.text()).toContain('您拒绝了定位权限')
    expect(error.text()).toContain('重新定位')
  })

  it('shows an anonymous report’s claim code once, saying so', async () => {
    saveDraft({ owner: '', key: 'key-2', category: '', description: '', address: '', anonymous: true, photos: [{ id: 31, name: 'a.jpg' }] })
    reportAnswers.push(() => json(201, { id: 10, status: 'SUBMITTED', claimCode: 'ABCD-2345' }))
    const wrapper = await mountForm()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(JSON.parse(f.calls.find((c) => c.method === 'POST')?.body ?? '{}').anonymous).toBe(true)
    expect(wrapper.find('[data-test=claim-code]').text()).toBe('ABCD-2345')
    expect(wrapper.find('[data-test=report-result]').text()).toContain('只显示这一次')
  })
})
