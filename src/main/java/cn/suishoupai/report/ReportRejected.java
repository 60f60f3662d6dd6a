package cn.suishoupai.report;

/** 不予受理: a dispatcher refused the report with a listed reason and an optional note. reporterId null = anonymous. */
public record ReportRejected(long reportId, Long reporterId, RejectReason reason, String note) {}
