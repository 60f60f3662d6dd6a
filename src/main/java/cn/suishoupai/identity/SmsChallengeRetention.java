package cn.suishoupai.identity;

import cn.suishoupai.common.Retention;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * SMS codes are deleted once expired for suishoupai.retention.sms-challenges (two days; at least one, since the
 * per-phone daily limit counts the last 24 hours' codes). Their sending is in the audit log.
 */
@ApplicationScoped
public class SmsChallengeRetention {

    private final Retention retention;
    private final Clock clock;

    SmsChallengeRetention(Retention retention, Clock clock) {
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
                "SMS codes",
                "delete from sms_challenge where id in (select id from sms_challenge where expires_at < :before "
                        + "order by id limit :batch for update skip locked)",
                clock.instant().minus(retention.config().smsChallenges()));
    }
}
