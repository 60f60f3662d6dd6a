package cn.suishoupai.report;

/** A report was submitted (app, photo-first uploads or an Open311 partner). Fired in the transaction that stores it. */
public record ReportReceived(long reportId) {}
