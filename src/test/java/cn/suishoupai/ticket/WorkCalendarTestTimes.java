package cn.suishoupai.ticket;

import cn.suishoupai.deadline.WorkCalendar;
import java.time.Instant;
import java.time.LocalDateTime;

/** Shanghai wall-clock times for the chase tests. */
final class WorkCalendarTestTimes {

    private WorkCalendarTestTimes() {}

    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(WorkCalendar.ZONE).toInstant();
    }
}
