// The report being written, kept in sessionStorage so a reload (or WeChat's browser dropping the
// page on a weak network) does not lose it: texts, category, position choice, the upload ids, and
// the Idempotency-Key made once per report (a retry of the submission reuses it; a new report gets
// a new one). Kept per tab, and only for the account that wrote it.

export const DRAFT_KEY = 'suishoupai.h5.report-draft'

export interface DraftPhoto {
  id: number
  name: string
}

export interface Draft {
  /** the account it belongs to (JWT sub) */
  owner: string
  /** Idempotency-Key of this report's submission */
  key: string
  category: string
  description: string
  address: string
  anonymous: boolean
  photos: DraftPhoto[]
}

export function newKey(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function emptyDraft(owner: string): Draft {
  return { owner, key: newKey(), category: '', description: '', address: '', anonymous: false, photos: [] }
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null // storage disabled
  }
}

/** The draft of this account, or a new empty one (with a fresh key). */
export function loadDraft(owner: string, store: Storage | null = storage()): Draft {
  try {
    const raw = store?.getItem(DRAFT_KEY)
    if (raw) {
      const d = JSON.parse(raw) as Partial<Draft>
      if (d && d.owner === owner && typeof d.key === 'string' && d.key) {
        return {
          owner,
          key: d.key,
          category: typeof d.category === 'string' ? d.category : '',
          description: typeof d.description === 'string' ? d.description : '',
          address: typeof d.address === 'string' ? d.address : '',
          anonymous: d.anonymous === true,
          photos: Array.isArray(d.photos)
            ? d.photos.filter((p) => p && typeof p.id === 'number').map((p) => ({ id: p.id, name: String(p.name ?? '') }))
            : [],
        }
      }
    }
  } catch {
    // unreadable: start again
  }
  return emptyDraft(owner)
}

export function saveDraft(draft: Draft, store: Storage | null = storage()): void {
  try {
    store?.setItem(DRAFT_KEY, JSON.stringify(draft))
  } catch {
    // full or disabled: the form still works, only a reload would lose it
  }
}

export function clearDraft(store: Storage | null = storage()): void {
  try {
    store?.removeItem(DRAFT_KEY)
  } catch {
    // nothing to clear
  }
}
