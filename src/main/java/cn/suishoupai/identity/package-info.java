/**
 * Accounts and sign-in: staff passwords with lockout, resident SMS and WeChat login, access and refresh
 * tokens, the per-request session check, the 401 answers, and the payee's payout phone.
 *
 * <p>May use: common, audit, region (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.identity;
