// Nearest first: the browser's position (navigator.geolocation, always WGS-84) against the API's
// coordinates, which the grid screens ask for in WGS-84 too (crs=WGS84), so no conversion is needed.
// Pure functions, unit-tested in tests/GridNearby.test.ts.
import type { components } from '@/api/schema'

type Crs = components['schemas']['Crs']

export interface Position {
  lat: number
  lng: number
  /** metres, when the device says */
  accuracy?: number
}

export interface Located {
  lat?: number
  lng?: number
  crs?: Crs
}

const EARTH_M = 6_371_008.8

/** Great-circle distance in metres between two WGS-84 points. */
export function distanceM(a: Position, b: Position): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The distance from `here` to an item, or null when either has no position or the item is not WGS-84. */
export function distanceTo(here: Position | null, item: Located): number | null {
  if (!here || item.lat == null || item.lng == null) return null
  if (item.crs && item.crs !== 'WGS84') return null
  return distanceM(here, { lat: item.lat, lng: item.lng })
}

/**
 * The items nearest first; those without a distance keep their order (the server's: by deadline)
 * after the others. Without a position, the server's order as it is.
 */
export function nearestFirst<T extends Located>(items: readonly T[], here: Position | null): T[] {
  if (!here) return [...items]
  return items
    .map((item, i) => ({ item, i, d: distanceTo(here, item) }))
    .sort((x, y) => (x.d === null ? (y.d === null ? x.i - y.i : 1) : y.d === null ? -1 : x.d - y.d || x.i - y.i))
    .map((x) => x.item)
}

/** "350 m" / "1.2 km". */
export function distanceText(m: number | null): string {
  if (m === null) return ''
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} km`
}

/**
 * The browser's position (WGS-84); rejects when refused, unavailable or too slow. `maximumAgeMs`: how
 * old a position the browser may answer with (0 for a report: where the worker stands now).
 */
export function currentPosition(maximumAgeMs = 60_000, timeoutMs = 10_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new Error('geolocation unavailable'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      (e) => reject(new Error(e.message || 'geolocation refused')),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: maximumAgeMs },
    )
  })
}

/** A key for Idempotency-Key: random, one per report being submitted. */
export function idempotencyKey(): string {
  const c = globalThis.crypto
  if (c?.randomUUID) return c.randomUUID()
  const bytes = new Uint8Array(16)
  c?.getRandomValues ? c.getRandomValues(bytes) : bytes.forEach((_, i) => (bytes[i] = Math.floor(Math.random() * 256)))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
