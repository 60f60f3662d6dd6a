package cn.suishoupai.report;

/**
 * A dispatcher asked to undo a merge, before anything changes: an observer may refuse it by
 * throwing its ApiException (reward does, for a report whose reward stands on the ticket).
 */
public record ReportUnmergeRequested(long reportId) {}
