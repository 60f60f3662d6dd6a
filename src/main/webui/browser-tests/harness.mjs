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

/**
 * A JPEG unlike any other: random light and dark blocks with a label. makePhoto's cards look alike to the
 * service's perceptual hash, and a report whose photo is near-identical to an open ticket's or a queued
 * report's within 500 m is a suspected duplicate (SIMILAR_PHOTO): a report that must be dispatched at once
 * takes its photos from here.
 */
export async function distinctPhoto(browser, label) {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
  const blocks = Array.from({ length: 48 }, () => `<div style="background:hsl(${Math.floor(Math.random() * 360)} 70% ${Math.random() < 0.5 ? 20 : 80}%)"></div>`).join('')
  await page.setContent(
    `<body style="margin:0"><div style="display:grid;grid-template-columns:repeat(8,100px);grid-auto-rows:100px">${blocks}</div>` +
      `<div style="position:fixed;left:40px;top:250px;font:bold 48px sans-serif;color:#fff;background:#0008;padding:12px">${label}</div></body>`,
  )
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 85 })
  await page.close()
  return jpeg
}

// ---- where a test file reports: cells of its own in the demo town ---------------------------------

/**
 * The demo town's lattice (demo/DemoData.java): 14 × 14 cells of 0.005° from 28.330 N, 113.130 E
 * (WGS-84), row 0 south, column 0 west; zone n is columns 2n − 2 and 2n − 1 (zone 1, 浔龙河片区: the
 * unit cun1, the grid worker grid1). The interior vertices are jittered by up to 0.001° (+ 0.0001°
 * wiggle), so a point within 0.001° of a cell's middle is in that cell whatever the jitter.
 */
export const LATTICE = { minLat: 28.33, minLng: 113.13, cell: 0.005, rows: 14, cols: 14 }

/**
 * The lattice rows each test file reports in. BrowserIT runs every file against one service and one
 * database, and ReportIntake holds a report for review as a suspected duplicate when an open ticket or a
 * queued report lies within 50 m with the same category, or within 500 m with a near-identical photo,
 * whoever submitted it. So a file reports only in rows of its own, one cell per report (reportPlaces),
 * and a report that must be dispatched at once has a distinctPhoto: no file's report is then taken for
 * another file's, whichever files run and in whatever order. Row 10 is nobody's: it keeps the makePhoto
 * cards of h5-report and dispatch-review more than 500 m apart. console-sign-in reports south of row 0,
 * outside the grids. A new file that reports gets rows here (free: none; share out a file's spare rows).
 */
const ROWS = {
  'grid-worker': [0, 1],
  'unit-inbox': [2, 3, 4],
  'tickets-page': [5, 6],
  'story-whole': [7],
  'h5-report': [8, 9],
  'dispatch-review': [11, 12, 13],
}

/**
 * Places for the reports of the test file at `fileUrl` (its import.meta.url), each in a cell of the
 * file's own rows (ROWS) not used before by it: `next(zone)` a random such cell in that zone's two
 * columns (any column without a zone), `at(row, col)` that cell. A place is { lat, lng } (WGS-84)
 * within 0.001° of the cell's middle, so two places of different cells are more than 200 m apart.
 */
export function reportPlaces(fileUrl) {
  const file = fileUrl.split('/').pop().replace(/\.test\.mjs$/, '')
  const rows = ROWS[file]
  assert.ok(rows, `${file} has no rows of its own in harness.mjs ROWS`)
  const used = new Set()
  const place = (row, col) => {
    assert.ok(rows.includes(row), `row ${row} is not ${file}'s (harness.mjs ROWS: ${rows})`)
    assert.ok(col >= 0 && col < LATTICE.cols, `no column ${col}`)
    assert.ok(!used.has(`${row},${col}`), `${file} used cell ${row},${col} already`)
    used.add(`${row},${col}`)
    const jitter = () => (Math.random() - 0.5) * 0.002
    return {
      lat: LATTICE.minLat + (row + 0.5) * LATTICE.cell + jitter(),
      lng: LATTICE.minLng + (col + 0.5) * LATTICE.cell + jitter(),
    }
  }
  return {
    at: place,
    next(zone) {
      const cols = zone ? [2 * zone - 2, 2 * zone - 1] : [...Array(LATTICE.cols).keys()]
      const free = rows.flatMap((r) => cols.map((c) => [r, c])).filter(([r, c]) => !used.has(`${r},${c}`))
      assert.ok(free.length, `${file}: no cell left in its rows ${rows}${zone ? ` of zone ${zone}` : ''}`)
      const [row, col] = free[Math.floor(Math.random() * free.length)]
      return place(row, col)
    },
  }
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
