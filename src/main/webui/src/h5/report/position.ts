// The resident's position from the browser (navigator.geolocation: WGS-84, what GPS gives; the
// report is sent with crs=WGS84). In WeChat's browser this asks WeChat's permission too.

export interface Fix {
  lat: number
  lng: number
  /** metres, as the device estimates it */
  accuracy: number
  at: number
}

export type FixError = 'denied' | 'unavailable' | 'timeout' | 'unsupported'

export function locate(geo: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!geo) return reject('unsupported' satisfies FixError)
    geo.getCurrentPosition(
      (p) =>
        resolve({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          accuracy: Math.round(p.coords.accuracy ?? 0),
          at: p.timestamp,
        }),
      (e) => reject((e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable') satisfies FixError),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  })
}
