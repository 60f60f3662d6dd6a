// Test doubles for the API: a scripted fetch that records every request.
import { vi } from 'vitest'

export interface Recorded {
  method: string
  url: string
  headers: Headers
  body: string
  credentials: RequestCredentials
}

export function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) =>
    Buffer.from(JSON.stringify(o)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}.signature`
}

export function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return json(
    status,
    { type: `https://suishoupai.cn/problems/${code}`, title: code, status, detail, ...extra },
    'application/problem+json',
  )
}

export function webSession(token: string, roles: string[] = ['dispatcher'], expiresIn = 900) {
  return { accessToken: token, tokenType: 'Bearer', expiresIn, roles, accountId: 7 }
}

/** A fetch answering by `handler`; every request is recorded (its body read as text). */
export function scriptedFetch(handler: (r: Recorded, n: number) => Response | Promise<Response>) {
  const calls: Recorded[] = []
  const fn = vi.fn(async (input: Request) => {
    const r: Recorded = {
      method: input.method,
      url: new URL(input.url, 'http://localhost').pathname + new URL(input.url, 'http://localhost').search,
      headers: new Headers(input.headers),
      body: input.body ? await input.text() : '',
      credentials: input.credentials,
    }
    calls.push(r)
    return handler(r, calls.length)
  })
  return { fetch: fn as unknown as (input: Request) => Promise<Response>, calls }
}

/** A lock that runs at once (no navigator.locks in the test DOM). */
export const noLock = <T>(fn: () => Promise<T>) => fn()
