/**
 * The append-only audit log: {@code Audit} writes a record in the caller's transaction,
 * {@code AuditLog} reads it for service-wide admins.
 *
 * <p>May use: common (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.audit;
