import { describe, expect, it } from 'vitest'
import { ApiError, StaleVersionError, codeOf, toApiError, networkError } from '@/api/problem'
import { json, problem } from './helpers'

describe('problem+json → typed errors', () => {
  it.each([
    [401, 'invalid-credentials', '用户名或密码错误。', ApiError],
    [403, 'forbidden', '当前账号没有执行此操作的权限。', ApiError],
    [404, 'not-found', '请求的资源不存在或您无权查看。', ApiError],
    [409, 'illegal-transition', '当前状态不允许此操作。', ApiError],
    [409, 'stale-version', '该记录刚被其他人修改，您的操作未生效。请刷新后重试。', StaleVersionError],
    [422, 'invalid-field', '请求中的字段不符合要求。', ApiError],
    [429, 'rate-budget-exhausted', '请在 60 秒后再试。', ApiError],
  ])('%i %s', async (status, code, detail, type) => {
    const e = await toApiError(problem(status, code, detail))
    expect(e).toBeInstanceOf(type)
    expect(e.status).toBe(status)
    expect(e.code).toBe(code)
    expect(e.detail).toBe(detail)
    expect(e.message).toBe(detail)
  })

  it('keeps field errors and extensions', async () => {
    const e = await toApiError(
      problem(422, 'invalid-field', 'bad', {
        errors: [{ field: 'note', message: '过长' }],
        currentState: 'CLOSED',
      }),
    )
    expect(e.fieldErrors).toEqual({ note: '过长' })
    expect(e.problem.currentState).toBe('CLOSED')
  })

  it('a stale version is distinct, so a page can reload', async () => {
    const stale = await toApiError(problem(409, 'stale-version', 'x'))
    const other = await toApiError(problem(409, 'duplicate-ticket-open', 'y'))
    expect(stale).toBeInstanceOf(StaleVersionError)
    expect(other).not.toBeInstanceOf(StaleVersionError)
  })

  it('an answer without problem+json (a proxy’s HTML page) still becomes an ApiError', async () => {
    const e = await toApiError(new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }), (s) => `HTTP ${s}!`)
    expect(e.code).toBe('http-502')
    expect(e.detail).toBe('HTTP 502!')
    const broken = await toApiError(new Response('{not json', { status: 500, headers: { 'Content-Type': 'application/problem+json' } }))
    expect(broken.code).toBe('http-500')
    const plainJson = await toApiError(json(400, { detail: 'only a detail' }))
    expect(plainJson.detail).toBe('only a detail')
  })

  it('no answer at all is status 0, code network', () => {
    const e = networkError('离线')
    expect(e.status).toBe(0)
    expect(e.code).toBe('network')
    expect(e.detail).toBe('离线')
    expect(codeOf({ status: 404, type: 'about:blank' })).toBe('http-404')
  })
})
