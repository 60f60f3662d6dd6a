// What the first screen costs: the JavaScript and CSS a browser loads from the sign-in page through
// the dispatcher's review queue, gzip-compressed (target: JavaScript under 400 KB), and how long the
// queue takes from navigation to rows on screen. Written to OUTPUT/first-screen.json (docs/BENCHMARKS.md).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { openPage, record, signIn, useBrowser } from './harness.mjs'

const browser = useBrowser()
const LIMIT_JS_GZIP = 400 * 1024
// the queue has loaded: its answer came and the table shows it (rows, or the empty text on a fresh database)
const LOADED = '[data-test=queue-table] .el-table__body tr, [data-test=queue-table] .el-table__empty-text'
async function queueShown(page, navigate) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/dispatch/reports?'))
  await navigate()
  await answer
  await page.locator(LOADED).first().waitFor()
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-test=queue-table] .el-loading-mask')].some((m) => m.offsetParent))
}

describe('first screen', () => {
  it('sign-in + review queue ship under 400 KB of gzipped JavaScript', async () => {
    const { page, clean } = await openPage(browser())
    const files = new Map()
    page.on('response', async (r) => {
      const type = r.request().resourceType()
      if (type !== 'script' && type !== 'stylesheet') return
      try {
        const body = await r.body()
        files.set(r.url(), {
          type,
          bytes: body.length,
          gzip: gzipSync(body, { level: 6 }).length,
          encoding: r.headers()['content-encoding'] ?? null,
        })
      } catch {
        // a response without a body (redirect): nothing shipped
      }
    })
    await page.goto('/console/')
    await page.locator('[data-test=sign-in]').waitFor()
    await queueShown(page, () => signIn(page, 'dispatcher'))
    await page.waitForLoadState('networkidle')

    const sum = (type, key) => [...files.values()].filter((f) => f.type === type).reduce((n, f) => n + f[key], 0)
    const js = { files: [...files.values()].filter((f) => f.type === 'script').length, bytes: sum('script', 'bytes'), gzip: sum('script', 'gzip') }
    const css = { files: [...files.values()].filter((f) => f.type === 'stylesheet').length, bytes: sum('stylesheet', 'bytes'), gzip: sum('stylesheet', 'gzip') }

    // the queue again, as a navigation of a signed-in user: until its rows are on screen
    const started = Date.now()
    await queueShown(page, () => page.goto('/console/dispatch/reviews?size=50'))
    const queueMs = Date.now() - started
    const timing = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0]
      return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) }
    })

    const result = {
      measuredAt: new Date().toISOString(),
      javascript: js,
      css,
      queueRowsVisibleMs: queueMs,
      navigation: timing,
      perFile: Object.fromEntries([...files.entries()].map(([u, f]) => [new URL(u).pathname, f])),
    }
    record('first-screen', result)
    console.log(
      `first screen: JS ${js.files} files, ${(js.bytes / 1024).toFixed(1)} KB, gzip ${(js.gzip / 1024).toFixed(1)} KB; ` +
        `CSS gzip ${(css.gzip / 1024).toFixed(1)} KB; queue rows visible ${queueMs} ms after navigation`,
    )
    assert.ok(js.gzip < LIMIT_JS_GZIP, `first-screen JavaScript ${js.gzip} bytes gzipped, limit ${LIMIT_JS_GZIP}`)
    clean()
  })
})
