// The map settings of the service (GET /api/v1/web/config), read once per page load.
import { api, ok } from '@/api/client'
import type { MapSettings } from './rules'

let pending: Promise<MapSettings> | null = null

/** The map settings; on any failure, none (no tiles: grids and pins still draw). */
export function mapSettings(): Promise<MapSettings> {
  pending ??= ok(api.GET('/api/v1/web/config'))
    .then((s) => (s.map ?? {}) as MapSettings)
    .catch(() => {
      pending = null
      return {}
    })
  return pending
}

/** For tests: forget the cached settings. */
export function resetMapSettings(): void {
  pending = null
}
