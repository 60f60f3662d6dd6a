package cn.suishoupai.deadline;

import cn.suishoupai.common.Problem.FieldError;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an admin may save as a calendar year or a policy span. Returns every field error at once
 * (message keys of i18n/problems), so one 422 lists all that is wrong.
 */
public final class DeadlineRules {

    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;
    public static final int MAX_PERIODS = 8;
    public static final int MAX_AMOUNT = 1000;

    @Schema(name = "CalendarDay")
    public record Day(LocalDate date, WorkCalendar.DayKind kind, String name) {}

    private DeadlineRules() {}

    public static List<FieldError> calendarYear(int year, List<String> periods, List<Day> days) {
        List<FieldError> errors = new ArrayList<>();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            errors.add(new FieldError("year", "field.year.range"));
        }
        if (periods == null || periods.isEmpty() || periods.size() > MAX_PERIODS) {
            errors.add(new FieldError("periods", "field.periods.count"));
        } else {
            List<WorkCalendar.Period> parsed = new ArrayList<>();
            for (int i = 0; i < periods.size(); i++) {
                try {
                    parsed.add(WorkCalendar.Period.parse(periods.get(i) == null ? "" : periods.get(i)));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("periods[" + i + "]", "field.period.format"));
                }
            }
            if (parsed.size() == periods.size()) {
                try {
                    WorkCalendar.Period.requireOrdered(parsed);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("periods", "field.periods.order"));
                }
            }
        }
        Set<LocalDate> seen = new HashSet<>();
        List<Day> list = days == null ? List.of() : days;
        if (list.size() > 366) {
            errors.add(new FieldError("days", "field.days.count"));
            return errors;
        }
        for (int i = 0; i < list.size(); i++) {
            Day d = list.get(i);
            String at = "days[" + i + "].";
            if (d == null) {
                errors.add(new FieldError("days[" + i + "]", "field.required"));
                continue;
            }
            if (d.date() == null) {
                errors.add(new FieldError(at + "date", "field.required"));
            } else if (d.date().getYear() != year) {
                errors.add(new FieldError(at + "date", "field.day.outside-year"));
            } else if (!seen.add(d.date())) {
                errors.add(new FieldError(at + "date", "field.day.duplicate"));
            }
            if (d.kind() == null) {
                errors.add(new FieldError(at + "kind", "field.required"));
            } else if (d.kind() == WorkCalendar.DayKind.WORKDAY && d.date() != null && !weekend(d.date())) {
                errors.add(new FieldError(at + "kind", "field.day.workday-on-weekday"));
            }
            if (d.name() == null || d.name().isBlank() || d.name().length() > 64) {
                errors.add(new FieldError(at + "name", "field.day.name"));
            }
        }
        return errors;
    }

    /** A policy span: amount 0..1000, and 0 only as WORKING_DAYS (the same working day). field "" names amount/unit alone. */
    public static List<FieldError> span(String field, Span span) {
        if (span == null) {
            return List.of(new FieldError(field, "field.required"));
        }
        String at = field.isEmpty() ? "" : field + ".";
        List<FieldError> errors = new ArrayList<>();
        if (span.unit() == null) {
            errors.add(new FieldError(at + "unit", "field.required"));
        }
        if (span.amount() < 0 || span.amount() > MAX_AMOUNT) {
            errors.add(new FieldError(at + "amount", "field.span.amount"));
        } else if (span.amount() == 0 && span.unit() != null && span.unit() != Span.Unit.WORKING_DAYS) {
            errors.add(new FieldError(at + "amount", "field.span.zero"));
        }
        return errors;
    }

    /** "2 WORKING_HOURS" (configuration). */
    public static Span parseSpan(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "a span is written as \"amount UNIT\", e.g. \"2 WORKING_HOURS\": " + text);
        }
        Span span = new Span(Integer.parseInt(parts[0]), Span.Unit.valueOf(parts[1]));
        if (!span(text, span).isEmpty()) {
            throw new IllegalArgumentException("invalid span: " + text);
        }
        return span;
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
