/**
 * Notices: the transactional outbox written in the same transaction as the change it reports,
 * its delivery with retries through a {@code NotificationSender}, and the operator's
 * view of it. Reacts to the domain events of ticket, report and reward.
 *
 * <p>May use: common, audit, region, identity, ticket, report, reward (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.notify;
