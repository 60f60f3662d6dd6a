package cn.suishoupai.deadline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Working time in the business zone (Asia/Shanghai), pure and immutable: no database, no clock.
 *
 * <p>A day is a working day when the year's data lists it as WORKDAY (调休, a Saturday or Sunday
 * worked), not when it lists it as HOLIDAY, else when it is Monday–Friday. A year without data
 * (no official schedule entered) is provisional: its holidays are computed from the statutory
 * rules ({@link StatutoryHolidays}: weekends and the statutory days with their 补假, no 调休) and
 * its periods are the default periods; {@link #isProvisional} and {@link #provisionalYears} say
 * so. Working time is the union of the day's periods, each half-open [start, end): 12:00 belongs
 * to lunch, not to the morning.
 *
 * <p>Rules (see {@link #add}):
 * <ul>
 *   <li>WORKING_HOURS n: the earliest instant by which n hours of working time have passed since
 *       {@code from}; lands on a period's end rather than the next period's start (11:00 + 1 h = 12:00).</li>
 *   <li>WORKING_DAYS 0 (当日办结): the end of the working day containing {@code from}; outside working
 *       time, the end of the working day of the next working period (lunch 12:30 → 17:30 the same
 *       day, 19:00 → 17:30 the next working day).</li>
 *   <li>WORKING_DAYS n ≥ 1: {@code from} outside working time first moves to the start of the next
 *       working period. The due instant is the same working moment n working days later: as much
 *       working time into that day as {@code from} was into its own day. A start at the very
 *       beginning of a working day is due at the end of the (n−1)-th following working day (the
 *       same working instant, on a friendlier date): Saturday + 1 working day = Monday 17:30.</li>
 *   <li>CALENDAR_DAYS n: the same wall-clock time n calendar days later, holidays or not.</li>
 * </ul>
 */
public final class WorkCalendar {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Ten years of days with no working time: the calendar data is broken, not the deadline long. */
    private static final int MAX_DAYS_SEARCHED = 3660;

    @Schema(name = "CalendarDayKind")
    public enum DayKind {
        HOLIDAY,
        WORKDAY
    }

    /** A working period [start, end) in minutes of the day; end may be 1440 (24:00). */
    public record Period(int startMinute, int endMinute) {

        public Period {
            if (startMinute < 0 || endMinute > 1440 || startMinute >= endMinute) {
                throw new IllegalArgumentException("period must satisfy 0 <= start < end <= 24:00");
            }
        }

        /** "08:30-12:00"; 24:00 is allowed as an end. */
        public static Period parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("period must look like 08:30-12:00");
            }
            return new Period(minutes(parts[0]), minutes(parts[1]));
        }

        /** "08:30-12:00,14:00-17:30": ordered, non-overlapping, at least one. */
        public static List<Period> parseList(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("at least one period");
            }
            List<Period> list = new ArrayList<>();
            for (String part : text.split(",")) {
                list.add(parse(part));
            }
            requireOrdered(list);
            return List.copyOf(list);
        }

        public static void requireOrdered(List<Period> periods) {
            if (periods.isEmpty()) {
                throw new IllegalArgumentException("at least one period");
            }
            for (int i = 1; i < periods.size(); i++) {
                if (periods.get(i).startMinute < periods.get(i - 1).endMinute) {
                    throw new IllegalArgumentException("periods must be ordered and must not overlap");
                }
            }
        }

        public static String format(List<Period> periods) {
            return String.join(",", periods.stream().map(Period::toString).toList());
        }

        private static int minutes(String hhmm) {
            String s = hhmm.trim();
            if (!s.matches("\\d{2}:\\d{2}")) {
                throw new IllegalArgumentException("time must be HH:mm");
            }
            int h = Integer.parseInt(s.substring(0, 2));
            int m = Integer.parseInt(s.substring(3));
            if (m > 59 || h > 24 || (h == 24 && m != 0)) {
                throw new IllegalArgumentException("time must be between 00:00 and 24:00");
            }
            return h * 60 + m;
        }

        int minutes() {
            return endMinute - startMinute;
        }

        @Override
        public String toString() {
            return String.format(
                    "%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60);
        }
    }

    /** One year's data: its periods and the days that differ from Monday–Friday (or are named holidays). */
    public record Year(int year, List<Period> periods, Map<LocalDate, DayKind> days) {

        public Year {
            periods = List.copyOf(periods);
            Period.requireOrdered(periods);
            days = Map.copyOf(days);
            for (LocalDate d : days.keySet()) {
                if (d.getYear() != year) {
                    throw new IllegalArgumentException(d + " is not in " + year);
                }
            }
        }
    }

    private final Map<Integer, Year> years;
    private final List<Period> defaultPeriods;
    /** Years without data follow the statutory rules; false only for {@link #weekdays}. */
    private final boolean statutoryRules;
    /** The provisional years computed so far: a memo of a pure function, so the calendar stays a value. */
    private final Map<Integer, Year> provisional = new ConcurrentHashMap<>();

    /** The given years as they are; every other year provisional (statutory holidays, default periods). */
    public WorkCalendar(Collection<Year> years, List<Period> defaultPeriods) {
        this(years, defaultPeriods, true);
    }

    private WorkCalendar(Collection<Year> years, List<Period> defaultPeriods, boolean statutoryRules) {
        Map<Integer, Year> m = new HashMap<>();
        for (Year y : years) {
            m.put(y.year(), y);
        }
        this.years = Map.copyOf(m);
        this.defaultPeriods = List.copyOf(defaultPeriods);
        Period.requireOrdered(this.defaultPeriods);
        this.statutoryRules = statutoryRules;
    }

    /** Monday–Friday with the given periods, every year, no holidays at all. */
    public static WorkCalendar weekdays(List<Period> periods) {
        return new WorkCalendar(List.of(), periods, false);
    }

    /** True when the year has official data (an admin entered the State Council's schedule). */
    public boolean hasData(int year) {
        return years.containsKey(year);
    }

    /** True when the year has no official data and its holidays are computed from the statutory rules. */
    public boolean isProvisional(int year) {
        return statutoryRules && !years.containsKey(year);
    }

    /** The provisional years among the business-zone dates from a to b (either order), ascending. */
    public List<Integer> provisionalYears(Instant a, Instant b) {
        int first = Math.min(local(a).getYear(), local(b).getYear());
        int last = Math.max(local(a).getYear(), local(b).getYear());
        TreeSet<Integer> found = new TreeSet<>();
        for (int y = first; y <= last; y++) {
            if (isProvisional(y)) {
                found.add(y);
            }
        }
        return List.copyOf(found);
    }

    /** The year's data: the official one, else the provisional one, else null (plain weekdays). */
    private Year year(int year) {
        Year y = years.get(year);
        if (y != null || !statutoryRules) {
            return y;
        }
        return provisional.computeIfAbsent(year, this::provisionalYear);
    }

    private Year provisionalYear(int year) {
        Map<LocalDate, DayKind> days = new HashMap<>();
        for (StatutoryHolidays.Holiday h : StatutoryHolidays.of(year)) {
            days.put(h.date(), DayKind.HOLIDAY);
        }
        return new Year(year, defaultPeriods, days);
    }

    public boolean isWorkingDay(LocalDate date) {
        Year y = year(date.getYear());
        DayKind kind = y == null ? null : y.days().get(date);
        if (kind != null) {
            return kind == DayKind.WORKDAY;
        }
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    /** The working periods of a date; empty on a day off. */
    public List<Period> periods(LocalDate date) {
        if (!isWorkingDay(date)) {
            return List.of();
        }
        Year y = year(date.getYear());
        return y == null ? defaultPeriods : y.periods();
    }

    public boolean isWorkingTime(Instant t) {
        LocalDateTime l = local(t);
        int minute = l.getHour() * 60 + l.getMinute();
        for (Period p : periods(l.toLocalDate())) {
            if (minute >= p.startMinute && minute < p.endMinute) {
                return true;
            }
        }
        return false;
    }

    /** from + span by the rules in the class comment. */
    public Instant add(Instant from, Span span) {
        if (span.amount() < 0) {
            throw new IllegalArgumentException("negative span");
        }
        switch (span.unit()) {
            case WORKING_HOURS:
                return plusWorking(from, Duration.ofHours(span.amount()));
            case WORKING_DAYS:
                return span.amount() == 0 ? sameWorkingDayEnd(from) : plusWorkingDays(from, span.amount());
            case CALENDAR_DAYS:
                return plusCalendarDays(from, span.amount());
            default:
                throw new IllegalArgumentException("unit " + span.unit());
        }
    }

    /** The earliest instant by which the given working time has passed since from. Zero returns from. */
    public Instant plusWorking(Instant from, Duration workingTime) {
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("negative working time");
        }
        if (workingTime.isZero()) {
            return from;
        }
        LocalDateTime t = local(from);
        Duration remaining = workingTime;
        LocalDate day = t.toLocalDate();
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, day = day.plusDays(1)) {
            for (Period p : periods(day)) {
                LocalDateTime end = at(day, p.endMinute);
                if (!end.isAfter(t)) {
                    continue;
                }
                LocalDateTime start = max(at(day, p.startMinute), t);
                Duration available = Duration.between(start, end);
                if (remaining.compareTo(available) <= 0) {
                    return instant(start.plus(remaining));
                }
                remaining = remaining.minus(available);
            }
        }
        throw noWorkingTime(from);
    }

    /** The latest instant at or before due from which the given working time remains until due; never before notBefore. */
    public Instant minusWorking(Instant due, Duration workingTime, Instant notBefore) {
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("negative working time");
        }
        if (!due.isAfter(notBefore)) {
            return notBefore;
        }
        if (workingTime.isZero()) {
            return due;
        }
        LocalDateTime t = local(due);
        LocalDateTime floor = local(notBefore);
        Duration remaining = workingTime;
        LocalDate day = t.toLocalDate();
        while (!day.isBefore(floor.toLocalDate())) {
            List<Period> ps = periods(day);
            for (int k = ps.size() - 1; k >= 0; k--) {
                Period p = ps.get(k);
                LocalDateTime start = at(day, p.startMinute);
                if (!start.isBefore(t)) {
                    continue;
                }
                LocalDateTime end = min(at(day, p.endMinute), t);
                Duration available = Duration.between(start, end);
                if (remaining.compareTo(available) <= 0) {
                    Instant result = instant(end.minus(remaining));
                    return result.isBefore(notBefore) ? notBefore : result;
                }
                remaining = remaining.minus(available);
            }
            day = day.minusDays(1);
        }
        return notBefore;
    }

    /** The end of the working day of from (or of the next working period when from is outside working time). */
    public Instant sameWorkingDayEnd(Instant from) {
        LocalDateTime start = nextWorkingMoment(local(from));
        List<Period> ps = periods(start.toLocalDate());
        return instant(at(start.toLocalDate(), ps.get(ps.size() - 1).endMinute));
    }

    /** n ≥ 1 working days later at the same working moment (class comment). */
    public Instant plusWorkingDays(Instant from, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative days");
        }
        if (n == 0) {
            return sameWorkingDayEnd(from);
        }
        LocalDateTime start = nextWorkingMoment(local(from));
        LocalDate day = start.toLocalDate();
        Duration into = workedBefore(day, start);
        if (into.isZero()) {
            LocalDate last = nthWorkingDayAfter(day, n - 1);
            List<Period> ps = periods(last);
            return instant(at(last, ps.get(ps.size() - 1).endMinute));
        }
        LocalDate target = nthWorkingDayAfter(day, n);
        Duration remaining = into;
        List<Period> ps = periods(target);
        for (Period p : ps) {
            Duration len = Duration.ofMinutes(p.minutes());
            if (remaining.compareTo(len) < 0) {
                return instant(at(target, p.startMinute).plus(remaining));
            }
            remaining = remaining.minus(len);
        }
        // the target day is shorter than the start day (other periods that year): its end
        return instant(at(target, ps.get(ps.size() - 1).endMinute));
    }

    /** The same wall-clock time n calendar days later in the business zone. */
    public Instant plusCalendarDays(Instant from, int n) {
        return from.atZone(ZONE).plusDays(n).toInstant();
    }

    /** Working time within [a, b); negative when b is before a. */
    public Duration workingTimeBetween(Instant a, Instant b) {
        if (b.isBefore(a)) {
            return workingTimeBetween(b, a).negated();
        }
        LocalDateTime from = local(a);
        LocalDateTime to = local(b);
        Duration sum = Duration.ZERO;
        for (LocalDate day = from.toLocalDate(); !day.isAfter(to.toLocalDate()); day = day.plusDays(1)) {
            for (Period p : periods(day)) {
                LocalDateTime s = max(at(day, p.startMinute), from);
                LocalDateTime e = min(at(day, p.endMinute), to);
                if (e.isAfter(s)) {
                    sum = sum.plus(Duration.between(s, e));
                }
            }
        }
        return sum;
    }

    /**
     * When to remind (催办) of a deadline set at start and due at due: remindBefore of working time
     * before it; when the whole period holds less working time than that, at half of its working
     * time (never the wall-clock midpoint, which may fall on a night or a Sunday). Null when the
     * period holds no working time at all: there is no working moment left to remind in.
     */
    public Instant reminderAt(Instant start, Instant due, Duration remindBefore) {
        Duration working = workingTimeBetween(start, due);
        if (working.isZero() || working.isNegative()) {
            return null;
        }
        if (working.compareTo(remindBefore) > 0) {
            return minusWorking(due, remindBefore, start);
        }
        return plusWorking(start, working.dividedBy(2));
    }

    /** t itself when in working time, else the start of the next working period. */
    private LocalDateTime nextWorkingMoment(LocalDateTime t) {
        LocalDate day = t.toLocalDate();
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, day = day.plusDays(1)) {
            for (Period p : periods(day)) {
                LocalDateTime start = at(day, p.startMinute);
                LocalDateTime end = at(day, p.endMinute);
                if (end.isAfter(t)) {
                    return max(start, t);
                }
            }
        }
        throw noWorkingTime(instant(t));
    }

    /** Working time on day before t (t lies on day). */
    private Duration workedBefore(LocalDate day, LocalDateTime t) {
        Duration sum = Duration.ZERO;
        for (Period p : periods(day)) {
            LocalDateTime s = at(day, p.startMinute);
            LocalDateTime e = min(at(day, p.endMinute), t);
            if (e.isAfter(s)) {
                sum = sum.plus(Duration.between(s, e));
            }
        }
        return sum;
    }

    private LocalDate nthWorkingDayAfter(LocalDate day, int n) {
        LocalDate d = day;
        int found = 0;
        for (int i = 0; found < n; i++) {
            if (i > MAX_DAYS_SEARCHED) {
                throw noWorkingTime(instant(day.atStartOfDay()));
            }
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                found++;
            }
        }
        return d;
    }

    private static LocalDateTime at(LocalDate day, int minute) {
        return minute == 1440 ? day.plusDays(1).atStartOfDay() : day.atTime(LocalTime.of(minute / 60, minute % 60));
    }

    private static LocalDateTime local(Instant i) {
        return LocalDateTime.ofInstant(i, ZONE);
    }

    private static Instant instant(LocalDateTime t) {
        return ZonedDateTime.of(t, ZONE).toInstant();
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static IllegalStateException noWorkingTime(Instant from) {
        return new IllegalStateException(
                "No working time within ten years after " + from + ": check the working calendar");
    }
}
