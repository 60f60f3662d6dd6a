// Reads the claims of our access token (RS256, issued by identity/TokenService). The page only
// reads them to decide what to show; the service checks the signature on every call.

export interface Claims {
  /** account id */
  sub: string
  /** username (staff) or resident-<id> */
  upn?: string
  /** roles: resident, grid_worker, dispatcher, unit, finance, admin, leader */
  groups?: string[]
  /** STAFF or RESIDENT */
  kind?: string
  /** the unit a unit-staff account acts for */
  unit_id?: number
  /** the regions a regional account is scoped to (absent: service-wide) */
  region_ids?: number[]
  /** expiry, seconds since the epoch */
  exp?: number
}

export function decodeClaims(token: string): Claims | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/')
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4)
    const binary = atob(padded)
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return claims && typeof claims === 'object' ? (claims as Claims) : null
  } catch {
    return null
  }
}
