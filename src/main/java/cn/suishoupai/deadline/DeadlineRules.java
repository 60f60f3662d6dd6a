package cn.suishoupai.deadline;

import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Problem.FieldError;
import cn.suishoupai.common.Required;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an admin may save as a calendar year or a policy span, beyond its shape: the rules that need
 * several values at once (the shape — required, counts, ranges, formats — is Bean Validation on the
 * request records: {@link Day}, {@link Span}, {@code CalendarBody}). Returns every field error at once
 * (message keys of i18n/problems), so one 422 lists all that is wrong.
 */
public final class DeadlineRules {

    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;
    public static final int MAX_PERIODS = 8;
    public static final int MAX_DAYS = 366;
    public static final int MAX_AMOUNT = 1000;
    public static final int MAX_DAY_NAME = 64;

    @Schema(name = "CalendarDay")
    public record Day(
            @Required LocalDate date,
            @Required WorkCalendar.DayKind kind,

            @FreeText(
                    max = MAX_DAY_NAME,
                    required = true,
                    message = "field.day.name",
                    requiredMessage = "field.day.name")
            String name) {}

    private DeadlineRules() {}

    /**
     * The year's periods (each already a valid {@code HH:mm-HH:mm}) in order without overlap; each day
     * (date and kind present) inside the year, listed once, and a make-up working day only on a weekend.
     */
    public static List<FieldError> calendarYear(int year, List<String> periods, List<Day> days) {
        List<FieldError> errors = new ArrayList<>();
        try {
            WorkCalendar.Period.requireOrdered(
                    periods.stream().map(WorkCalendar.Period::parse).toList());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("periods", "field.periods.order"));
        }
        Set<LocalDate> seen = new HashSet<>();
        List<Day> list = days == null ? List.of() : days;
        for (int i = 0; i < list.size(); i++) {
            Day d = list.get(i);
            String at = "days[" + i + "].";
            if (d.date().getYear() != year) {
                errors.add(new FieldError(at + "date", "field.day.outside-year"));
            } else if (!seen.add(d.date())) {
                errors.add(new FieldError(at + "date", "field.day.duplicate"));
            }
            if (d.kind() == WorkCalendar.DayKind.WORKDAY && !weekend(d.date())) {
                errors.add(new FieldError(at + "kind", "field.day.workday-on-weekday"));
            }
        }
        return errors;
    }

    /**
     * A policy span (amount and unit present, amount in range): amount 0 only as WORKING_DAYS (the
     * same working day). field "" names the amount alone.
     */
    public static List<FieldError> span(String field, Span span) {
        if (span.amount() == 0 && span.unit() != Span.Unit.WORKING_DAYS) {
            return List.of(new FieldError(field.isEmpty() ? "amount" : field + ".amount", "field.span.zero"));
        }
        return List.of();
    }

    /** "2 WORKING_HOURS" (configuration): the range of the request records and the rule above. */
    public static Span parseSpan(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "a span is written as \"amount UNIT\", e.g. \"2 WORKING_HOURS\": " + text);
        }
        Span span = new Span(Integer.parseInt(parts[0]), Span.Unit.valueOf(parts[1]));
        if (span.amount() < 0 || span.amount() > MAX_AMOUNT || !span(text, span).isEmpty()) {
            throw new IllegalArgumentException("invalid span: " + text);
        }
        return span;
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
