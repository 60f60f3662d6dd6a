// The ticket actions, as the API takes them: POST /api/v1/tickets/{id}/actions/{action} with the
// version the page shows as If-Match; JSON bodies, or multipart for the actions with photos. Each
// answers with the ticket as it now is (TicketDetail). What may be done is the server's to say
// (TicketDetail.allowedActions); the dialogs in ./actions only collect what each action needs.
import { api, ok } from '@/api/client'
import type { components } from '@/api/schema'
import { i18n } from '@/i18n'
import { guarded, showSuccess } from '@/ui/feedback'

export type TicketDetail = components['schemas']['TicketDetail']
export type TicketSummary = components['schemas']['TicketSummary']

export const ACTIONS = [
  'sign',
  'submit-rectification',
  'request-extension',
  'return',
  'dispatch',
  'redispatch',
  'approve-extension',
  'refuse-extension',
  'cancel',
  'designate-lead',
  'verify',
  'recheck',
  'follow-up',
] as const
export type TicketAction = (typeof ACTIONS)[number]

/** The actions that send photos (multipart/form-data: photos + fields). */
export const PHOTO_ACTIONS: readonly TicketAction[] = ['submit-rectification', 'verify', 'recheck']

/** Runs one action on the ticket at `version`; throws ApiError (StaleVersionError on 409 stale-version). */
export function act(
  id: number,
  version: number | undefined,
  action: TicketAction,
  body?: Record<string, unknown> | FormData,
): Promise<TicketDetail> {
  // one literal path per action in the typed client: the body shape is each dialog's concern
  const path = `/api/v1/tickets/{id}/actions/${action}` as '/api/v1/tickets/{id}/actions/cancel'
  const headers: Record<string, string> = version === undefined ? {} : { 'If-Match': `"${version}"` }
  return ok(
    api.POST(path, {
      params: { path: { id } },
      headers,
      body: (body ?? undefined) as never,
    }),
  ) as Promise<TicketDetail>
}

/** A multipart body: each field (skipping empty ones) and the photos as `photos`. */
export function photoForm(fields: Record<string, string | undefined>, photos: File[]): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v)
  for (const p of photos) form.append('photos', p, p.name)
  return form
}

/**
 * What every action dialog does with its request: run it against the version shown, say it worked
 * and hand the new ticket back (`done`); on 409 stale-version ask the page to reload (`stale`) and
 * say so; any other refusal shows its problem detail. Returns whether it worked.
 */
export async function runAction(
  ticket: TicketDetail,
  action: TicketAction,
  body: Record<string, unknown> | FormData | undefined,
  on: { done: (d: TicketDetail) => void; stale: () => unknown },
): Promise<boolean> {
  const id = ticket.ticket?.id
  if (id === undefined) return false
  const result = await guarded(() => act(id, ticket.ticket?.version, action, body), { onStale: on.stale })
  if (!result) return false
  showSuccess(i18n.global.t('tickets.action.done', { action: i18n.global.t(`tickets.action.${action}`) }))
  on.done(result)
  return true
}
