/**
 * Money for verified reports: accrual when a ticket is verified, reward rules and budgets, approvals,
 * claims, fraud marks and fines, the ledger, and payout batches with their export and result files.
 *
 * <p>May use: common, audit, region, identity, ticket, report (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.reward;
