// Menus and guards by role: a unit clerk never sees the dispatcher's screens; the phone-sized layout.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { expectSignIn, openPage, shot, signIn, useBrowser } from './harness.mjs'

const browser = useBrowser()

describe('console roles', () => {
  it('a unit user does not see the dispatcher menu and cannot open its screen', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'cun1')
    await page.waitForURL(/\/console\/unit\/inbox$/)
    await page.locator('[data-test=nav-unit-inbox]').waitFor()
    assert.equal(await page.locator('[data-test=nav-dispatch-reviews]').count(), 0)
    assert.equal(await page.locator('[data-test=nav-tickets]').count(), 0)
    assert.match(await page.locator('[data-test=who]').textContent(), /责任单位.*浔龙河村村委会/)
    await shot(page, 'console-unit-home')

    await page.goto('/console/dispatch/reviews')
    await page.locator('[data-test=forbidden]').waitFor()
    assert.equal(await page.locator('[data-test=queue-table]').count(), 0)
    clean()
  })

  it('a grid worker on a phone: the menu behind a button, the page full width', async () => {
    const { page, clean } = await openPage(browser(), { phone: true })
    await signIn(page, 'grid1')
    await page.waitForURL(/\/console\/grid\/tasks$/)
    assert.equal(await page.locator('.el-aside').count(), 0)
    await page.locator('[data-test=menu-button]').click()
    const drawer = page.locator('[data-test=nav-drawer]')
    await drawer.locator('[data-test=nav-grid-tasks]').waitFor()
    assert.equal(await page.locator('[data-test=nav-dispatch-reviews]').count(), 0)
    await shot(page, 'console-phone-grid-worker-menu')
    await drawer.locator('[data-test=nav-grid-tasks]').click()
    await drawer.waitFor({ state: 'hidden' })
    const width = await page.locator('.el-main').evaluate((e) => e.getBoundingClientRect().width)
    assert.ok(width >= 380, `main area ${width}px wide on a 390px phone`)
    clean()
  })

  it('sign-out ends the session: back to sign-in, and a reload stays signed out', async () => {
    const { page, clean } = await openPage(browser())
    await signIn(page, 'leader')
    await page.waitForURL(/\/console\/tickets$/)
    await page.locator('[data-test=sign-out]').click()
    await expectSignIn(page, null)
    await page.goto('/console/tickets')
    await expectSignIn(page, '/tickets')
    clean()
  })
})
