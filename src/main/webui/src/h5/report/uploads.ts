// The photos of a report, uploaded one by one as soon as they are chosen (POST /api/v1/uploads, one
// file each, docs/CLIENTS.md): each with its progress, a failure shown with the problem's detail and
// retried on request, removed at will. Only one upload runs at a time (a weak 4G link shares
// badly); the next starts when the previous one answered. No Vue here: the page wraps the queue in
// reactive() and renders `items`.
import type { Session } from '@/auth/session'
import { ApiError, fromProblem, networkError, type Problem } from '@/api/problem'

export const MAX_PHOTOS = 9

export type PhotoState = 'queued' | 'uploading' | 'done' | 'failed'

export interface PhotoItem {
  /** stable key for the list (not the upload id) */
  key: string
  name: string
  /** the chosen file; absent for a photo restored from the draft (already uploaded) */
  file?: Blob
  /** a local preview (object URL) or the service's thumbnail */
  preview?: string
  state: PhotoState
  /** 0..1 while uploading */
  progress: number
  /** the upload id once the service took it */
  id?: number
  /** what went wrong (the problem's detail) */
  error?: string
}

/** Sends one photo; reports progress as a fraction; resolves with the upload's id or throws ApiError. */
export type Transport = (file: Blob, name: string, onProgress: (fraction: number) => void) => Promise<{ id: number }>

let counter = 0
const nextKey = () => `p${Date.now().toString(36)}-${++counter}`

export class UploadQueue {
  items: PhotoItem[] = []
  private running = false
  private idle: Array<() => void> = []

  constructor(
    private readonly transport: Transport,
    private readonly options: { max?: number; onChange?: () => void; preview?: (file: Blob) => string | undefined } = {},
  ) {}

  get max(): number {
    return this.options.max ?? MAX_PHOTOS
  }

  /** The ids of the uploaded photos, in the order shown. */
  get ids(): number[] {
    return this.items.filter((i) => i.state === 'done' && i.id !== undefined).map((i) => i.id as number)
  }

  /** True while a photo waits or uploads. */
  get busy(): boolean {
    return this.items.some((i) => i.state === 'queued' || i.state === 'uploading')
  }

  get failed(): number {
    return this.items.filter((i) => i.state === 'failed').length
  }

  get room(): number {
    return Math.max(0, this.max - this.items.length)
  }

  /** Photos uploaded before (from the draft): shown as done. */
  restore(photos: Array<{ id: number; name: string; preview?: string }>): void {
    for (const p of photos.slice(0, this.room)) {
      this.items.push({ key: nextKey(), name: p.name, preview: p.preview, state: 'done', progress: 1, id: p.id })
    }
  }

  /** Queues the files (as many as there is room for); returns how many were taken. */
  add(files: ArrayLike<Blob & { name?: string }>): number {
    const take = Array.from(files).slice(0, this.room)
    for (const f of take) {
      this.items.push({
        key: nextKey(),
        name: f.name ?? 'photo.jpg',
        file: f,
        preview: this.options.preview?.(f),
        state: 'queued',
        progress: 0,
      })
    }
    if (take.length) this.changed()
    void this.pump()
    return take.length
  }

  /** Uploads a failed photo again. */
  retry(key: string): void {
    const item = this.items.find((i) => i.key === key)
    if (!item || item.state !== 'failed' || !item.file) return
    item.state = 'queued'
    item.progress = 0
    item.error = undefined
    void this.pump()
  }

  /** Takes a photo out of the report (an upload already made simply expires unused). */
  remove(key: string): void {
    const at = this.items.findIndex((i) => i.key === key)
    if (at < 0) return
    this.items.splice(at, 1)
    this.changed()
  }

  clear(): void {
    this.items.splice(0, this.items.length)
    this.changed()
  }

  /** Resolves when nothing waits or uploads. */
  whenIdle(): Promise<void> {
    if (!this.busy && !this.running) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private async pump(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (;;) {
        const item = this.items.find((i) => i.state === 'queued')
        if (!item) break
        item.state = 'uploading'
        item.progress = 0
        try {
          const { id } = await this.transport(item.file as Blob, item.name, (f) => {
            item.progress = Math.min(1, Math.max(0, f))
          })
          item.id = id
          item.progress = 1
          item.state = 'done'
        } catch (e) {
          item.state = 'failed'
          item.error = e instanceof Error ? e.message : String(e)
        }
        if (this.items.includes(item)) this.changed()
      }
    } finally {
      this.running = false
      const waiting = this.idle.splice(0)
      waiting.forEach((r) => r())
    }
  }

  private changed(): void {
    this.options.onChange?.()
  }
}

export interface XhrTransportOptions {
  session: Pick<Session, 'accessToken' | 'refresh' | 'currentToken' | 'expire'>
  language: () => string
  offline: () => string
  url?: string
  timeoutMs?: number
  /** for tests */
  xhr?: () => XMLHttpRequest
}

/**
 * The browser's transport: XMLHttpRequest (fetch has no upload progress), with the session's bearer
 * token and Accept-Language; on 401 the session is refreshed once and the photo sent again.
 */
export function xhrTransport(options: XhrTransportOptions): Transport {
  const url = options.url ?? '/api/v1/uploads'
  const make = options.xhr ?? (() => new XMLHttpRequest())
  const once = (file: Blob, name: string, token: string | null, onProgress: (f: number) => void) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = make()
      xhr.open('POST', url)
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
      xhr.setRequestHeader('Accept-Language', options.language())
      xhr.setRequestHeader('Accept', 'application/json')
      xhr.timeout = options.timeoutMs ?? 120_000
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
      }
      xhr.onload = () => {
        let body: unknown = undefined
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
        } catch {
          body = undefined
        }
        resolve({ status: xhr.status, body })
      }
      xhr.onerror = () => reject(networkError(options.offline()))
      xhr.ontimeout = () => reject(networkError(options.offline()))
      const form = new FormData()
      form.append('file', file, name)
      xhr.send(form)
    })
  return async (file, name, onProgress) => {
    const session = options.session
    const token = await session.accessToken()
    let answer = await once(file, name, token, onProgress)
    if (answer.status === 401 && token !== null) {
      const renewed = session.currentToken !== token || (await session.refresh())
      const again = session.currentToken
      if (renewed && again) {
        answer = await once(file, name, again, onProgress)
        if (answer.status === 401) session.expire()
      }
    }
    if (answer.status >= 200 && answer.status < 300) {
      const id = (answer.body as { id?: unknown } | undefined)?.id
      if (typeof id === 'number') return { id }
    }
    throw toError(answer.status, answer.body)
  }
}

function toError(status: number, body: unknown): ApiError {
  const problem: Problem =
    body && typeof body === 'object' ? { ...(body as Problem), status } : { status, detail: `HTTP ${status}` }
  return fromProblem(problem)
}
