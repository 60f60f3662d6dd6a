// How pages tell the user what happened. Every refusal of the API is shown as its problem+json
// `detail` (localised by the service) in an Element Plus message; a stale version says the record
// was reloaded (the page reloads it: see `onStale`).
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ApiError, SessionExpiredError, StaleVersionError } from '@/api/problem'
import { i18n } from '@/i18n'

/** The text to show for any error: the problem's detail, or a generic line. */
export function describe(error: unknown): string {
  const t = i18n.global.t
  if (error instanceof ApiError) {
    if (error.status === 0) return error.problem.detail ?? t('common.offline')
    if (error instanceof StaleVersionError) return t('common.staleReloaded')
    return error.problem.detail ?? error.problem.title ?? t('common.httpError', { status: error.status })
  }
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Shows an error as a message. A SessionExpiredError is not shown: the app is already on its way to
 * the sign-in page, which says so.
 */
export function showError(error: unknown): void {
  if (error instanceof SessionExpiredError) return
  ElMessage({
    type: error instanceof StaleVersionError ? 'warning' : 'error',
    message: describe(error),
    showClose: true,
    duration: 6000,
    customClass: 'ssp-error-message',
  })
}

export function showSuccess(message: string): void {
  ElMessage({ type: 'success', message, duration: 2500 })
}

/**
 * Runs an action; on 409 stale-version calls `reload` and says the record was reloaded, on any
 * other error shows its detail. Returns the action's result, or undefined when it failed.
 *
 *   await guarded(() => ok(api.POST(...)), { onStale: load })
 */
export async function guarded<T>(action: () => Promise<T>, options: { onStale?: () => unknown } = {}): Promise<T | undefined> {
  try {
    return await action()
  } catch (e) {
    if (e instanceof StaleVersionError && options.onStale) await options.onStale()
    showError(e)
    return undefined
  }
}
