// The residents' page: sign-in by SMS code (read from the service's log), the session cookie.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { expectSignIn, newPhone, openPage, shot, smsCode, useBrowser } from './harness.mjs'

const browser = useBrowser()

describe('h5 sign-in', () => {
  it('a resident signs in with a code sent to the phone', async () => {
    const { page, context, clean } = await openPage(browser(), { phone: true })
    await page.goto('/h5/')
    await expectSignIn(page, '/', 'h5')
    const phone = newPhone()
    await page.locator('[data-test=phone] input, input[data-test=phone]').first().fill(phone)
    await page.locator('[data-test=send-code]').click()
    const code = await smsCode(phone)
    await page.locator('[data-test=code] input, input[data-test=code]').first().fill(code)
    await shot(page, 'h5-sign-in')
    await page.locator('[data-test=sign-in]').click()
    await page.locator('[data-test=h5-home]').waitFor()
    assert.match(page.url(), /\/h5\/$/)
    const session = (await context.cookies()).find((c) => c.name === 'ssp_refresh')
    assert.equal(session?.httpOnly, true)

    // a reload resumes the session from the cookie
    await page.reload()
    await page.locator('[data-test=h5-home]').waitFor()
    clean()
  })
})
