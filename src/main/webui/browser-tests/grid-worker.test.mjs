// The grid worker (grid1, 浔龙河片区) on a 390×844 phone: a ticket the unit has rectified waits
// nearby; grid1 verifies it on site (real, with a photo), then re-checks the fix (passed, with a
// photo), which closes it; then reports a hazard of their own: photo, category, the phone's position.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, distinctPhoto, newPhone, openPage, reportPlaces, shot, signIn, smsCode, submitReport, useBrowser, BASE_URL } from './harness.mjs'

const browser = useBrowser()

/** Zone 1 (浔龙河片区, grid1's), a cell of this file's own rows each time (harness ROWS). */
const places = reportPlaces(import.meta.url)

async function residentToken(phone) {
  await api(null, 'POST', '/api/v1/auth/sms/request', { phone })
  const code = await smsCode(phone)
  return (await api(null, 'POST', '/api/v1/auth/sms/verify', { phone, code })).accessToken
}

describe('grid worker on a phone', () => {
  let ticketId, place
  before(async () => {
    // a resident reports; cun1 signs and rectifies through the API
    place = places.next(1)
    const resident = await residentToken(newPhone())
    const r = await submitReport(resident, await distinctPhoto(browser(), `网格 ${Date.now()}`), {
      ...place,
      category: 'OTHER',
      description: '路边电线杆倾斜',
    })
    assert.equal(r.status, 'ACCEPTED', JSON.stringify(r))
    ticketId = r.ticketId
    const cun1 = await apiLogin('cun1')
    await api(cun1, 'POST', `/api/v1/tickets/${ticketId}/actions/sign`)
    const form = new FormData()
    form.append('photos', new Blob([await distinctPhoto(browser(), `扶正 ${Date.now()}`)], { type: 'image/jpeg' }), 'after.jpg')
    form.append('note', '电线杆已扶正加固')
    const done = await api(cun1, 'POST', `/api/v1/tickets/${ticketId}/actions/submit-rectification`, form)
    assert.equal(done.ticket.state, 'RECTIFIED')
  })

  it('verifies the rectified ticket on site, re-checks it, and reports a hazard of their own', async () => {
    const { page, context, clean } = await openPage(browser(), { phone: true })
    await context.grantPermissions(['geolocation'], { origin: BASE_URL })
    // standing 100 m from the hazard (the browser's position is WGS-84, as the list's coordinates)
    await context.setGeolocation({ latitude: place.lat + 0.0009, longitude: place.lng, accuracy: 15 })
    await signIn(page, 'grid1')
    await page.waitForURL(/\/console\/grid\/tasks$/)
    const card = page.locator(`[data-test=task-ticket-${ticketId}]`)
    await card.waitFor()
    await page.locator('[data-test=sort-hint]', { hasText: '由近到远' }).waitFor()
    assert.match(await card.locator('[data-test=distance]').textContent(), /^\d+ m$/)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `the page scrolls sideways on a phone: ${width}px`)
    await shot(page, 'grid-worker-phone')

    // 核实: real, with a photo taken on site
    await card.click()
    const drawer = page.locator('[data-test=task-drawer]')
    await drawer.locator('[data-test=verify-form]').waitFor()
    await drawer.locator('[data-test=verify-photos-input]').setInputFiles({
      name: 'site.jpg',
      mimeType: 'image/jpeg',
      buffer: await distinctPhoto(browser(), `核实 ${Date.now()}`),
    })
    await drawer.locator('[data-test=photo-preview]').waitFor()
    await drawer.locator('[data-test=note]').fill('现场核实属实')
    await drawer.locator('[data-test=submit]').click()
    // 复查: the fix holds
    await drawer.locator('[data-test=recheck-form]').waitFor()
    assert.equal(await drawer.locator('[data-test=action-verify]').count(), 0)
    await drawer.locator('[data-test=outcome-yes]').click()
    await drawer.locator('[data-test=recheck-photos-input]').setInputFiles({
      name: 'recheck.jpg',
      mimeType: 'image/jpeg',
      buffer: await distinctPhoto(browser(), `复查 ${Date.now()}`),
    })
    await drawer.locator('[data-test=submit]').click()
    await drawer.locator('[data-test=nothing-left]').waitFor()
    await drawer.locator('[data-test=ticket-state]', { hasText: '已办结' }).waitFor()
    const grid1 = await apiLogin('grid1')
    const closed = await api(grid1, 'GET', `/api/v1/tickets/${ticketId}`)
    assert.equal(closed.ticket.state, 'CLOSED')
    assert.equal(closed.ticket.verified, true)
    assert.ok(closed.timeline.some((e) => e.type === 'VERIFIED_REAL' && e.photos?.length === 1))
    assert.ok(closed.timeline.some((e) => e.type === 'CLOSED' && e.photos?.length === 1))
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await card.waitFor({ state: 'detached' })

    // a report of their own, from somewhere else in the grid
    const there = places.next(1)
    await context.setGeolocation({ latitude: there.lat, longitude: there.lng, accuracy: 10 })
    await page.locator('[data-test=report-hazard]').click()
    await page.waitForURL(/\/console\/grid\/report$/)
    await page.locator('[data-test=report-position]', { hasText: 'WGS-84' }).waitFor()
    await page.locator('[data-test=report-photos-input]').setInputFiles({
      name: 'own.jpg',
      mimeType: 'image/jpeg',
      buffer: await distinctPhoto(browser(), `网格员上报 ${Date.now()}`),
    })
    await page.locator('[data-test=report-category]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '其他' }).click()
    await page.locator('[data-test=report-description]').fill('沟渠护栏缺失')
    await shot(page, 'grid-worker-report')
    await page.locator('[data-test=report-submit]').click()
    const result = page.locator('[data-test=report-result]')
    await result.waitFor()
    const reportId = Number((await result.locator('.el-result__title').textContent()).match(/\d+/)[0])
    const mine = await api(grid1, 'GET', `/api/v1/reports/${reportId}`)
    assert.ok(Math.abs(mine.lat - there.lat) < 1e-5 && Math.abs(mine.lng - there.lng) < 1e-5, JSON.stringify(mine))
    clean()
  })
})
