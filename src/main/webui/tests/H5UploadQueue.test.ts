// The residents' photo queue: one upload at a time, progress, a failure kept with its detail and
// retried on request, removal; and the XMLHttpRequest transport (token, 401 refresh, problem detail).
import { describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { UploadQueue, xhrTransport, type Transport } from '@/h5/report/uploads'
import { ApiError } from '@/api/problem'

const photo = (name: string) => new File([new Uint8Array([0xff, 0xd8, 1, 2])], name, { type: 'image/jpeg' })

/** A transport whose every call waits until the test settles it. */
function manual() {
  const calls: Array<{
    name: string
    progress: (f: number) => void
    resolve: (v: { id: number }) => void
    reject: (e: unknown) => void
  }> = []
  const transport: Transport = (_file, name, progress) =>
    new Promise((resolve, reject) => calls.push({ name, progress, resolve, reject }))
  return { transport, calls }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('UploadQueue', () => {
  it('uploads one photo at a time, reporting progress, and lists the ids in order', async () => {
    const { transport, calls } = manual()
    const q = reactive(new UploadQueue(transport)) as UploadQueue
    expect(q.add([photo('a.jpg'), photo('b.jpg')])).toBe(2)
    await tick()
    expect(calls.map((c) => c.name)).toEqual(['a.jpg']) // b waits for a
    expect(q.items.map((i) => i.state)).toEqual(['uploading', 'queued'])
    calls[0].progress(0.5)
    expect(q.items[0].progress).toBe(0.5)
    expect(q.busy).toBe(true)
    calls[0].resolve({ id: 11 })
    await tick()
    expect(calls.map((c) => c.name)).toEqual(['a.jpg', 'b.jpg'])
    calls[1].resolve({ id: 12 })
    await q.whenIdle()
    expect(q.items.map((i) => i.state)).toEqual(['done', 'done'])
    expect(q.ids).toEqual([11, 12])
    expect(q.busy).toBe(false)
  })

  it('keeps a failed photo with the detail, goes on with the next, and retries it on request', async () => {
    const { transport, calls } = manual()
    const q = reactive(new UploadQueue(transport)) as UploadQueue
    q.add([photo('a.jpg'), photo('b.jpg')])
    await tick()
    calls[0].reject(new ApiError({ status: 0, detail: '网络连接失败' }))
    await tick()
    expect(q.items[0]).toMatchObject({ state: 'failed', error: '网络连接失败' })
    expect(calls[1].name).toBe('b.jpg')
    calls[1].resolve({ id: 2 })
    await q.whenIdle()
    expect(q.failed).toBe(1)
    expect(q.ids).toEqual([2])

    q.retry(q.items[0].key)
    await tick()
    expect(calls).toHaveLength(3)
    expect(calls[2].name).toBe('a.jpg')
    expect(q.items[0]).toMatchObject({ state: 'uploading', error: undefined, progress: 0 })
    calls[2].resolve({ id: 1 })
    await q.whenIdle()
    expect(q.ids).toEqual([1, 2]) // the order shown, not the order uploaded
    expect(q.failed).toBe(0)
  })

  it('takes at most nine photos, removes one on request and tells when the list changed', async () => {
    const changed = vi.fn()
    const q = new UploadQueue(async () => ({ id: Math.floor(Math.random() * 1e6) }), { onChange: changed })
    q.restore([{ id: 5, name: 'kept.jpg' }])
    expect(q.items[0]).toMatchObject({ state: 'done', id: 5 })
    const taken = q.add(Array.from({ length: 12 }, (_, i) => photo(`${i}.jpg`)))
    expect(taken).toBe(8)
    expect(q.room).toBe(0)
    await q.whenIdle()
    expect(q.ids).toHaveLength(9)
    q.remove(q.items[0].key)
    expect(q.ids).not.toContain(5)
    expect(q.room).toBe(1)
    expect(changed).toHaveBeenCalled()
  })
})

/** A fake XMLHttpRequest: records headers and the body, answers as scripted. */
class FakeXhr {
  static answers: Array<{ status: number; body?: unknown } | 'network'> = []
  static sent: FakeXhr[] = []
  headers: Record<string, string> = {}
  method = ''
  url = ''
  status = 0
  responseText = ''
  timeout = 0
  body: FormData | undefined
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: FormData) {
    this.body = body
    FakeXhr.sent.push(this)
    const answer = FakeXhr.answers.shift()
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 2, total: 4 })
      if (answer === 'network' || answer === undefined) return this.onerror?.()
      this.status = answer.status
      this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body)
      this.onload?.()
    }, 0)
  }
}

function fakeSession(tokens: string[]) {
  let current: string | null = tokens[0]
  return {
    get currentToken() {
      return current
    },
    accessToken: vi.fn(async () => current),
    refresh: vi.fn(async () => {
      current = tokens[1] ?? null
      return current !== null
    }),
    expire: vi.fn(),
  }
}

describe('xhrTransport', () => {
  const make = (session: ReturnType<typeof fakeSession>) =>
    xhrTransport({
      session,
      language: () => 'en',
      offline: () => 'offline!',
      xhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    })

  it('sends the photo as the one file part `file` with the token and the language, and reports progress', async () => {
    FakeXhr.sent = []
    FakeXhr.answers = [{ status: 202, body: { id: 42, status: 'PROCESSING' } }]
    const progress = vi.fn()
    const answer = await make(fakeSession(['t1']))(photo('a.jpg'), 'a.jpg', progress)
    expect(answer).toEqual({ id: 42 })
    const x = FakeXhr.sent[0]
    expect([x.method, x.url]).toEqual(['POST', '/api/v1/uploads'])
    expect(x.headers.Authorization).toBe('Bearer t1')
    expect(x.headers['Accept-Language']).toBe('en')
    expect((x.body?.get('file') as File).name).toBe('a.jpg')
    expect(progress).toHaveBeenCalledWith(0.5)
  })

  it('renews the session once on 401 and sends the photo again', async () => {
    FakeXhr.sent = []
    FakeXhr.answers = [{ status: 401, body: { status: 401 } }, { status: 202, body: { id: 7 } }]
    const session = fakeSession(['old', 'new'])
    expect(await make(session)(photo('a.jpg'), 'a.jpg', () => {})).toEqual({ id: 7 })
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(FakeXhr.sent.map((x) => x.headers.Authorization)).toEqual(['Bearer old', 'Bearer new'])
  })

  it('throws the problem with its detail, and a network failure as status 0', async () => {
    FakeXhr.answers = [
      { status: 415, body: { type: 'https://suishoupai.cn/problems/photo-unsupported-type', status: 415, detail: 'Not a photo' } },
      'network',
    ]
    const send = make(fakeSession(['t']))
    const refused = await send(photo('a.heic'), 'a.heic', () => {}).catch((e) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 415, code: 'photo-unsupported-type', message: 'Not a photo' })
    const offline = await send(photo('a.jpg'), 'a.jpg', () => {}).catch((e) => e)
    expect(offline).toMatchObject({ status: 0, message: 'offline!' })
  })
})
