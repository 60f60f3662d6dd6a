// The dispatcher's review screens in Chromium against the real service: reports submitted through
// the API appear in the queue; the dispatcher accepts one (lead unit from the list), rejects one
// with a listed reason, merges one into the new ticket and unmerges it; the reporter's phone is not
// on the page until "reveal"; the tickets map draws grids and pins; a unit account is refused.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, makePhoto, newPhone, openPage, reportPlaces, shot, signIn, smsCode, submitReport, useBrowser } from './harness.mjs'

const browser = useBrowser()

// cells of this file's own rows of the demo town (harness ROWS), more than 500 m apart: makePhoto's
// cards look alike, and the three must not be each other's suspected duplicates. HAZCHEM always waits
// for review.
const places = reportPlaces(import.meta.url)
const run = Date.now().toString(36)
const reports = {}
let residentPhone

async function residentToken() {
  residentPhone = newPhone()
  await api(null, 'POST', '/api/v1/auth/sms/request', { phone: residentPhone })
  const code = await smsCode(residentPhone)
  return (await api(null, 'POST', '/api/v1/auth/sms/verify', { phone: residentPhone, code })).accessToken
}

async function openReport(page, text) {
  const row = page.locator('[data-test=queue-table] .el-table__body tr', { hasText: text })
  await row.waitFor()
  await row.click()
  const drawer = page.locator('[data-test=review-drawer]')
  await drawer.locator('[data-test=report-description]', { hasText: text }).waitFor()
  return drawer
}

async function pick(page, selectLocator, optionText) {
  await selectLocator.click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: optionText }).first().click()
}

// Element Plus puts data-test on the native input (or on its wrapper): either way, the field itself
const field = (scope, test) => scope.locator(`[data-test=${test}]`).locator('xpath=descendant-or-self::*[self::input or self::textarea]').first()

async function closeDrawer(page) {
  await page.keyboard.press('Escape')
  await page.locator('[data-test=review-drawer] [data-test=report-description]').waitFor({ state: 'hidden' })
}

