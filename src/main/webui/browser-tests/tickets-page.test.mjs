// The ticket list and the ticket page in real Chromium against the real service: the dispatcher filters
// the list (overdue, due soon), opens a ticket, redispatches it and designates the lead, approves an
// extension the unit asked for; a unit cannot open another unit's ticket (not found), and the
// reporter's phone is nowhere on the unit's view of its own ticket.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, distinctPhoto, newPhone, openPage, reportPlaces, shot, signIn, smsCode, submitReport, useBrowser } from './harness.mjs'

const browser = useBrowser()

// zone 1 (浔龙河, unit cun1) and zone 2 (双河, cun2) of the demo town, a cell of this file's own rows for
// each ticket (harness ROWS); OTHER goes to the grid's village committee (属地)
const places = reportPlaces(import.meta.url)
const run = Date.now() % 1000

async function residentToken(phone) {
  await api(null, 'POST', '/api/v1/auth/sms/request', { phone })
  const code = await smsCode(phone)
  return (await api(null, 'POST', '/api/v1/auth/sms/verify', { phone, code })).accessToken
}

describe('tickets: the list and the ticket page', () => {
  const phone = newPhone()
  let dispatcher, cun1
  let redispatchId, extensionId, otherUnitsId

  before(async () => {
    const resident = await residentToken(phone)
    dispatcher = await apiLogin('dispatcher')
    cun1 = await apiLogin('cun1')
    const report = async (zone, k, text) => {
      const photo = await distinctPhoto(browser(), `T${run}-${zone}-${k}`)
      const r = await submitReport(resident, photo, { ...places.next(zone), category: 'OTHER', description: `${text}（联系电话 ${phone}）` })
      assert.ok(r.ticketId, `auto-dispatched: ${JSON.stringify(r)}`)
      return r.ticketId
    }
    redispatchId = await report(1, 1, '路边电线杆倾斜')
    extensionId = await report(1, 2, '桥栏杆松动')
    otherUnitsId = await report(2, 3, '沟渠护栏缺失')
    // the unit signs and asks for more time (through the API, as its own screen would)
    await api(cun1, 'POST', `/api/v1/tickets/${extensionId}/actions/sign`)
    const t = await api(cun1, 'GET', `/api/v1/tickets/${extensionId}`)
    const wanted = new Date(Date.parse(t.deadlines.rectifyDueAt) + 3 * 86400_000).toISOString()
    await api(cun1, 'POST', `/api/v1/tickets/${extensionId}/actions/request-extension`, { newDueAt: wanted, reason: '等待材料到货' })
  })

  it('the dispatcher filters the list (overdue, due soon) from the server, page in the URL', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews/)
    await page.goto('/console/tickets')
    await page.locator('[data-test=ticket-table] .el-table__body').waitFor()

    for (const [chip, key, apiQuery] of [
      ['chip-overdue', 'overdue', 'overdue=true'],
      ['chip-due-soon', 'dueSoon', 'dueWithin=PT24H'],
    ]) {
      const answer = page.waitForResponse((r) => r.url().includes('/api/v1/tickets?') && r.url().includes(apiQuery))
      await page.locator(`[data-test=${chip}]`).click()
      const listed = await (await answer).json()
      assert.equal(new URL(page.url()).searchParams.get(key), '1')
      const expected = await api(dispatcher, 'GET', `/api/v1/tickets?${apiQuery}&page=0&size=20`)
      assert.equal(listed.total, expected.total)
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-test=ticket-table] .el-table__body tr').length === n,
        expected.items.length,
      )
      for (const item of expected.items) await page.locator(`[data-test=ticket-link-${item.id}]`).waitFor()
      await page.locator(`[data-test=${chip}]`).click() // off again
    }

    // the ticket just dispatched to cun1 is in its lead unit's list; a row opens the page
    const unitId = (await api(dispatcher, 'GET', `/api/v1/tickets/${redispatchId}`)).ticket.leadUnit.id
    await page.goto(`/console/tickets?state=DISPATCHED&unit=${unitId}&size=100`)
    await page.locator(`[data-test=ticket-link-${redispatchId}]`).waitFor()
    assert.match(await page.locator('[data-test=ticket-table]').textContent(), /浔龙河村村委会/)
    await shot(page, 'tickets-list')
    await page.locator(`[data-test=ticket-link-${redispatchId}]`).click()
    await page.waitForURL(new RegExp(`/console/tickets/${redispatchId}$`))
    await page.locator('[data-test=ticket-header]').waitFor()
    clean()
  })

  it('the dispatcher redispatches a ticket, designates its lead and approves an extension', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews/)
    await page.goto(`/console/tickets/${redispatchId}`)
    await page.locator('[data-test=action-redispatch]').waitFor()
    // the actions are the server's allowedActions for a dispatcher on a dispatched ticket
    assert.deepEqual(
      await page.locator('[data-test=action-panel] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-test'))),
      ['action-redispatch', 'action-cancel', 'action-designate-lead', 'action-verify'],
    )
    const detail = await api(dispatcher, 'GET', `/api/v1/tickets/${redispatchId}`)
    const yingji = detail.unitChoices.find((u) => u.name === '果园镇应急管理站')
    assert.ok(yingji, 'the township department is a choice')

    await page.locator('[data-test=action-redispatch]').click()
    const dialog = page.locator('[data-test=dialog-redispatch]')
    await dialog.locator('[data-test=field-lead]').click()
    await page.locator(`[data-test=lead-option-${yingji.id}]`).click()
    await dialog.locator('textarea[data-test=field-note]').fill('属应急站职责')
    await dialog.locator('[data-test=action-submit]').click()
    await page.locator('[data-test=lead-unit]', { hasText: '果园镇应急管理站' }).waitFor()
    await page.locator('[data-test=event-REDISPATCHED]').waitFor()

    await page.locator('[data-test=action-designate-lead]').click()
    await page.locator('[data-test=dialog-designate-lead] [data-test=action-submit]').click()
    await page.locator('[data-test=event-LEAD_DESIGNATED]').waitFor()
    const after = await api(dispatcher, 'GET', `/api/v1/tickets/${redispatchId}`)
    assert.equal(after.ticket.leadUnit.id, yingji.id)
    assert.equal(after.ticket.designatedLead, true)

    // the extension cun1 asked for
    await page.goto(`/console/tickets/${extensionId}`)
    await page.locator('[data-test=pending-extension]').waitFor()
    assert.match(await page.locator('[data-test=pending-extension]').textContent(), /等待材料到货/)
    await page.locator('[data-test=action-approve-extension]').click()
    await page.locator('[data-test=dialog-approve-extension] [data-test=action-submit]').click()
    await page.locator('[data-test=event-EXTENSION_APPROVED]').waitFor()
    assert.equal(await page.locator('[data-test=pending-extension]').count(), 0)
    assert.equal(await page.locator('[data-test=action-approve-extension]').count(), 0)
    const extended = await api(dispatcher, 'GET', `/api/v1/tickets/${extensionId}`)
    assert.equal(extended.extensions[0].status, 'APPROVED')

    // the reporter is hidden until asked for, explicitly
    assert.ok(!(await page.locator('body').textContent()).includes(phone))
    await page.locator('[data-test=reveal]').first().click()
    await page.locator('[data-test=reveal-confirm]').click()
    await page.locator('[data-test=reporter-phone]', { hasText: phone }).waitFor()
    await page.reload()
    await page.locator('[data-test=ticket-header]').waitFor()
    await shot(page, 'ticket-page')
    clean()
  })

  it('a unit: another unit’s ticket is not found; its own shows no reporter phone', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'cun1')
    await page.waitForURL(/\/console\/unit\/inbox/)

    await page.goto(`/console/tickets/${otherUnitsId}`)
    await page.locator('[data-test=ticket-not-found]').waitFor()
    assert.equal(await page.locator('[data-test=ticket-header]').count(), 0)

    await page.goto(`/console/tickets/${extensionId}`)
    await page.locator('[data-test=ticket-header]').waitFor()
    await page.locator('[data-test=event-EXTENSION_REQUESTED]').waitFor()
    const text = await page.locator('body').textContent()
    assert.ok(!text.includes(phone), 'the reporter’s phone is not on the unit’s page')
    assert.ok(!text.includes(phone.slice(-8)), 'nor any part of it')
    assert.equal(await page.locator('[data-test=reveal]').count(), 0)
    // the unit may fix it: its actions, not the dispatcher's
    assert.deepEqual(
      await page.locator('[data-test=action-panel] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-test'))),
      ['action-submit-rectification', 'action-request-extension'],
    )
    // nor in what the API gave the unit
    const seen = await api(cun1, 'GET', `/api/v1/tickets/${extensionId}`)
    assert.ok(!JSON.stringify(seen).includes(phone))
    clean()
  })
})
