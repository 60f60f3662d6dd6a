// Measures the dispatcher's console against a running service (bench/console-map.sh sets it up):
//  1. the review queue: from navigation (page.goto of /console/dispatch/reviews, signed in) to
//     interactive = its first page of rows on screen, no loading mask, and a click on a row opening
//     the drawer answered; best and median of RUNS navigations;
//  2. the tickets map: from navigation to all GRIDS polygons drawn (SspMap's data-draw-ms is the
//     drawing alone), and the longest main-thread task meanwhile (PerformanceObserver 'longtask').
// Env: BASE_URL, USERNAME, PASSWORD, GRIDS (expected polygons), RUNS (default 5), RESULT (a JSON file).
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { launch, signIn } from '../browser-tests/harness.mjs'

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080'
const RUNS = Number(process.env.RUNS ?? 5)
const GRIDS = Number(process.env.GRIDS ?? 10000)

const browser = await launch()
const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
await context.addInitScript(() => {
  window.__longTasks = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // no longtask entries in this browser
  }
})
const page = await context.newPage()
const errors = []
page.on('pageerror', (e) => errors.push(e.message))

await signIn(page, process.env.USERNAME ?? 'dispatcher', process.env.PASSWORD ?? 'demo1234')
await page.waitForURL(/\/console\/dispatch\/reviews/)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// 1. the queue
const queue = []
for (let i = 0; i < RUNS; i++) {
  await page.goto('about:blank')
  const t0 = Date.now()
  await page.goto('/console/dispatch/reviews?size=20')
  await page.locator('[data-test=queue-table] .el-table__body tr').first().waitFor()
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-test=queue-table] .el-loading-mask')].some((m) => m.offsetParent))
  const rowsMs = Date.now() - t0
  await page.locator('[data-test=queue-table] .el-table__body tr').first().click()
  await page.locator('[data-test=review-drawer] [data-test=report-description]').waitFor()
  const interactiveMs = Date.now() - t0
  const total = await page.locator('.el-pagination__total').textContent()
  queue.push({ rowsMs, interactiveMs, total: total?.trim() })
}

// 2. the map
const map = []
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  await page.goto('about:blank')
  const t0 = Date.now()
  await page.goto('/console/dispatch/map')
  const el = page.locator('[data-test=tickets-map] [data-test=map][data-draw-ms]')
  await el.waitFor({ timeout: 120_000 })
  const shownMs = Date.now() - t0
  const polygons = Number(await el.getAttribute('data-polygons'))
  const drawMs = Number(await el.getAttribute('data-draw-ms'))
  // the page still answers: a zoom in and a pan, each waited for
  const z0 = Date.now()
  await page.locator('.leaflet-control-zoom-in').click()
  await page.waitForTimeout(400)
  await page.mouse.move(700, 450)
  await page.mouse.down()
  await page.mouse.move(500, 350, { steps: 5 })
  await page.mouse.up()
  const zoomPanMs = Date.now() - z0 - 400
  const longTasks = await page.evaluate(() => window.__longTasks)
  const longest = longTasks.reduce((m, t) => Math.max(m, t.ms), 0)
  map.push({ shownMs, drawMs, polygons, longestTaskMs: longest, longTasks: longTasks.length, zoomPanMs })
  if (polygons !== GRIDS) errors.push(`map drew ${polygons} polygons, expected ${GRIDS}`)
}

const result = {
  measuredAt: new Date().toISOString(),
  cores: (await import('node:os')).cpus().length,
  queue: { runs: queue, medianInteractiveMs: median(queue.map((q) => q.interactiveMs)), bestInteractiveMs: Math.min(...queue.map((q) => q.interactiveMs)) },
  map: { runs: map, medianShownMs: median(map.map((m) => m.shownMs)), medianDrawMs: median(map.map((m) => m.drawMs)), maxLongestTaskMs: Math.max(...map.map((m) => m.longestTaskMs)) },
  errors,
}
console.log(JSON.stringify(result, null, 2))
if (process.env.RESULT) {
  mkdirSync(dirname(process.env.RESULT), { recursive: true })
  writeFileSync(process.env.RESULT, JSON.stringify(result, null, 2))
}
await browser.close()
if (errors.length) {
  console.error('errors:', errors)
  process.exit(1)
}
