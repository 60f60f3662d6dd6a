// The residents' page at phone size (390 × 844) with the position granted: sign in by SMS code,
// choose two photos (uploaded one by one), submit, find the report in "my reports", open it; staff
// then take its ticket to closed through the API and the resident rates it on the page. A second
// case refuses the position and sees why it is needed. Writes OUTPUT/h5-first-screen.json.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { api, apiLogin, makePhoto, newPhone, openPage, record, reportPlaces, shot, smsCode, useBrowser } from './harness.mjs'

const browser = useBrowser()

// a point inside the demo town's lattice of grids, in a cell of this file's own rows (harness ROWS)
const place = reportPlaces(import.meta.url).next()
const HERE = { latitude: place.lat, longitude: place.lng, accuracy: 15 }

async function signInBySms(page) {
  await page.goto('/h5/')
  await page.waitForURL((url) => url.pathname === '/h5/sign-in')
  const phone = newPhone()
  await page.locator('[data-test=phone] input, input[data-test=phone]').first().fill(phone)
  await page.locator('[data-test=send-code]').click()
  const code = await smsCode(phone)
  await page.locator('[data-test=code] input, input[data-test=code]').first().fill(code)
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=h5-home]').waitFor()
  return phone
}

/** The demo unit accounts (demo/DemoData): whoever leads the ticket signs it. */
const UNIT_ACCOUNTS = ['xiaofang', 'yingji', 'zhujian', 'jiaojing', 'shijian', 'chengguan', 'cun1', 'cun2', 'cun3', 'cun4', 'cun5', 'cun6', 'cun7']

async function closeTicket(browserInstance, ticketId) {
  let unit
  for (const name of UNIT_ACCOUNTS) {
    const token = await apiLogin(name)
    const signed = await api(token, 'POST', `/api/v1/tickets/${ticketId}/actions/sign`, undefined, { expect: [200, 403, 404, 409] })
    if (signed?.ticket) {
      unit = token
      break
    }
  }
  assert.ok(unit, `no demo unit could sign ticket ${ticketId}`)
  const after = new FormData()
  after.append('photos', new Blob([await makePhoto(browserInstance, 'after')], { type: 'image/jpeg' }), 'after.jpg')
  after.append('note', '杂物已清理')
  await api(unit, 'POST', `/api/v1/tickets/${ticketId}/actions/submit-rectification`, after)
  // 复查 passed closes the ticket (and records the verification, as nobody had)
  const dispatcher = await apiLogin('dispatcher')
  const recheck = new FormData()
  recheck.append('passed', 'true')
  await api(dispatcher, 'POST', `/api/v1/tickets/${ticketId}/actions/recheck`, recheck)
}

