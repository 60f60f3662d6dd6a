// My rewards: yuan from integer fen, the state and why a payment failed, the payout phone and its change.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import Rewards from '@/h5/views/Rewards.vue'
import { json, scriptedFetch } from './helpers'

describe('Rewards', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists rewards in yuan with their state, and changes the payout phone with a code', async () => {
    const f = scriptedFetch((r) => {
      if (r.url.startsWith('/api/v1/rewards/mine'))
        return json(200, {
          items: [
            { id: 1, reportId: 5, state: 'PAID', amountFen: 2500, accruedAt: '2026-12-01T02:00:00Z', paidAt: '2026-12-02T02:00:00Z' },
            { id: 2, reportId: 6, state: 'FAILED', amountFen: 5, failureReason: '号码已停机', actionHint: '请更换收款手机' },
          ],
          total: 2,
          page: 0,
          size: 20,
        })
      if (r.url === '/api/v1/me/payout-phone' && r.method === 'GET') return json(200, { payoutPhoneMasked: '139****0001', loginPhone: true })
      if (r.url === '/api/v1/me/payout-phone/code') return json(200, { expiresIn: 300, resendAfter: 60 })
      if (r.url === '/api/v1/me/payout-phone' && r.method === 'PUT') return json(200, { payoutPhoneMasked: '138****0002', loginPhone: false })
      return json(404, {})
    })
    vi.stubGlobal('fetch', f.fetch)
    const router = createRouter({
      history: createMemoryHistory('/h5/'),
      routes: [
        { path: '/rewards', name: 'rewards', component: Rewards },
        { path: '/reports/:id', name: 'report', component: { template: '<div />' } },
      ],
    })
    await router.push('/rewards')
    const wrapper = mount(Rewards, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } })
    await flushPromises()
    expect(f.calls[0].url).toBe('/api/v1/rewards/mine?page=0&size=20')
    expect(wrapper.findAll('[data-test=reward-amount]').map((a) => a.text())).toEqual(['¥25.00', '¥0.05'])
    expect(wrapper.findAll('[data-test=reward-state]').map((a) => a.text())).toEqual(['已发放', '发放失败'])
    expect(wrapper.find('[data-test=reward-failure]').text()).toContain('号码已停机')
    expect(wrapper.text()).toContain('请更换收款手机')
    expect(wrapper.find('[data-test=payout-phone]').text()).toContain('139****0001')

    await wrapper.find('[data-test=change-phone]').trigger('click')
    await wrapper.find('input[data-test=new-phone], [data-test=new-phone] input').setValue('13800000002')
    await wrapper.find('[data-test=new-phone-send]').trigger('click')
    await flushPromises()
    await wrapper.find('input[data-test=new-phone-code], [data-test=new-phone-code] input').setValue('123456')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const code = f.calls.find((c) => c.url === '/api/v1/me/payout-phone/code')
    expect(JSON.parse(code?.body ?? '{}')).toEqual({ phone: '13800000002' })
    const put = f.calls.find((c) => c.method === 'PUT')
    expect(JSON.parse(put?.body ?? '{}')).toEqual({ phone: '13800000002', code: '123456' })
    expect(wrapper.find('[data-test=payout-phone]').text()).toContain('138****0002')
  })
})
