package cn.suishoupai.notify;

import cn.suishoupai.common.Retention;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Delivered outbox rows are deleted suishoupai.retention.delivered-outbox (90 days) after their delivery, and with
 * them (on delete cascade) their delivery records and the in-app notices rendered from them. Rows given up stay
 * until an admin retries them; rows still to be delivered are never touched.
 */
@ApplicationScoped
public class OutboxRetention {

    private final Retention retention;
    private final Clock clock;

    OutboxRetention(Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(
            every = "${suishoupai.retention.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        purge();
    }

    public long purge() {
        return retention.purge(
                "delivered outbox events",
                "delete from outbox_event where id in (select id from outbox_event where delivered_at < :before "
                        + "order by delivered_at limit :batch for update skip locked)",
                clock.instant().minus(retention.config().deliveredOutbox()));
    }
}
