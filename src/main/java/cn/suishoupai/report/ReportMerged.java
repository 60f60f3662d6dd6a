package cn.suishoupai.report;

/** The report joined an existing ticket of the same hazard (merge, or merged on another report's accept). */
public record ReportMerged(long reportId, Long reporterId, long ticketId) {}
