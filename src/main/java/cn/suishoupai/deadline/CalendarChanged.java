package cn.suishoupai.deadline;

/** Fired inside the transaction that changed the calendar; observed after it commits. */
public record CalendarChanged(int year) {}
