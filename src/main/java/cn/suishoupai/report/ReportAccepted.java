package cn.suishoupai.report;

/**
 * A report made its ticket: dispatched on its own (auto) or accepted by a dispatcher. reporterId is
 * null for an anonymous report. Fired in the transaction of the change.
 */
public record ReportAccepted(long reportId, Long reporterId, long ticketId, boolean auto) {}
