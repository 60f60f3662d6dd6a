package cn.suishoupai.deadline;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What admins are warned about the calendar, pure: a year whose official schedule is not entered
 * runs on its provisional calendar (statutory holidays, no 调休), which the State Council's
 * schedule (usually published in November) will contradict.
 * <ul>
 *   <li>current-year-provisional: the business date's own year has no official schedule (any day);</li>
 *   <li>next-year-provisional: from 1 December, next year has none yet.</li>
 * </ul>
 */
public final class CalendarWarnings {

    public static final String CURRENT_YEAR_PROVISIONAL = "current-year-provisional";
    public static final String NEXT_YEAR_PROVISIONAL = "next-year-provisional";

    /** code: one of the constants; year: the provisional year it is about. */
    public record Warning(String code, int year) {}

    private CalendarWarnings() {}

    /** today: the business date (Asia/Shanghai); provisional: whether a year has no official schedule. */
    public static List<Warning> of(LocalDate today, IntPredicate provisional) {
        List<Warning> list = new ArrayList<>();
        if (provisional.test(today.getYear())) {
            list.add(new Warning(CURRENT_YEAR_PROVISIONAL, today.getYear()));
        }
        if (today.getMonth() == Month.DECEMBER && provisional.test(today.getYear() + 1)) {
            list.add(new Warning(NEXT_YEAR_PROVISIONAL, today.getYear() + 1));
        }
        return List.copyOf(list);
    }
}
