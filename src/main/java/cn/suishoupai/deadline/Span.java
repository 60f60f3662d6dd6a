package cn.suishoupai.deadline;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A period a policy grants: an amount of working hours, working days or calendar days. Working
 * days with amount 0 means "the same working day" (当日办结): the end of the current working day.
 */
@Schema(name = "DeadlineSpan")
public record Span(int amount, Unit unit) {

    @Schema(name = "DeadlineSpanUnit")
    public enum Unit {
        WORKING_HOURS,
        WORKING_DAYS,
        CALENDAR_DAYS
    }
}
