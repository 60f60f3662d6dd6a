package cn.suishoupai.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The statutory holiday rules (全国年节及纪念日放假办法) computed for a year: the provisional
 * calendar of a year the State Council has not published yet. Dates checked against published
 * schedules and the lunar calendar.
 */
class StatutoryHolidaysTest {

    private static Map<LocalDate, String> days(int year) {
        return StatutoryHolidays.of(year).stream()
                .collect(Collectors.toMap(StatutoryHolidays.Holiday::date, StatutoryHolidays.Holiday::name));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2025-01-01 | 元旦
            2025-01-28 | 春节
            2025-01-29 | 春节
            2025-01-30 | 春节
            2025-01-31 | 春节
            2025-04-04 | 清明节
            2025-05-01 | 劳动节
            2025-05-02 | 劳动节
            2025-05-31 | 端午节
            2025-06-02 | 端午节补假
            2025-10-01 | 国庆节
            2025-10-03 | 国庆节
            2025-10-06 | 中秋节
            2027-01-01 | 元旦
            2027-02-05 | 春节
            2027-02-06 | 春节
            2027-02-07 | 春节
            2027-02-08 | 春节
            2027-02-09 | 春节补假
            2027-02-10 | 春节补假
            2027-04-05 | 清明节
            2027-05-01 | 劳动节
            2027-05-02 | 劳动节
            2027-05-03 | 劳动节补假
            2027-05-04 | 劳动节补假
            2027-06-09 | 端午节
            2027-09-15 | 中秋节
            2027-10-01 | 国庆节
            2027-10-03 | 国庆节
            2027-10-04 | 国庆节补假
            2027-10-05 | 国庆节补假
            2033-01-30 | 春节
            2028-10-03 | 中秋节
            2028-10-05 | 国庆节补假
            """)
    void statutoryDaysFollowTheRulesAndTheLunarCalendar(LocalDate date, String name) {
        assertThat(days(date.getYear())).containsEntry(date, name);
    }

    @Test
    void ordinaryDaysAreNotHolidays() {
        Map<LocalDate, String> y2027 = days(2027);
        // 除夕 2027 is a statutory day, the day before it is not; no 调休 (make-up working day) is guessed
        assertThat(y2027)
                .doesNotContainKeys(
                        LocalDate.parse("2027-02-04"),
                        LocalDate.parse("2027-02-11"),
                        LocalDate.parse("2027-10-06"),
                        LocalDate.parse("2027-01-04"),
                        LocalDate.parse("2027-06-10"));
        // 2027: 13 statutory days, 2 of 春节, 2 of 劳动节 and 2 of 国庆节 fall on a weekend and are made up on weekdays
        assertThat(y2027).hasSize(19);
        assertThat(StatutoryHolidays.of(2027))
                .isSortedAccordingTo(Comparator.comparing(StatutoryHolidays.Holiday::date));
    }

    @Test
    void everyStatutoryDayOf2026IsAHolidayOfTheOfficialSchedule() {
        Map<LocalDate, WorkCalendar.DayKind> official = Official2026.days();
        List<StatutoryHolidays.Holiday> rules = StatutoryHolidays.of(2026);
        assertThat(rules).hasSizeGreaterThanOrEqualTo(13);
        for (StatutoryHolidays.Holiday h : rules) {
            assertThat(official.get(h.date())).as(h.toString()).isEqualTo(WorkCalendar.DayKind.HOLIDAY);
        }
        assertThat(days(2026))
                .containsEntry(LocalDate.parse("2026-02-16"), "春节") // 除夕
                .containsEntry(LocalDate.parse("2026-02-19"), "春节") // 初三
                .containsEntry(LocalDate.parse("2026-04-05"), "清明节")
                .containsEntry(LocalDate.parse("2026-04-06"), "清明节补假") // 清明 on a Sunday
                .containsEntry(LocalDate.parse("2026-06-19"), "端午节")
                .containsEntry(LocalDate.parse("2026-09-25"), "中秋节");
    }

    @Test
    void aHolidayOnAnotherHolidayIsMadeUpToo() {
        // 2031: 中秋 is 1 October; 1 Oct 2031 is a Wednesday, so 国庆 1-3 Oct plus one day for the shared day
        Map<LocalDate, String> y2031 = days(2031);
        assertThat(y2031)
                .containsKeys(
                        LocalDate.parse("2031-10-01"), LocalDate.parse("2031-10-02"), LocalDate.parse("2031-10-03"));
        assertThat(y2031.get(LocalDate.parse("2031-10-06"))).endsWith("补假"); // Fri 3 Oct, then the weekend, then Monday
        assertThat(y2031).doesNotContainKey(LocalDate.parse("2031-10-07"));
    }

    @Test
    void manyYearsAtOnceFromManyThreads() throws Exception {
        // the lunar library caches years in a plain HashMap: concurrent first calls must not corrupt it
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<StatutoryHolidays.Holiday>>> futures = new ArrayList<>();
            for (int y = 2200; y < 2600; y++) {
                int year = y;
                futures.add(pool.submit(() -> StatutoryHolidays.of(year)));
            }
            for (int i = 0; i < futures.size(); i++) {
                int year = 2200 + i;
                List<StatutoryHolidays.Holiday> got = futures.get(i).get();
                assertThat(got)
                        .as("year " + year)
                        .hasSizeBetween(13, 26)
                        .allMatch(h -> h.date().getYear() == year);
                assertThat(got.stream().filter(h -> h.name().equals("春节")).count())
                        .as("春节 " + year)
                        .isEqualTo(4);
                assertThat(StatutoryHolidays.of(year)).isSameAs(got);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}: {1} days")
    @CsvSource(delimiter = '|', textBlock = """
            2007 | 2007-05-03 | 劳动节
            2010 | 2010-02-13 | 春节
            2020 | 2020-01-27 | 春节
            2024 | 2024-04-04 | 清明节
            """)
    void earlierYearsFollowTheRulesInForceThen(int year, LocalDate date, String name) {
        assertThat(days(year)).containsEntry(date, name);
    }

    @Test
    void earlierRuleVersionsDiffer() {
        // 2014-2024: 春节 was 初一 to 初三, 除夕 a working day; 劳动节 one day
        assertThat(days(2024))
                .doesNotContainKey(LocalDate.parse("2024-02-09"))
                .containsKey(LocalDate.parse("2024-02-10"))
                .doesNotContainKey(LocalDate.parse("2024-05-02"));
        // before 2008: no 清明, 端午, 中秋
        assertThat(days(2007).values()).doesNotContain("清明节", "端午节", "中秋节");
    }
}
