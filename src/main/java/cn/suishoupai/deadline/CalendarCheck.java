package cn.suishoupai.deadline;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The calendar warnings ({@link CalendarWarnings}) on the business clock: answered to admins
 * ({@code GET /api/v1/admin/calendar/warnings}), logged at start-up and every day at 09:00
 * (Asia/Shanghai), and counted in the gauge {@code suishoupai.calendar.warnings}, recounted by each
 * check and each admin read (0 when the current year and, from 1 December, next year have their
 * official schedules).
 */
@ApplicationScoped
public class CalendarCheck {

    private static final Logger LOG = Logger.getLogger(CalendarCheck.class);

    public record Warnings(LocalDate today, List<CalendarWarnings.Warning> warnings) {}

    private final Deadlines deadlines;
    private final Clock clock;
    private final AtomicInteger count = new AtomicInteger();

    CalendarCheck(Deadlines deadlines, Clock clock, MeterRegistry meters) {
        this.deadlines = deadlines;
        this.clock = clock;
        meters.gauge("suishoupai.calendar.warnings", count);
    }

    /** The warnings for today's business date, on the calendar in force. */
    public Warnings now() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), WorkCalendar.ZONE);
        WorkCalendar calendar = deadlines.calendar();
        List<CalendarWarnings.Warning> list = CalendarWarnings.of(today, calendar::isProvisional);
        count.set(list.size());
        return new Warnings(today, list);
    }

    void onStart(@Observes StartupEvent ev) {
        check();
    }

    @Scheduled(
            cron = "${suishoupai.deadlines.calendar-check-cron:0 0 9 * * ?}",
            timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void daily() {
        check();
    }

    private void check() {
        try {
            for (CalendarWarnings.Warning w : now().warnings()) {
                LOG.warnf(
                        "Working calendar: %d has no official holiday schedule (%s); deadlines use the provisional calendar "
                                + "computed from the statutory rules. Enter the State Council's schedule: PUT /api/v1/admin/calendar/%d",
                        w.year(), w.code(), w.year());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Working calendar check failed");
        }
    }
}