describe('h5 report', () => {
  it('a resident reports with two photos, follows the report and rates it once closed', async () => {
    const { page, context, clean } = await openPage(browser(), { phone: true })
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation(HERE)
    const shipped = new Map()
    page.on('response', async (r) => {
      const type = r.request().resourceType()
      if (type !== 'script' && type !== 'stylesheet') return
      const body = await r.body().catch(() => null)
      if (body) shipped.set(r.url(), { type, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length })
    })

    await signInBySms(page)
    // the form: the position in WGS-84 with its accuracy, the categories from the API
    const position = page.locator('[data-test=position-value]')
    await position.waitFor()
    assert.match(await position.textContent(), /WGS-84 \(GPS\)/)
    assert.match(await position.textContent(), new RegExp(HERE.latitude.toFixed(6).replace('.', '\\.')))
    const sum = (type, key) => [...shipped.values()].filter((f) => f.type === type).reduce((n, f) => n + f[key], 0)
    record('h5-first-screen', {
      measuredAt: new Date().toISOString(),
      what: 'JavaScript and CSS loaded from /h5/ through SMS sign-in to the report form (gzip level 6)',
      javascript: { files: [...shipped.values()].filter((f) => f.type === 'script').length, bytes: sum('script', 'bytes'), gzip: sum('script', 'gzip') },
      css: { files: [...shipped.values()].filter((f) => f.type === 'stylesheet').length, bytes: sum('stylesheet', 'bytes'), gzip: sum('stylesheet', 'gzip') },
    })

    // two photos from the album, uploaded one after the other
    const photos = await Promise.all(['隐患 A', '隐患 B'].map((label) => makePhoto(browser(), `${label} ${Date.now()}`)))
    const uploads = []
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/uploads') && r.method() === 'POST') uploads.push(r)
    })
    await page
      .locator('[data-test=album-input]')
      .setInputFiles(photos.map((buffer, i) => ({ name: `hazard-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer })))
    await page.locator('[data-test=photo][data-state=done]').nth(1).waitFor()
    assert.equal(uploads.length, 2)

    await page.locator('[data-test=category]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '消防安全' }).click()
    await page.locator('textarea[data-test=description], [data-test=description] textarea').first().fill('楼道堆放杂物，堵塞消防通道')
    await page.locator('input[data-test=address], [data-test=address] input').first().fill('果园镇 1 号楼 2 单元')
    await shot(page, 'h5-report')

    // submit: JSON with the two upload ids and an Idempotency-Key
    const submitted = page.waitForRequest((r) => r.url().endsWith('/api/v1/reports') && r.method() === 'POST')
    await page.locator('[data-test=submit]').click()
    const request = await submitted
    // (the body is a stream Playwright does not show: tests/H5ReportDraft.test.ts checks it)
    assert.match(request.headers()['content-type'] ?? '', /application\/json/)
    assert.ok(request.headers()['idempotency-key'])
    await page.locator('[data-test=report-result]').waitFor()
    const result = await (await request.response()).json()
    assert.ok(result.id)

    // my reports: the report with its status
    await page.locator('[data-test=tab-reports]').click()
    const row = page.locator(`[data-test=report-row][data-id="${result.id}"]`)
    await row.waitFor()
    assert.ok((await row.locator('[data-test=report-status]').textContent()).trim())
    await shot(page, 'h5-my-reports')

    // the report: status, photos, timeline; once its photos are processed it has a ticket
    await row.click()
    await page.locator('[data-test=report-detail]').waitFor()
    await page.locator('[data-test=detail-photos] img').nth(1).waitFor()
    assert.match(await page.locator('[data-test=detail-position]').textContent(), /WGS-84/)
    assert.match(await page.locator('[data-test=report-detail]').textContent(), /消防安全/)
    await page.locator('[data-test=timeline-step]').first().waitFor()
    const detailStatus = page.locator('[data-test=detail-status]')
    for (let i = 0; i < 40 && (await detailStatus.textContent()).includes('照片处理中'); i++) await page.waitForTimeout(500)
    await shot(page, 'h5-report-detail')

    let ticketId = Number((await page.locator('[data-test=ticket-id]').textContent({ timeout: 1000 }).catch(() => '')) || 0)
    if (!ticketId) {
      // the dispatcher's queue took it (e.g. a look-alike): accept it as a new ticket
      const dispatcher = await apiLogin('dispatcher')
      await api(dispatcher, 'POST', `/api/v1/dispatch/reports/${result.id}/actions/accept`, { confirmNewTicket: true })
      await page.reload()
      ticketId = Number(await page.locator('[data-test=ticket-id]').textContent())
    }
    assert.ok(ticketId > 0)

    // staff close the ticket; the resident sees it closed with the after-photo, and rates it
    await closeTicket(browser(), ticketId)
    await page.reload()
    await page.locator('[data-test=after-photos] img').first().waitFor()
    assert.equal((await detailStatus.textContent()).trim(), '已办结')
    await page.locator('[data-test=rate-stars] .el-rate__item').nth(2).click()
    await page.locator('textarea[data-test=rate-comment], [data-test=rate-comment] textarea').first().fill('处理及时，谢谢')
    await page.locator('[data-test=rate-submit]').click()
    await page.locator('[data-test=my-rating]').waitFor()
    assert.match(await page.locator('[data-test=my-rating]').textContent(), /满意/)
    await shot(page, 'h5-rate')

    // notices: the closed report told the resident; rewards list loads
    await page.locator('[data-test=tab-notices]').click()
    await page.locator('[data-test=notices]').waitFor()
    // the outbox delivers notices every few seconds
    for (let i = 0; i < 15 && !(await page.locator('[data-test=notice]').count()); i++) {
      await page.waitForTimeout(2000)
      await page.reload()
      await page.locator('[data-test=notices]').waitFor()
      await page.waitForLoadState('networkidle')
    }
    const notice = page.locator(`[data-test=notice][data-read="0"][data-report="${result.id}"]`).first()
    await notice.waitFor()
    await shot(page, 'h5-notices')
    await notice.click() // read, and to its report
    await page.waitForURL((url) => url.pathname === `/h5/reports/${result.id}`)
    await page.locator('[data-test=tab-rewards]').click()
    // a resident signed in by SMS is paid to that phone until they set another
    await page.locator('[data-test=payout-phone] strong').waitFor()
    assert.match(await page.locator('[data-test=payout-phone]').textContent(), /\d{3}\*+\d{4}/)
    await page.locator('[data-test=reward], [data-test=rewards] .el-empty').first().waitFor()
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-test=rewards] .el-loading-mask')].some((m) => m.offsetParent))
    await shot(page, 'h5-rewards')
    clean()
  })

  it('without the position the resident is told why it is needed', async () => {
    const { page, context, clean } = await openPage(browser(), { phone: true })
    await context.clearPermissions() // the browser refuses the position (as a resident who said no)
    await signInBySms(page)
    const error = page.locator('[data-test=position-error]')
    await error.waitFor()
    assert.match(await error.textContent(), /拒绝|无法获取/)
    assert.match(await error.textContent(), /重新定位/)
    assert.match(await page.locator('[data-test=missing]').textContent(), /照片/)
    clean()
  })
})
