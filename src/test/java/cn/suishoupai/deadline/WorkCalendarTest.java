package cn.suishoupai.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.suishoupai.deadline.Span.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The working-day calculator on the official 2026 calendar, periods 08:30–12:00 and 14:00–17:30
 * (7 working hours a day). Times in the tables are Shanghai wall-clock times. 2026-03-16 is a
 * Monday of an ordinary week; 2025 and 2027 have no data, so their provisional calendars apply
 * (weekends and the statutory holidays, {@link StatutoryHolidays}).
 */
class WorkCalendarTest {

    private static final WorkCalendar CAL = Official2026.calendar();

    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(WorkCalendar.ZONE).toInstant();
    }

    @ParameterizedTest(name = "{0} + {1} {2} = {3}  ({4})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-17T09:00 | 2 | WORKING_HOURS | 2026-03-17T11:00 | within a morning
            2026-03-17T10:30 | 2 | WORKING_HOURS | 2026-03-17T14:30 | across lunch
            2026-03-17T11:00 | 1 | WORKING_HOURS | 2026-03-17T12:00 | lands on the end of the morning, not 14:00
            2026-03-17T12:30 | 1 | WORKING_HOURS | 2026-03-17T15:00 | starts during lunch
            2026-03-17T17:00 | 2 | WORKING_HOURS | 2026-03-18T10:00 | across a night
            2026-03-17T20:00 | 1 | WORKING_HOURS | 2026-03-18T09:30 | starts in the evening
            2026-03-17T09:00 | 7 | WORKING_HOURS | 2026-03-18T09:00 | a full working day of hours
            2026-03-20T16:30 | 2 | WORKING_HOURS | 2026-03-23T09:30 | across a weekend
            2026-03-21T10:00 | 1 | WORKING_HOURS | 2026-03-23T09:30 | starts on a Saturday
            2026-09-30T16:30 | 2 | WORKING_HOURS | 2026-10-08T09:30 | across the National Day week
            2026-09-19T10:00 | 1 | WORKING_HOURS | 2026-09-20T09:30 | Sunday 20 Sep is a make-up working day
            2026-10-09T17:00 | 1 | WORKING_HOURS | 2026-10-10T09:00 | Saturday 10 Oct is a make-up working day
            2026-02-14T16:00 | 2 | WORKING_HOURS | 2026-02-24T09:00 | Spring Festival: Sat 14 Feb works, 15-23 Feb off
            2025-12-31T16:30 | 2 | WORKING_HOURS | 2026-01-04T09:30 | 2025 has no data; 1-3 Jan off, Sun 4 Jan works
            2026-12-31T16:30 | 2 | WORKING_HOURS | 2027-01-04T09:30 | 2027 has no data: provisional, 元旦 Friday 1 Jan is a holiday
            2027-09-30T16:30 | 2 | WORKING_HOURS | 2027-10-06T09:30 | provisional 2027: 国庆 1-3 Oct, made up on 4-5 Oct
            2026-03-17T10:00 | 1 | WORKING_DAYS  | 2026-03-18T10:00 | next working day, same time
            2026-03-17T10:00 | 5 | WORKING_DAYS  | 2026-03-24T10:00 | five working days over a weekend
            2026-03-20T15:00 | 1 | WORKING_DAYS  | 2026-03-23T15:00 | Friday to Monday
            2026-03-17T08:30 | 1 | WORKING_DAYS  | 2026-03-17T17:30 | from the start of a day: due at its end
            2026-03-21T10:00 | 1 | WORKING_DAYS  | 2026-03-23T17:30 | Saturday: Monday counts as the day
            2026-03-17T19:00 | 1 | WORKING_DAYS  | 2026-03-18T17:30 | evening: the next day counts
            2026-03-17T12:30 | 1 | WORKING_DAYS  | 2026-03-18T14:00 | lunch: counts from 14:00
            2026-03-17T12:00 | 1 | WORKING_DAYS  | 2026-03-18T14:00 | 12:00 belongs to lunch
            2026-09-28T10:00 | 5 | WORKING_DAYS  | 2026-10-10T10:00 | 29, 30 Sep, 8, 9, 10 Oct
            2026-09-18T10:00 | 1 | WORKING_DAYS  | 2026-09-20T10:00 | Friday to the make-up Sunday
            2026-09-30T10:00 | 2 | WORKING_DAYS  | 2026-10-09T10:00 | over the holiday week
            2026-10-01T10:00 | 2 | WORKING_DAYS  | 2026-10-09T17:30 | from inside the holiday: 8 and 9 Oct
            2026-02-13T10:00 | 1 | WORKING_DAYS  | 2026-02-14T10:00 | Friday to the make-up Saturday
            2026-02-13T10:00 | 2 | WORKING_DAYS  | 2026-02-24T10:00 | over Spring Festival
            2026-02-24T10:00 | 5 | WORKING_DAYS  | 2026-03-02T10:00 | 25, 26, 27, Sat 28 Feb, 2 Mar
            2026-12-31T10:00 | 1 | WORKING_DAYS  | 2027-01-04T10:00 | 2026-12-31 plus one working day is never 2027-01-01
            2027-02-04T10:00 | 1 | WORKING_DAYS  | 2027-02-11T10:00 | provisional 2027: 春节 除夕 5 Feb to 初三 8 Feb, made up 9-10 Feb
            2026-03-17T17:00 | 0 | WORKING_DAYS  | 2026-03-17T17:30 | same working day at 17:00
            2026-03-17T19:00 | 0 | WORKING_DAYS  | 2026-03-18T17:30 | same working day at 19:00: the next one
            2026-03-22T10:00 | 0 | WORKING_DAYS  | 2026-03-23T17:30 | same working day on a Sunday: Monday
            2026-03-17T12:30 | 0 | WORKING_DAYS  | 2026-03-17T17:30 | same working day at lunch
            2026-03-17T08:00 | 0 | WORKING_DAYS  | 2026-03-17T17:30 | same working day before work starts
            2026-02-16T10:00 | 0 | WORKING_DAYS  | 2026-02-24T17:30 | same working day during Spring Festival
            2026-03-17T10:00 | 30 | CALENDAR_DAYS | 2026-04-16T10:00 | calendar days ignore working time
            2026-09-30T10:00 | 1 | CALENDAR_DAYS | 2026-10-01T10:00 | and holidays
            2026-03-21T22:00 | 0 | CALENDAR_DAYS | 2026-03-21T22:00 | zero calendar days
            """)
    void add(String from, int amount, Unit unit, String expected, String why) {
        assertThat(CAL.add(sh(from), new Span(amount, unit))).isEqualTo(sh(expected));
    }

    @ParameterizedTest(name = "{0} UTC + {1} {2} = {3} UTC")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-17T02:00:00Z | 2 | WORKING_HOURS | 2026-03-17T04:00:00Z
            2026-03-16T17:00:00Z | 1 | WORKING_HOURS | 2026-03-17T01:30:00Z
            2026-03-20T22:00:00Z | 0 | WORKING_DAYS  | 2026-03-23T09:30:00Z
            2026-03-20T07:00:00Z | 1 | WORKING_DAYS  | 2026-03-23T07:00:00Z
            2026-03-17T02:00:00Z | 1 | CALENDAR_DAYS | 2026-03-18T02:00:00Z
            """)
    void utcInstantsAreReadInShanghai(String from, int amount, Unit unit, String expected) {
        // 2026-03-16T17:00Z is Tuesday 01:00 in Shanghai; 2026-03-20T22:00Z is Saturday 06:00 there.
        assertThat(CAL.add(Instant.parse(from), new Span(amount, unit))).isEqualTo(Instant.parse(expected));
        assertThat(Instant.parse(from).atOffset(ZoneOffset.ofHours(8)).toInstant())
                .isEqualTo(Instant.parse(from));
    }

    @ParameterizedTest(name = "{0} - {1} min (not before {2}) = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-17T11:00 | 60  | 2026-01-01T00:00 | 2026-03-17T10:00
            2026-03-17T14:30 | 30  | 2026-01-01T00:00 | 2026-03-17T14:00
            2026-03-17T14:30 | 31  | 2026-01-01T00:00 | 2026-03-17T11:59
            2026-03-23T09:30 | 120 | 2026-01-01T00:00 | 2026-03-20T16:30
            2026-03-21T10:00 | 60  | 2026-01-01T00:00 | 2026-03-20T16:30
            2026-03-23T09:30 | 120 | 2026-03-21T10:00 | 2026-03-21T10:00
            2026-03-23T09:30 | 120 | 2026-03-20T17:00 | 2026-03-20T17:00
            2026-10-08T09:30 | 120 | 2026-01-01T00:00 | 2026-09-30T16:30
            2026-02-24T09:00 | 120 | 2026-01-01T00:00 | 2026-02-14T16:00
            2026-03-17T11:00 | 0   | 2026-01-01T00:00 | 2026-03-17T11:00
            2026-03-17T11:00 | 60  | 2026-03-17T12:00 | 2026-03-17T12:00
            """)
    void minusWorking(String due, int minutes, String notBefore, String expected) {
        assertThat(CAL.minusWorking(sh(due), Duration.ofMinutes(minutes), sh(notBefore)))
                .isEqualTo(sh(expected));
    }

    @ParameterizedTest(name = "[{0}, {1}) remind {2} min before: {3}  ({4})")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            2026-03-20T17:00 | 2026-03-23T10:00 | 1440 | 2026-03-23T09:00 | 2 working hours from Friday 17:00: Monday 09:00, not Sunday 01:30
            2026-03-17T09:00 | 2026-03-17T11:00 | 1440 | 2026-03-17T10:00 | within a morning: the plain midpoint
            2026-03-17T11:00 | 2026-03-17T15:00 | 1440 | 2026-03-17T12:00 | 2 working hours over lunch: 12:00, not 13:00
            2026-03-21T01:00 | 2026-03-23T10:30 | 1440 | 2026-03-23T09:30 | dispatched on a Saturday night
            2026-09-30T16:30 | 2026-10-08T09:30 | 1440 | 2026-09-30T17:30 | over the National Day week: the end of 30 Sep
            2026-03-17T10:00 | 2026-03-24T10:00 | 1440 | 2026-03-18T16:00 | 5 working days: 24 working hours before
            2026-03-17T10:00 | 2026-03-17T11:00 | 60   | 2026-03-17T10:30 | as long as the lead time: half-time
            2026-10-01T10:00 | 2026-10-02T10:00 | 1440 | none             | no working time at all: no reminder
            """)
    void reminderAt(String start, String due, int beforeMinutes, String expected, String why) {
        Instant r = CAL.reminderAt(sh(start), sh(due), Duration.ofMinutes(beforeMinutes));
        if (expected == null) {
            assertThat(r).isNull();
        } else {
            assertThat(r).isEqualTo(sh(expected));
        }
    }

    @ParameterizedTest(name = "[{0}, {1}) = {2} min")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-17T09:00 | 2026-03-18T09:00 | 420
            2026-03-20T16:30 | 2026-03-23T09:30 | 120
            2026-09-30T08:30 | 2026-10-08T08:30 | 420
            2026-09-19T00:00 | 2026-09-21T00:00 | 420
            2026-03-17T12:00 | 2026-03-17T14:00 | 0
            2026-03-18T09:00 | 2026-03-17T09:00 | -420
            """)
    void workingTimeBetween(String a, String b, long minutes) {
        assertThat(CAL.workingTimeBetween(sh(a), sh(b))).isEqualTo(Duration.ofMinutes(minutes));
    }

    static Stream<Arguments> startsAndHours() {
        Instant start = sh("2026-01-01T00:00");
        return Stream.iterate(0, i -> i < 365 * 24 * 4, i -> i + 97) // every 24 h 15 min through 2026
                .flatMap(i ->
                        Stream.of(1, 2, 9, 40).map(h -> Arguments.of(start.plus(Duration.ofMinutes(15L * i)), h)));
    }

    @ParameterizedTest
    @MethodSource("startsAndHours")
    void plusAndMinusWorkingAgreeWithWorkingTimeBetween(Instant from, int hours) {
        Duration d = Duration.ofHours(hours);
        Instant due = CAL.plusWorking(from, d);
        assertThat(CAL.workingTimeBetween(from, due)).isEqualTo(d);
        assertThat(CAL.isWorkingTime(due.minusSeconds(1))).isTrue();
        Instant back = CAL.minusWorking(due, d, Instant.EPOCH);
        assertThat(CAL.workingTimeBetween(back, due)).isEqualTo(d);
        if (CAL.isWorkingTime(from)) {
            assertThat(back).isEqualTo(from);
        }
    }

    @Test
    void workingDaysMatchTheOfficialSchedule() {
        assertThat(CAL.isWorkingDay(LocalDate.parse("2026-10-01"))).isFalse();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2026-10-10"))).isTrue();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2026-09-20"))).isTrue();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2026-10-11"))).isFalse();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2027-10-01"))).isFalse(); // provisional 2027: 国庆
        long working = LocalDate.parse("2026-01-01")
                .datesUntil(LocalDate.parse("2027-01-01"))
                .filter(CAL::isWorkingDay)
                .count();
        assertThat(working).isEqualTo(248); // 261 weekdays - 19 weekday holidays + 6 make-up days
    }

    @Test
    void aYearWithoutDataIsProvisional() {
        assertThat(CAL.isProvisional(2026)).isFalse();
        assertThat(CAL.isProvisional(2027)).isTrue();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2027-01-01"))).isFalse();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2027-01-04"))).isTrue();
        assertThat(CAL.isWorkingDay(LocalDate.parse("2027-02-05"))).isFalse(); // 除夕
        assertThat(CAL.isWorkingDay(LocalDate.parse("2025-04-04"))).isFalse(); // 清明 2025
        // the provisional calendar guesses no make-up working days: weekends stay off
        assertThat(LocalDate.parse("2027-01-01")
                        .datesUntil(LocalDate.parse("2028-01-01"))
                        .filter(d -> d.getDayOfWeek().getValue() >= 6)
                        .noneMatch(CAL::isWorkingDay))
                .isTrue();
        // 261 weekdays in 2027 - 13 statutory or made-up days on weekdays (19 holidays, 6 of them weekends)
        assertThat(LocalDate.parse("2027-01-01")
                        .datesUntil(LocalDate.parse("2028-01-01"))
                        .filter(CAL::isWorkingDay)
                        .count())
                .isEqualTo(261 - 13);
        assertThat(CAL.provisionalYears(sh("2026-12-31T10:00"), sh("2027-01-04T10:00")))
                .containsExactly(2027);
        assertThat(CAL.provisionalYears(sh("2026-03-17T10:00"), sh("2026-12-31T10:00")))
                .isEmpty();
        assertThat(CAL.provisionalYears(sh("2025-12-31T10:00"), sh("2027-01-04T10:00")))
                .containsExactly(2025, 2027);
        // plain weekdays only where asked for
        assertThat(WorkCalendar.weekdays(Official2026.PERIODS).isWorkingDay(LocalDate.parse("2027-01-01")))
                .isTrue();
    }

    @Test
    void aPeriodMayRunToMidnight() {
        WorkCalendar allDay = WorkCalendar.weekdays(WorkCalendar.Period.parseList("00:00-24:00"));
        assertThat(allDay.plusWorking(sh("2026-03-20T20:00"), Duration.ofHours(10)))
                .isEqualTo(sh("2026-03-23T06:00"));
        assertThat(allDay.add(sh("2026-03-18T20:00"), new Span(0, Unit.WORKING_DAYS)))
                .isEqualTo(sh("2026-03-19T00:00"));
    }

    @Test
    void aYearsOwnPeriodsApplyOnlyToThatYear() {
        WorkCalendar cal = new WorkCalendar(
                List.of(new WorkCalendar.Year(
                        2026, WorkCalendar.Period.parseList("09:00-12:00,13:00-18:00"), Official2026.days())),
                Official2026.PERIODS);
        // 17:30 is still working time in this 2026 (until 18:00); 2027 starts at 08:30 (on Monday 4 Jan, after 元旦)
        assertThat(cal.add(sh("2026-12-31T17:30"), new Span(1, Unit.WORKING_HOURS)))
                .isEqualTo(sh("2027-01-04T09:00"));
        assertThat(cal.add(sh("2026-03-17T12:30"), new Span(1, Unit.WORKING_HOURS)))
                .isEqualTo(sh("2026-03-17T14:00")); // lunch ends at 13:00
        // 6 of 8 working hours into Thursday 31 Dec: 6 hours into the 7-hour Monday 4 Jan 2027
        assertThat(cal.add(sh("2026-12-31T16:00"), new Span(1, Unit.WORKING_DAYS)))
                .isEqualTo(sh("2027-01-04T16:30"));
        // 7 of 8 hours in: the shorter day has no such moment, so its end
        assertThat(cal.add(sh("2026-12-31T17:00"), new Span(1, Unit.WORKING_DAYS)))
                .isEqualTo(sh("2027-01-04T17:30"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "12:00-08:30",
                "08:30-12:00,11:00-13:00",
                "14:00-17:30,08:30-12:00",
                "8:30-12:00",
                "23:00-24:30",
                "08:60-09:00",
                "08:30-12:00;14:00-17:30",
                "08:30"
            })
    void badPeriodsAreRefused(String text) {
        assertThatThrownBy(() -> WorkCalendar.Period.parseList(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periodsRoundTrip() {
        String text = "00:00-08:00,08:00-12:00,14:00-24:00";
        assertThat(WorkCalendar.Period.format(WorkCalendar.Period.parseList(text)))
                .isEqualTo(text);
    }

    @Test
    void aYearWithoutWorkingDaysOnlyDelays() {
        Map<LocalDate, WorkCalendar.DayKind> allOff = new HashMap<>();
        LocalDate.parse("2030-01-01")
                .datesUntil(LocalDate.parse("2031-01-01"))
                .forEach(d -> allOff.put(d, WorkCalendar.DayKind.HOLIDAY));
        WorkCalendar cal = new WorkCalendar(
                List.of(new WorkCalendar.Year(2030, Official2026.PERIODS, allOff)), Official2026.PERIODS);
        // one year off is just a long deadline: 2031 falls back to its provisional calendar (元旦 Wednesday 1 Jan)
        assertThat(cal.add(sh("2030-01-01T10:00"), new Span(1, Unit.WORKING_HOURS)))
                .isEqualTo(sh("2031-01-02T09:30"));
    }
}
