/**
 * Notices (DOMAIN §6): the transactional outbox written in the same transaction as the change it
 * reports, and its delivery, at least once, to every channel of each recipient — the in-app list
 * ({@code /api/v1/notices}), WeChat subscription messages with the SMS fallback for residents, SMS and
 * WeCom group bots for staff (admin data: {@code /api/v1/admin/notice-channels}), and the integration
 * {@code NotificationSender} — with a delivery record per channel; and the operator's view of it.
 * Reacts to the domain events of ticket, report and reward.
 *
 * <p>May use: common, audit, region, identity, ticket, report, reward (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.notify;
