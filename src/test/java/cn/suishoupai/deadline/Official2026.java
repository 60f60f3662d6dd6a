package cn.suishoupai.deadline;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The State Council's 2026 holiday schedule, written out independently of the migration that ships it. */
final class Official2026 {

    static final List<WorkCalendar.Period> PERIODS = WorkCalendar.Period.parseList("08:30-12:00,14:00-17:30");

    private Official2026() {}

    static Map<LocalDate, WorkCalendar.DayKind> days() {
        Map<LocalDate, WorkCalendar.DayKind> m = new LinkedHashMap<>();
        off(m, "2026-01-01", "2026-01-03");
        on(m, "2026-01-04");
        on(m, "2026-02-14");
        off(m, "2026-02-15", "2026-02-23");
        on(m, "2026-02-28");
        off(m, "2026-04-04", "2026-04-06");
        off(m, "2026-05-01", "2026-05-05");
        on(m, "2026-05-09");
        off(m, "2026-06-19", "2026-06-21");
        off(m, "2026-09-25", "2026-09-27");
        on(m, "2026-09-20");
        off(m, "2026-10-01", "2026-10-07");
        on(m, "2026-10-10");
        return m;
    }

    static WorkCalendar calendar() {
        return new WorkCalendar(List.of(new WorkCalendar.Year(2026, PERIODS, days())), PERIODS);
    }

    private static void off(Map<LocalDate, WorkCalendar.DayKind> m, String from, String to) {
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            m.put(d, WorkCalendar.DayKind.HOLIDAY);
        }
    }

    private static void on(Map<LocalDate, WorkCalendar.DayKind> m, String day) {
        m.put(LocalDate.parse(day), WorkCalendar.DayKind.WORKDAY);
    }
}
