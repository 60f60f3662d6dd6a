package cn.suishoupai.deadline;

import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Required;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A period a policy grants: an amount of working hours, working days or calendar days. Working
 * days with amount 0 means "the same working day" (当日办结): the end of the current working day.
 * The constraints check it where it arrives in a request body; amount 0 with another unit is
 * refused by {@link DeadlineRules#span}.
 */
@Schema(name = "DeadlineSpan")
public record Span(
        @InRange(min = 0, max = DeadlineRules.MAX_AMOUNT, message = "field.span.amount")
        int amount,

        @Required Unit unit) {

    @Schema(name = "DeadlineSpanUnit")
    public enum Unit {
        WORKING_HOURS,
        WORKING_DAYS,
        CALENDAR_DAYS
    }
}
