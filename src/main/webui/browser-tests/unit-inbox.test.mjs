// The unit's whole story in its inbox: three tickets dispatched to 浔龙河村村委会 (cun1) from a
// resident's reports; cun1 signs one and submits its rectification with a photo file, asks for more
// time on another, returns the third with a reason — all in the inbox's drawer. The reporter's phone
// appears nowhere: not on the page, not in any answer the page received.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, distinctPhoto, errorMessage, newPhone, openPage, reportPlaces, shot, signIn, smsCode, submitReport, useBrowser, BASE_URL } from './harness.mjs'

const browser = useBrowser()

/** Zone 1 (浔龙河片区), a cell of this file's own rows each time (harness ROWS). */
const places = reportPlaces(import.meta.url)

async function residentToken(phone) {
  await api(null, 'POST', '/api/v1/auth/sms/request', { phone })
  const code = await smsCode(phone)
  const r = await api(null, 'POST', '/api/v1/auth/sms/verify', { phone, code })
  return r.accessToken
}

/** A resident's report of an "other" hazard in zone 1: routed to cun1's village committee (属地). */
async function ticketForCun1(b, token, label) {
  const photo = await distinctPhoto(b, `${label} ${Date.now()}`)
  const r = await submitReport(token, photo, { ...places.next(1), category: 'OTHER', description: `${label}：楼道堆放杂物堵塞通道` })
  assert.equal(r.status, 'ACCEPTED', `report not dispatched at once: ${JSON.stringify(r)}`)
  assert.ok(r.ticketId)
  return r.ticketId
}

describe('unit inbox', () => {
  let phone, tickets
  before(async () => {
    phone = newPhone()
    const resident = await residentToken(phone)
    tickets = {
      rectify: await ticketForCun1(browser(), resident, '整改'),
      extend: await ticketForCun1(browser(), resident, '延期'),
      giveBack: await ticketForCun1(browser(), resident, '退回'),
    }
    const cun1 = await apiLogin('cun1')
    for (const id of Object.values(tickets)) {
      const t = await api(cun1, 'GET', `/api/v1/tickets/${id}`)
      assert.equal(t.ticket.leadUnit.name, '浔龙河村村委会')
      assert.equal(t.ticket.state, 'DISPATCHED')
    }
  })

  it('cun1 signs and rectifies with a photo, asks for an extension, returns one; no reporter phone anywhere', async () => {
    const { page, clean } = await openPage(browser())
    const answers = []
    page.on('response', async (r) => {
      if (r.url().startsWith(`${BASE_URL}/api/`) && (r.headers()['content-type'] ?? '').includes('json')) {
        answers.push(await r.text().catch(() => ''))
      }
    })
    await signIn(page, 'cun1')
    await page.waitForURL(/\/console\/unit\/inbox$/)
    const table = page.locator('[data-test=inbox-table]')
    for (const id of Object.values(tickets)) await table.locator(`.ticket-row-${id}`).waitFor()
    assert.match(await table.locator(`.ticket-row-${tickets.rectify} [data-test=countdown]`).textContent(), /^(剩余|已逾期) /)
    await shot(page, 'unit-inbox')

    // sign, then the rectification with an after-photo chosen on the device
    const drawer = page.locator('[data-test=ticket-drawer]')
    await table.locator(`.ticket-row-${tickets.rectify}`).click()
    await drawer.locator('[data-test=action-sign]').click()
    await drawer.locator('[data-test=ticket-state]', { hasText: '整改中' }).waitFor()
    await drawer.locator('[data-test=rectify-form]').waitFor()
    const after = await distinctPhoto(browser(), `整改后 ${Date.now()}`)
    await drawer.locator('[data-test=rectify-photos-input]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: after })
    await drawer.locator('[data-test=photo-preview]').waitFor()
    await drawer.locator('[data-test=rectify-note]').fill('杂物已清理，通道畅通')
    await shot(page, 'unit-rectify')
    await drawer.locator('[data-test=rectify-submit]').click()
    await drawer.locator('[data-test=ticket-state]', { hasText: '待复查' }).waitFor()
    await drawer.locator('[data-test=after-photos] img').first().waitFor()
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // the one to extend: sign it, then ask for three more days with a reason
    await table.locator(`.ticket-row-${tickets.extend}`).click()
    await drawer.locator('[data-test=action-sign]').click()
    await drawer.locator('[data-test=ticket-state]', { hasText: '整改中' }).waitFor()
    await drawer.locator('[data-test=action-extend]').click()
    await drawer.locator('[data-test=extension-reason]').fill('需协调产权人，清理需要更多时间')
    await drawer.locator('[data-test=extension-submit]').click()
    await drawer.locator('[data-test=pending-extension]').waitFor()
    assert.equal(await drawer.locator('[data-test=action-extend]').count(), 0, 'one pending request at a time')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // the one that is not ours: return it with a listed reason
    await table.locator(`.ticket-row-${tickets.giveBack}`).click()
    await drawer.locator('[data-test=action-return]').click()
    await drawer.locator('[data-test=return-submit]').click()
    assert.match(await errorMessage(page), /退回原因/) // no reason: the form says so
    await drawer.locator('[data-test=return-reason-chip]').first().click()
    await drawer.locator('[data-test=return-submit]').click()
    await drawer.waitFor({ state: 'hidden' })
    await table.locator(`.ticket-row-${tickets.giveBack}`).waitFor({ state: 'detached' })

    // the in-progress tab holds the extended one; the rectified one has left the unit's lists
    await page.locator('#tab-in-progress').click()
    await page.waitForURL(/tab=in-progress/)
    await table.locator(`.ticket-row-${tickets.extend}`).waitFor()
    assert.equal(await table.locator(`.ticket-row-${tickets.rectify}`).count(), 0)

    const cun1 = await apiLogin('cun1')
    assert.equal((await api(cun1, 'GET', `/api/v1/tickets/${tickets.rectify}`)).ticket.state, 'RECTIFIED')
    assert.ok((await api(cun1, 'GET', `/api/v1/tickets/${tickets.extend}`)).pendingExtension)
    const dispatcher = await apiLogin('dispatcher')
    assert.equal((await api(dispatcher, 'GET', `/api/v1/tickets/${tickets.giveBack}`)).ticket.state, 'RETURNED')

    // role refusal: the reporter's phone is nowhere in the unit's screens nor in what the API told them
    const bare = phone.slice(-8)
    assert.ok(!(await page.content()).includes(bare), 'reporter phone on the page')
    assert.ok(answers.length > 5)
    for (const a of answers) assert.ok(!a.includes(bare), `reporter phone in an API answer: ${a.slice(0, 200)}`)
    clean()
  })

  it('a stale version: the page reloads the ticket and says so', async () => {
    const resident = await residentToken(newPhone())
    const id = await ticketForCun1(browser(), resident, '并发')
    const { page, clean } = await openPage(browser())
    await signIn(page, 'cun1')
    await page.waitForURL(/\/console\/unit\/inbox$/)
    await page.locator(`.ticket-row-${id}`).click()
    const drawer = page.locator('[data-test=ticket-drawer]')
    await drawer.locator('[data-test=action-sign]').waitFor()
    // someone else at the unit signs it meanwhile
    await api(await apiLogin('cun1'), 'POST', `/api/v1/tickets/${id}/actions/sign`)
    await drawer.locator('[data-test=action-sign]').click()
    assert.match(await errorMessage(page), /重新加载/)
    await drawer.locator('[data-test=ticket-state]', { hasText: '整改中' }).waitFor()
    clean()
  })
})