describe('dispatcher review', () => {
  before(async () => {
    const token = await residentToken()
    const spots = { accept: places.at(11, 9), reject: places.at(13, 3), merge: places.at(12, 12) }
    for (const [name, at] of Object.entries(spots)) {
      const description = `危化品桶堆放 ${name} ${run}`
      const photo = await makePhoto(browser(), `${name} ${run}`)
      reports[name] = { ...(await submitReport(token, photo, { ...at, category: 'HAZCHEM', description })), description }
    }
  })

  it('accepts with a lead unit, rejects with a reason, merges and unmerges; reveals the reporter on request', async () => {
    const { page, clean } = await openPage(browser())
    const reporterCalls = []
    page.on('request', (r) => r.url().includes('/reporter') && reporterCalls.push(r.url()))
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews/)
    for (const r of Object.values(reports)) {
      await page.locator('[data-test=queue-table] .el-table__body tr', { hasText: r.description }).waitFor()
    }
    await shot(page, 'dispatch-queue')

    // accept: the reporter is hidden until "reveal"; lead unit chosen from the list
    let drawer = await openReport(page, reports.accept.description)
    await drawer.locator('[data-test=photo] img').first().waitFor()
    await drawer.locator('[data-test=map][data-polygons]').waitFor()
    assert.equal(await drawer.locator('[data-test=reporter-phone]').count(), 0)
    assert.ok(!(await page.content()).includes(residentPhone), 'the phone is not on the page before reveal')
    assert.equal(reporterCalls.length, 0)
    await drawer.locator('[data-test=reveal-reporter]').click()
    await drawer.locator('[data-test=reporter-phone]', { hasText: residentPhone }).waitFor()
    assert.equal(reporterCalls.length, 1)
    await shot(page, 'dispatch-review')
    await drawer.locator('[data-test=action-accept]').click()
    await pick(page, drawer.locator('[data-test=accept-lead]'), '果园镇应急管理站')
    await pick(page, drawer.locator('[data-test=accept-severity]'), '重大')
    await shot(page, 'dispatch-accept')
    await drawer.locator('[data-test=accept-submit]').click()
    await drawer.locator('[data-test=report-status]', { hasText: '已受理' }).waitFor()
    const ticketLink = drawer.locator('[data-test=report-ticket]')
    const ticketId = Number((await ticketLink.textContent()).replace(/\D/g, ''))
    assert.ok(ticketId > 0)
    await closeDrawer(page)

    // reject with a listed reason and a note
    drawer = await openReport(page, reports.reject.description)
    await drawer.locator('[data-test=action-reject]').click()
    await pick(page, drawer.locator('[data-test=reject-reason]'), '信息不足')
    await field(drawer, 'reject-note').fill('请补拍近景照片')
    await drawer.locator('[data-test=reject-submit]').click()
    await drawer.locator('[data-test=report-status]', { hasText: '不予受理' }).waitFor()
    await closeDrawer(page)

    // merge into the accepted report's ticket (typed: it is not a suspected duplicate), then unmerge
    drawer = await openReport(page, reports.merge.description)
    await drawer.locator('[data-test=action-merge]').click()
    await field(drawer, 'merge-ticket').fill(String(ticketId))
    await drawer.locator('[data-test=merge-submit]').click()
    await drawer.locator('[data-test=report-status]', { hasText: '已合并' }).waitFor()
    await drawer.locator('[data-test=action-unmerge]').click()
    await field(drawer, 'unmerge-note').fill('并非同一处')
    await drawer.locator('[data-test=unmerge-submit]').click()
    await drawer.locator('[data-test=report-status]', { hasText: '待审核' }).waitFor()
    await closeDrawer(page)

    // the API agrees
    const dispatcher = await apiLogin('dispatcher')
    const states = {}
    for (const [name, r] of Object.entries(reports)) {
      states[name] = (await api(dispatcher, 'GET', `/api/v1/dispatch/reports/${r.id}`)).report.status
    }
    assert.deepEqual(states, { accept: 'ACCEPTED', reject: 'REJECTED', merge: 'PENDING_REVIEW' })
    clean()
  })

  it('a refusal shows the problem detail', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews/)
    const drawer = await openReport(page, reports.merge.description)
    await drawer.locator('[data-test=action-merge]').click()
    await field(drawer, 'merge-ticket').fill('999999999')
    await drawer.locator('[data-test=merge-submit]').click()
    const message = page.locator('.ssp-error-message')
    await message.waitFor()
    assert.match(await message.textContent(), /999999999|工单|不存在/)
    clean()
  })

  it('the tickets map draws the grids and the open tickets with a legend', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews/)
    await page.locator('[data-test=nav-dispatch-map]').click()
    const map = page.locator('[data-test=tickets-map] [data-test=map][data-draw-ms]')
    await map.waitFor()
    assert.equal(await map.getAttribute('data-polygons'), '196')
    await page.locator('[data-test=legend]').waitFor()
    assert.match(await page.locator('[data-test=map-count]').textContent(), /[1-9]\d* \/ \d+/)
    await page.locator('.leaflet-interactive, canvas.leaflet-zoom-animated').first().waitFor()
    await shot(page, 'dispatch-map')
    clean()
  })

  it('a unit account gets the Forbidden page on the dispatch routes', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'cun1')
    await page.waitForURL(/\/console\/unit\/inbox$/)
    for (const path of ['/console/dispatch/reviews', '/console/dispatch/map']) {
      await page.goto(path)
      await page.locator('[data-test=forbidden]').waitFor()
      assert.equal(await page.locator('[data-test=queue-table], [data-test=tickets-map]').count(), 0)
    }
    assert.equal(await page.locator('[data-test=nav-dispatch-map]').count(), 0)
    clean()
  })
})
