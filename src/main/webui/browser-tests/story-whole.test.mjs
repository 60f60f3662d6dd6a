// The whole story of issue 15, every step through the screens, each person in a browser of their own:
// a resident (phone, 390 × 844, position granted) signs in by SMS on /h5/, reports a 防汛/地质灾害
// hazard with two photos (a category that always waits for review); the dispatcher finds it in the
// review queue and accepts it with 浔龙河村村委会 (cun1) as the lead unit; cun1 signs it and rectifies
// it with a photo in its inbox; the grid worker grid1 verifies it (real) and re-checks it (the fix
// holds) on the phone screens; the resident sees it closed with the after-photo and rates it. The
// API only reads back what happened. The refusals: cun2 opening the ticket's page finds nothing, and
// the reporter's phone (which the resident even typed into the description) appears nowhere in cun1's
// inbox, drawer and ticket page, nor in any answer those pages received.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, distinctPhoto, newPhone, openPage, reportPlaces, shot, signIn, smsCode, useBrowser, BASE_URL } from './harness.mjs'

const browser = useBrowser()
const run = Date.now().toString(36)

// zone 1 (浔龙河片区), in a cell of this file's own rows (harness ROWS)
const place = reportPlaces(import.meta.url).next(1)
const HAZARD = { latitude: place.lat, longitude: place.lng, accuracy: 12 }

/** Collects the text of every JSON answer from the API that `page` receives. */
function apiAnswers(page) {
  const answers = []
  page.on('response', async (r) => {
    if (r.url().startsWith(`${BASE_URL}/api/`) && (r.headers()['content-type'] ?? '').includes('json')) {
      answers.push({ url: r.url(), text: await r.text().catch(() => '') })
    }
  })
  return answers
}

async function pick(page, selectLocator, optionText) {
  await selectLocator.click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: optionText }).first().click()
}

