// The browser-test harness: Playwright (playwright-core) driving Debian's Chromium against a running
// service. Test files are browser-tests/*.test.mjs, written with node:test (describe / it / before).
// BrowserIT runs each against the packaged service with the demo data; by hand:
//   BASE_URL=http://localhost:8080 APP_LOG=<the service's log, for SMS codes> npm run test:browser
//
// Environment: BASE_URL (the service), SMS_STUB or APP_LOG (residents' SMS codes), SCREENSHOTS
// (where shot() writes PNGs; unset: none), OUTPUT (measurements), CHROMIUM (the browser binary).
import { before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '')
export const SCREENSHOTS = process.env.SCREENSHOTS
export const OUTPUT = process.env.OUTPUT ?? 'browser-tests/output'
export const APP_LOG = process.env.APP_LOG
export const SMS_STUB = process.env.SMS_STUB?.replace(/\/$/, '')
/** Every demo account's password (demo/DemoData.java). */
export const DEMO_PASSWORD = 'demo1234'
export const DESKTOP = { width: 1366, height: 860 }
export const PHONE = { width: 390, height: 844 }

// Chromium on a closed network: without these its start-up stalls on updates and sync
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
}

/** One browser for the test file: `const browser = useBrowser()` at top level, `browser()` in tests. */
export function useBrowser() {
  let b
  before(async () => {
    b = await launch()
  })
  after(async () => {
    await b?.close()
  })
  return () => b
}

/**
 * A fresh browser profile (no cookies) with one page. `watch` collects what must never happen: page
 * errors, console errors other than failed loads (a CSP violation is one), answers 500 and above.
 * Call `clean()` at the end of a test to assert none happened.
 */
export async function openPage(browser, { phone = false, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: phone ? PHONE : DESKTOP,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale,
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`)
  })
  return {
    context,
    page,
    problems,
    clean: () => assert.deepEqual(problems, [], 'errors in the page'),
  }
}

/** Signs in on the console's sign-in page (goes there first). */
export async function signIn(page, username, password = DEMO_PASSWORD) {
  if (!page.url().includes('/console/sign-in')) await page.goto('/console/sign-in')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-test=sign-in]').click()
}

/** Waits for the sign-in page of `app` ('console' or 'h5'); asserts its ?redirect= (null: none). */
export async function expectSignIn(page, redirect, app = 'console') {
  await page.waitForURL((url) => url.pathname === `/${app}/sign-in`)
  assert.equal(new URL(page.url()).searchParams.get('redirect'), redirect)
}

/** The text of the error message the page shows (an ElMessage with the problem's detail). */
export async function errorMessage(page) {
  const m = page.locator('.ssp-error-message').last()
  await m.waitFor({ state: 'visible' })
  return (await m.textContent())?.trim() ?? ''
}

/** Writes docs/screenshots/<name>.png when SCREENSHOTS is set. */
export async function shot(page, name) {
  if (!SCREENSHOTS) return
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' })
}

/** Writes a measurement to OUTPUT/<name>.json. */
export function record(name, data) {
  mkdirSync(OUTPUT, { recursive: true })
  writeFileSync(join(OUTPUT, `${name}.json`), JSON.stringify(data, null, 2) + '\n')
}

// ---- the API, for setting up what a test needs (as a JSON or mini-program client would) --------

/** An access token by username + password (POST /api/v1/auth/login). */
export async function apiLogin(username, password = DEMO_PASSWORD) {
  const r = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(r.status, 200, `login ${username}: ${await r.clone().text()}`)
  return (await r.json()).accessToken
}

/** Calls the API; returns the parsed JSON (or null); fails the test on an unexpected status. */
export async function api(token, method, path, body, { expect = [200, 201, 204] } = {}) {
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  let payload
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const r = await fetch(`${BASE_URL}${path}`, { method, headers, body: payload })
  const text = await r.text()
  assert.ok(expect.includes(r.status), `${method} ${path}: ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** A JPEG photo (a screenshot of a coloured card with a label), different for each label. */
export async function makePhoto(browser, label) {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
  let hue = 0
  for (const c of label) hue = (hue * 31 + c.charCodeAt(0)) % 360
  await page.setContent(
    `<body style="margin:0;background:hsl(${hue} 60% 55%);display:flex;align-items:center;justify-content:center;height:600px">` +
      `<div style="font:bold 56px sans-serif;color:#fff;border:8px solid #fff;padding:40px;transform:rotate(${hue % 20 - 10}deg)">${label}</div></body>`,
  )
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 85 })
  await page.close()
  return jpeg
}

/** Submits a report as `token`'s account (multipart, as a form would); returns the API's answer. */
export async function submitReport(token, photo, { lat, lng, crs = 'WGS84', category, description }) {
  const form = new FormData()
  form.append('photos', new Blob([photo], { type: 'image/jpeg' }), 'hazard.jpg')
  form.append('lat', String(lat))
  form.append('lng', String(lng))
  form.append('crs', crs)
  if (category) form.append('category', category)
  if (description) form.append('description', description)
  return api(token, 'POST', '/api/v1/reports', form)
}

/**
 * The last SMS code sent to this phone: from the SMS gateway stub (SMS_STUB, as BrowserIT runs the
 * service: GET {SMS_STUB}/codes/{phone}), else from the service's log (APP_LOG; quarkus:dev's log sender).
 */
export async function smsCode(phone, { timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (SMS_STUB) {
      const r = await fetch(`${SMS_STUB}/codes/${phone}`)
      if (r.status === 200) return (await r.text()).trim()
    } else {
      assert.ok(APP_LOG && existsSync(APP_LOG), 'set SMS_STUB or APP_LOG (the log of a service with suishoupai.auth.sms.sender=log)')
      const found = [...readFileSync(APP_LOG, 'utf8').matchAll(new RegExp(`SMS code for ${phone}: (\\d{6})`, 'g'))]
      if (found.length) return found.at(-1)[1]
    }
    if (Date.now() > deadline) assert.fail(`no SMS code for ${phone}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

let phones = 0
/** A fresh mainland mobile number, different on every call and run. */
export function newPhone() {
  return `139${String((Date.now() + phones++) % 100_000_000).padStart(8, '0')}`
}
