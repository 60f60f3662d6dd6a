// The map's pure rules (no Leaflet, no Vue): which coordinate system to ask the API for, how late a
// ticket is, and the colours of pins and grids. Tested in tests/MapRules.test.ts.

export type Crs = 'WGS84' | 'GCJ02' | 'BD09'

/** What GET /api/v1/web/config says about the map (MapSettings). */
export interface MapSettings {
  tileUrl?: string | null
  labelUrl?: string | null
  subdomains?: string
  attribution?: string | null
  crs?: Crs
  maxZoom?: number
}

/**
 * The system to ask the API for (Accept-Crs) so that everything lies where the tiles put it: the
 * tiles' own (天地图 and OpenStreetMap are WGS-84; AMap and Tencent GCJ-02). Without tiles there is
 * nothing to line up with: WGS-84, the system the service stores.
 */
export function drawingCrs(settings: MapSettings | null | undefined): Crs {
  if (!settings?.tileUrl) return 'WGS84'
  return settings.crs === 'GCJ02' || settings.crs === 'BD09' ? settings.crs : 'WGS84'
}

export type Lateness = 'overdue' | 'dueSoon' | 'onTime' | 'none'

/** Due within this of now counts as "due soon". */
export const DUE_SOON_MS = 24 * 3600 * 1000

/** How late a ticket is against its current deadline (none: no deadline running, e.g. closed). */
export function lateness(dueAt: string | null | undefined, now: number, overdue?: boolean): Lateness {
  if (overdue) return 'overdue'
  if (!dueAt) return 'none'
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return 'none'
  if (due <= now) return 'overdue'
  if (due - now <= DUE_SOON_MS) return 'dueSoon'
  return 'onTime'
}

/** The pin's fill: how late (red overdue, orange due soon, green on time, grey none). */
export const LATENESS_COLOURS: Record<Lateness, string> = {
  overdue: '#d93026',
  dueSoon: '#f29900',
  onTime: '#1e8e3e',
  none: '#9aa0a6',
}

/** The pin's ring: the ticket's state. */
export const STATE_COLOURS: Record<string, string> = {
  PENDING_REVIEW: '#5f6368',
  DISPATCHED: '#1a73e8',
  IN_PROGRESS: '#8430ce',
  RECTIFIED: '#12b5cb',
  RETURNED: '#e52592',
  CLOSED: '#9aa0a6',
  REJECTED: '#9aa0a6',
  CANCELLED: '#9aa0a6',
}

/** The states of a ticket still open (on the tickets map). */
export const OPEN_STATES = ['DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED'] as const

export function pinStyle(state: string | undefined, late: Lateness): { fillColor: string; color: string } {
  return { fillColor: LATENESS_COLOURS[late], color: STATE_COLOURS[state ?? ''] ?? '#202124' }
}

const ZONE_PALETTE = ['#4285f4', '#34a853', '#fbbc04', '#ea4335', '#46bdc6', '#7baaf7', '#f07b72', '#fcd04f', '#71c287', '#a142f4']

/** A zone's colour: the same zone code always gets the same one, neighbours mostly differ. */
export function zoneColour(zoneCode: string | null | undefined): string {
  const s = zoneCode ?? ''
  let h = 0
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0
  return ZONE_PALETTE[h % ZONE_PALETTE.length]
}

/** Leaflet's {s}: the subdomain letters as an array ('01234567' → ['0', …, '7']). */
export function subdomains(settings: MapSettings | null | undefined): string[] {
  const s = settings?.subdomains ?? 'abc'
  return s.length ? s.split('') : ['a']
}

/** A bbox parameter (minLng,minLat,maxLng,maxLat) around a point, `d` degrees each way. */
export function bboxAround(lat: number, lng: number, d = 0.02): string {
  const f = (x: number) => x.toFixed(6)
  return `${f(lng - d)},${f(lat - d)},${f(lng + d)},${f(lat + d)}`
}
