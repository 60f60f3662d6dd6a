// Staff sign-in on the console: the dispatcher reaches the review queue; a wrong password shows the
// problem's detail; an ended session returns to the sign-in page with the page the user was on.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { api, apiLogin, errorMessage, expectSignIn, makePhoto, openPage, shot, signIn, submitReport, useBrowser } from './harness.mjs'

const browser = useBrowser()
const RUN = Date.now().toString(36)

describe('console sign-in', () => {
  before(async () => {
    // reports the dispatcher must look at: just outside the demo town's grids (OUTSIDE_GRIDS), no category
    const grid1 = await apiLogin('grid1')
    for (const [i, label] of ['A', 'B', 'C'].entries()) {
      await submitReport(grid1, await makePhoto(browser(), `${label}-${RUN}`), {
        lat: 28.3296,
        lng: 113.1425 + i * 0.01,
        description: `浏览器测试 ${RUN}：楼道堆放杂物 ${label}`,
      })
    }
  })

  it('the dispatcher signs in and sees the review queue', async () => {
    const { page, clean } = await openPage(browser())
    await page.goto('/console/')
    await expectSignIn(page, '/')
    await page.locator('[data-test=sign-in]').waitFor()
    await shot(page, 'console-sign-in')

    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews$/)
    const table = page.locator('[data-test=queue-table]')
    await table.getByText(`浏览器测试 ${RUN}：楼道堆放杂物 A`).waitFor()
    assert.ok((await table.locator('.el-table__body tr').count()) >= 3)
    assert.match(await page.locator('[data-test=who]').textContent(), /调度员/)
    assert.equal(await page.locator('[data-test=page-title]').textContent(), '审核派单')
    assert.ok(await page.locator('[data-test=nav-dispatch-reviews]').isVisible())
    await shot(page, 'console-review-queue')

    // a row opens the report
    await table.getByText(`浏览器测试 ${RUN}：楼道堆放杂物 B`).click()
    const drawer = page.locator('.el-drawer').filter({ has: page.locator('[data-test=photos]') })
    // the thumbnail is a presigned link to object storage: it must load (the CSP allows that origin)
    await drawer.locator('[data-test=photos] img').first().waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-test=photos] img')
      return img && img.complete && img.naturalWidth > 0
    })
    assert.match(await drawer.textContent(), /不在任何网格内/)
    await shot(page, 'console-review-drawer')
    clean()
  })

  it('a wrong password shows the problem detail and stays on the sign-in page', async () => {
    const { page, clean } = await openPage(browser())
    await page.goto('/console/sign-in')
    await signIn(page, 'leader', 'not-the-password')
    assert.match(await errorMessage(page), /用户名或密码错误/)
    assert.match(page.url(), /\/console\/sign-in$/)
    await shot(page, 'console-sign-in-refused')
    clean()
  })

  it('the same in English when the page is in English', async () => {
    const { page, clean } = await openPage(browser(), { locale: 'en' })
    await page.goto('/console/sign-in')
    await page.locator('[data-test=language]').click()
    await page.getByRole('option', { name: 'English' }).click()
    await page.locator('[data-test=sign-in]', { hasText: 'Sign in' }).waitFor()
    await signIn(page, 'finance', 'not-the-password')
    assert.match(await errorMessage(page), /[Uu]sername or password/)
    clean()
  })

  it('an ended session returns to the sign-in page with the page it was on, and back after signing in', async () => {
    // an account of its own: its sessions are ended by an administrator's password reset
    const dispatcher = await apiLogin('dispatcher')
    const me = await api(dispatcher, 'GET', '/api/v1/me')
    const admin = await apiLogin('admin')
    const username = `disp-${RUN}`
    const account = await api(admin, 'POST', '/api/v1/admin/accounts', {
      username,
      displayName: '测试调度员',
      password: 'Browser-test-1',
      roles: ['dispatcher'],
      regionIds: me.regions.map((r) => r.id),
    })

    const { page, clean } = await openPage(browser())
    await page.goto('/console/sign-in')
    await signIn(page, username, 'Browser-test-1')
    await page.waitForURL(/\/console\/dispatch\/reviews$/)
    await page.goto('/console/dispatch/reviews?reason=OUTSIDE_GRIDS')
    await page.locator('[data-test=queue-table] .el-table__body tr').first().waitFor()

    await api(admin, 'POST', `/api/v1/admin/accounts/${account.id}/actions/reset-password`, { newPassword: 'Browser-test-2' })
    // the next call is refused (session ended), the refresh too: back to sign-in, remembering the page
    await page.locator('[data-test=reload]').click()
    await expectSignIn(page, '/dispatch/reviews?reason=OUTSIDE_GRIDS')
    await page.locator('[data-test=expired]').waitFor()
    await shot(page, 'console-session-expired')

    await signIn(page, username, 'Browser-test-2')
    await page.waitForURL(/\/console\/dispatch\/reviews\?reason=OUTSIDE_GRIDS$/)
    clean()
  })

  it('a reload after the session cookie is gone goes to sign-in with the page as redirect', async () => {
    const { page, context, clean } = await openPage(browser())
    await page.goto('/console/sign-in')
    await signIn(page, 'dispatcher')
    await page.waitForURL(/\/console\/dispatch\/reviews$/)
    const cookies = await context.cookies()
    const session = cookies.find((c) => c.name === 'ssp_refresh')
    assert.ok(session, 'the session cookie')
    assert.equal(session.httpOnly, true)
    assert.equal(session.sameSite, 'Strict')
    assert.equal(session.path, '/api/v1/auth/web')
    assert.equal(await page.evaluate(() => document.cookie), '', 'no cookie readable by script')

    await context.clearCookies()
    await page.goto('/console/dispatch/reviews?page=1')
    await expectSignIn(page, '/dispatch/reviews?page=1')
    clean()
  })
})