describe('the whole story', () => {
  it('a resident reports, the dispatcher accepts, cun1 rectifies, grid1 verifies and re-checks, the resident rates; other roles are refused', async () => {
    const b = browser()
    const description = `后山边坡出现裂缝，雨后有落石 ${run}`

    // ---- 1. the resident, on a phone at the hazard ------------------------------------------------
    const resident = await openPage(b, { phone: true })
    const rp = resident.page
    await resident.context.grantPermissions(['geolocation'], { origin: BASE_URL })
    await resident.context.setGeolocation(HAZARD)
    await rp.goto('/h5/')
    await rp.waitForURL((url) => url.pathname === '/h5/sign-in')
    const phone = newPhone()
    await rp.locator('[data-test=phone] input, input[data-test=phone]').first().fill(phone)
    await rp.locator('[data-test=send-code]').click()
    const code = await smsCode(phone)
    await rp.locator('[data-test=code] input, input[data-test=code]').first().fill(code)
    await rp.locator('[data-test=sign-in]').click()
    await rp.locator('[data-test=h5-home]').waitFor()
    await rp.locator('[data-test=position-value]', { hasText: 'WGS-84 (GPS)' }).waitFor()

    const photos = await Promise.all(['边坡 A', '边坡 B'].map((label) => distinctPhoto(b, `${label} ${run}`)))
    await rp
      .locator('[data-test=album-input]')
      .setInputFiles(photos.map((buffer, i) => ({ name: `slope-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer })))
    await rp.locator('[data-test=photo][data-state=done]').nth(1).waitFor()
    await rp.locator('[data-test=category]').click()
    await rp.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '防汛/地质灾害' }).click()
    // the resident types their phone into the text: staff must still never see it
    await rp.locator('textarea[data-test=description], [data-test=description] textarea').first().fill(`${description}，联系电话 ${phone}`)
    await rp.locator('input[data-test=address], [data-test=address] input').first().fill('浔龙河村后山小路')
    await shot(rp, 'story-1-resident-report')
    const submitted = rp.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST')
    await rp.locator('[data-test=submit]').click()
    const reportId = (await (await submitted).json()).id
    assert.ok(reportId > 0)
    await rp.locator('[data-test=report-result]').waitFor()
    await rp.locator('[data-test=open-report]').click()
    await rp.waitForURL((url) => url.pathname === `/h5/reports/${reportId}`)
    const status = rp.locator('[data-test=detail-status]')
    // processed photos, then the dispatcher's review (the category is never dispatched by itself)
    await status.filter({ hasText: '已提交' }).waitFor({ timeout: 60_000 })

    // ---- 2. the dispatcher accepts it with cun1's committee as the lead unit -------------------------
    const dispatcher = await openPage(b)
    const dp = dispatcher.page
    await signIn(dp, 'dispatcher')
    await dp.waitForURL(/\/console\/dispatch\/reviews/)
    const queueRow = dp.locator('[data-test=queue-table] .el-table__body tr', { hasText: run })
    for (let i = 0; i < 20 && !(await queueRow.count()); i++) {
      await dp.waitForTimeout(1000)
      await dp.locator('[data-test=reload]').click()
      await dp.waitForLoadState('networkidle')
    }
    await queueRow.click()
    const review = dp.locator('[data-test=review-drawer]')
    await review.locator('[data-test=report-description]', { hasText: run }).waitFor()
    assert.ok(!(await dp.locator('body').textContent()).includes(phone), 'the dispatcher sees no phone before an explicit reveal')
    await review.locator('[data-test=photo] img').nth(1).waitFor()
    await review.locator('[data-test=action-accept]').click()
    await pick(dp, review.locator('[data-test=accept-lead]'), '浔龙河村村委会')
    await shot(dp, 'story-2-dispatcher-accept')
    await review.locator('[data-test=accept-submit]').click()
    await review.locator('[data-test=report-status]', { hasText: '已受理' }).waitFor()
    const ticketId = Number((await review.locator('[data-test=report-ticket]').textContent()).replace(/\D/g, ''))
    assert.ok(ticketId > 0)
    const dispatcherToken = await apiLogin('dispatcher')
    const dispatched = await api(dispatcherToken, 'GET', `/api/v1/tickets/${ticketId}`)
    assert.equal(dispatched.ticket.state, 'DISPATCHED')
    assert.equal(dispatched.ticket.leadUnit.name, '浔龙河村村委会')
    dispatcher.clean()
    await dispatcher.context.close()

    // the resident's page follows: accepted, with its ticket
    await rp.reload()
    await status.filter({ hasText: '已受理' }).waitFor()
    assert.equal(Number(await rp.locator('[data-test=ticket-id]').textContent()), ticketId)

    // ---- 3. cun1 signs and rectifies with a photo in its inbox; no reporter phone anywhere ----------
    const unit = await openPage(b)
    const up = unit.page
    const unitAnswers = apiAnswers(up)
    await signIn(up, 'cun1')
    await up.waitForURL(/\/console\/unit\/inbox$/)
    const inbox = up.locator('[data-test=inbox-table]')
    await inbox.locator(`.ticket-row-${ticketId}`).waitFor()
    const bare = phone.slice(-8)
    assert.ok(!(await up.locator('body').textContent()).includes(bare), 'the reporter’s phone in the unit’s inbox')
    await inbox.locator(`.ticket-row-${ticketId}`).click()
    const drawer = up.locator('[data-test=ticket-drawer]')
    await drawer.locator('[data-test=ticket-facts]').waitFor()
    assert.match(await drawer.textContent(), new RegExp(run))
    await drawer.locator('[data-test=action-sign]').click()
    await drawer.locator('[data-test=ticket-state]', { hasText: '整改中' }).waitFor()
    await drawer.locator('[data-test=rectify-form]').waitFor()
    const afterPhoto = await distinctPhoto(b, `整改后 ${run}`)
    await drawer.locator('[data-test=rectify-photos-input]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: afterPhoto })
    await drawer.locator('[data-test=photo-preview]').waitFor()
    await drawer.locator('[data-test=rectify-note]').fill('已清理落石，坡脚设置警示牌和防护网')
    await shot(up, 'story-3-unit-rectify')
    await drawer.locator('[data-test=rectify-submit]').click()
    await drawer.locator('[data-test=ticket-state]', { hasText: '待复查' }).waitFor()
    await drawer.locator('[data-test=after-photos] img').first().waitFor()
    const drawerText = await drawer.textContent()
    assert.ok(!drawerText.includes(phone) && !drawerText.includes(bare), 'the reporter’s phone in the unit’s drawer')
    assert.match(drawerText, /联系电话 1\d\d\*{4}\d{4}/, 'the number the resident typed is masked for the unit')
    // the ticket's page, from the drawer's link
    await drawer.locator('[data-test=ticket-link]').click()
    await up.waitForURL(new RegExp(`/console/tickets/${ticketId}$`))
    await up.locator('[data-test=ticket-header]').waitFor()
    await up.locator('[data-test=event-RECTIFIED]').waitFor()
    const pageText = await up.locator('body').textContent()
    assert.ok(!pageText.includes(phone) && !pageText.includes(bare), 'the reporter’s phone on the unit’s ticket page')
    assert.equal(await up.locator('[data-test=reveal]').count(), 0, 'a unit cannot reveal the reporter')
    assert.ok(unitAnswers.some((a) => a.url.includes(`/api/v1/tickets/${ticketId}`)))
    for (const a of unitAnswers) assert.ok(!a.text.includes(phone) && !a.text.includes(bare), `the reporter’s phone in ${a.url}`)
    unit.clean()
    await unit.context.close()

    // ---- refusal: another unit's account cannot open this ticket's page -------------------------------
    const other = await openPage(b)
    await signIn(other.page, 'cun2')
    await other.page.waitForURL(/\/console\/unit\/inbox/)
    await other.page.goto(`/console/tickets/${ticketId}`)
    await other.page.locator('[data-test=ticket-not-found]').waitFor()
    assert.equal(await other.page.locator('[data-test=ticket-header]').count(), 0)
    assert.ok(!(await other.page.locator('body').textContent()).includes(run))
    other.clean()
    await other.context.close()

    // ---- 4. the grid worker verifies (real) and re-checks (the fix holds) on the phone --------------
    const grid = await openPage(b, { phone: true })
    const gp = grid.page
    await grid.context.grantPermissions(['geolocation'], { origin: BASE_URL })
    await grid.context.setGeolocation({ latitude: HAZARD.latitude + 0.0005, longitude: HAZARD.longitude, accuracy: 15 })
    await signIn(gp, 'grid1')
    await gp.waitForURL(/\/console\/grid\/tasks$/)
    const card = gp.locator(`[data-test=task-ticket-${ticketId}]`)
    await card.waitFor()
    await card.click()
    const task = gp.locator('[data-test=task-drawer]')
    await task.locator('[data-test=verify-form]').waitFor()
    await task.locator('[data-test=verify-photos-input]').setInputFiles({
      name: 'site.jpg',
      mimeType: 'image/jpeg',
      buffer: await distinctPhoto(b, `核实 ${run}`),
    })
    await task.locator('[data-test=photo-preview]').waitFor()
    await task.locator('[data-test=note]').fill('现场核实：边坡裂缝属实')
    await shot(gp, 'story-4-grid-verify')
    await task.locator('[data-test=submit]').click()
    await task.locator('[data-test=recheck-form]').waitFor()
    await task.locator('[data-test=outcome-yes]').click()
    await task.locator('[data-test=recheck-photos-input]').setInputFiles({
      name: 'recheck.jpg',
      mimeType: 'image/jpeg',
      buffer: await distinctPhoto(b, `复查 ${run}`),
    })
    await task.locator('[data-test=photo-preview]').waitFor()
    await task.locator('[data-test=submit]').click()
    await task.locator('[data-test=nothing-left]').waitFor()
    await task.locator('[data-test=ticket-state]', { hasText: '已办结' }).waitFor()
    grid.clean()
    await grid.context.close()

    // ---- 5. the resident sees it closed with the after-photo, and rates it ----------------------------
    await rp.reload()
    await status.filter({ hasText: '已办结' }).waitFor()
    await rp.locator('[data-test=after-photos] img').first().waitFor()
    await rp.locator('[data-test=rate-stars] .el-rate__item').nth(2).click()
    await rp.locator('textarea[data-test=rate-comment], [data-test=rate-comment] textarea').first().fill('处理及时，谢谢')
    await rp.locator('[data-test=rate-submit]').click()
    await rp.locator('[data-test=my-rating]', { hasText: '满意' }).waitFor()
    await shot(rp, 'story-5-resident-closed')
    resident.clean()

    // ---- the API agrees -------------------------------------------------------------------------------
    const closed = await api(dispatcherToken, 'GET', `/api/v1/tickets/${ticketId}`)
    assert.equal(closed.ticket.state, 'CLOSED')
    assert.equal(closed.ticket.verified, true)
    assert.equal(closed.ticket.leadUnit.name, '浔龙河村村委会')
    assert.ok(closed.timeline.some((e) => e.type === 'RECTIFIED' && e.photos?.length === 1), 'the unit’s after-photo')
    assert.ok(closed.timeline.some((e) => e.type === 'VERIFIED_REAL'))
    assert.ok(closed.timeline.some((e) => e.type === 'CLOSED'))
    assert.equal(closed.ratings?.length, 1)
    assert.equal(closed.ratings[0].rating, 'SATISFIED')
    assert.equal(closed.ratings[0].comment, '处理及时，谢谢')
    const report = await api(dispatcherToken, 'GET', `/api/v1/dispatch/reports/${reportId}`)
    assert.equal(report.report.ticketId, ticketId)
  })
})
