// The map's pure rules: which system to ask the API for, how late a ticket is, the pins' colours.
import { describe, expect, it } from 'vitest'
import {
  DUE_SOON_MS,
  LATENESS_COLOURS,
  STATE_COLOURS,
  bboxAround,
  drawingCrs,
  lateness,
  pinStyle,
  subdomains,
  zoneColour,
} from '@/ui/map/rules'

describe('drawingCrs', () => {
  it('no tiles: WGS-84, whatever the setting says', () => {
    expect(drawingCrs(null)).toBe('WGS84')
    expect(drawingCrs({ tileUrl: null, crs: 'GCJ02' })).toBe('WGS84')
    expect(drawingCrs({ tileUrl: '', crs: 'GCJ02' })).toBe('WGS84')
  })
  it('tiles: their own system (天地图 WGS-84, AMap/Tencent GCJ-02)', () => {
    expect(drawingCrs({ tileUrl: 'https://t{s}.tianditu.gov.cn/x', crs: 'WGS84' })).toBe('WGS84')
    expect(drawingCrs({ tileUrl: 'https://webrd0{s}.is.autonavi.com/x', crs: 'GCJ02' })).toBe('GCJ02')
    expect(drawingCrs({ tileUrl: 'https://x/{z}', crs: 'BD09' })).toBe('BD09')
    expect(drawingCrs({ tileUrl: 'https://x/{z}' })).toBe('WGS84')
  })
})

describe('lateness', () => {
  const now = Date.parse('2026-12-01T08:00:00Z')
  it.each([
    ['2026-12-01T07:59:59Z', 'overdue'],
    ['2026-12-01T08:00:00Z', 'overdue'],
    ['2026-12-01T08:00:01Z', 'dueSoon'],
    [new Date(now + DUE_SOON_MS).toISOString(), 'dueSoon'],
    [new Date(now + DUE_SOON_MS + 1000).toISOString(), 'onTime'],
    [null, 'none'],
    ['not a date', 'none'],
  ])('due %s → %s', (due, expected) => {
    expect(lateness(due, now)).toBe(expected)
  })
  it('the service saying overdue wins (a deadline in working hours the browser cannot judge)', () => {
    expect(lateness('2026-12-09T00:00:00Z', now, true)).toBe('overdue')
  })
})

describe('colours', () => {
  it('a pin is filled by lateness and ringed by state', () => {
    expect(pinStyle('DISPATCHED', 'overdue')).toEqual({ fillColor: LATENESS_COLOURS.overdue, color: STATE_COLOURS.DISPATCHED })
    expect(pinStyle('RETURNED', 'onTime')).toEqual({ fillColor: LATENESS_COLOURS.onTime, color: STATE_COLOURS.RETURNED })
    expect(pinStyle(undefined, 'none').color).toBe('#202124')
    expect(new Set(Object.values(LATENESS_COLOURS)).size).toBe(4)
  })
  it('a zone always gets the same colour', () => {
    expect(zoneColour('Z-1')).toBe(zoneColour('Z-1'))
    expect(zoneColour(null)).toMatch(/^#[0-9a-f]{6}$/)
    const many = new Set(Array.from({ length: 20 }, (_, i) => zoneColour(`ZONE-${i}`)))
    expect(many.size).toBeGreaterThan(4)
  })
})

describe('helpers', () => {
  it('subdomains and bbox', () => {
    expect(subdomains({ subdomains: '01234567' })).toHaveLength(8)
    expect(subdomains({})).toEqual(['a', 'b', 'c'])
    expect(bboxAround(30, 120, 0.01)).toBe('119.990000,29.990000,120.010000,30.010000')
  })
})
