// Claim codes of anonymous reports made in this page's life: shown once after the submission, and
// used (X-Claim-Code) to open the report right after. Memory only: never stored, never in a URL.
const codes = new Map<number, string>()

export function rememberClaim(reportId: number, code: string): void {
  codes.set(reportId, code)
}

export function claimOf(reportId: number): string | undefined {
  return codes.get(reportId)
}
