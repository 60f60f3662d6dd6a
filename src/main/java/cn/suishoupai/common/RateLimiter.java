package cn.suishoupai.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Attempts per bucket in fixed windows, counted in the database so every instance shares the
 * count: one atomic upsert takes an attempt or refuses it. Each take commits on its own, so an
 * attempt counts even when the request then fails (a wrong guess is exactly what must count).
 */
@ApplicationScoped
public class RateLimiter {

    /** The outcome of a take; a refused one says when the window ends. */
    public record Attempt(String bucket, Instant windowStart, boolean allowed, long retryAfterSeconds) {
    }

    private final EntityManager em;
    private final Clock clock;

    RateLimiter(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Takes one attempt from bucket if fewer than limit were taken in the current window. */
    public Attempt take(String bucket, int limit, Duration window) {
        Instant now = clock.instant();
        long w = window.toMillis();
        Instant start = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), w));
        @SuppressWarnings("unchecked")
        List<Object> row = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "insert into rate_limit (bucket, window_start, used) values (?1, ?2, 1) "
                                + "on conflict (bucket, window_start) do update set used = rate_limit.used + 1 "
                                + "where rate_limit.used < ?3 returning used")
                .setParameter(1, bucket).setParameter(2, start).setParameter(3, limit).getResultList());
        long retryAfter = Math.max(1, (Duration.between(now, start.plus(window)).toMillis() + 999) / 1000);
        return new Attempt(bucket, start, !row.isEmpty() && limit > 0, retryAfter);
    }

    /** Gives a taken attempt back (it turned out not to be one that counts). */
    public void giveBack(Attempt a) {
        if (!a.allowed()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update rate_limit set used = used - 1 where bucket = ?1 and window_start = ?2 and used > 0")
                .setParameter(1, a.bucket()).setParameter(2, a.windowStart()).executeUpdate());
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from rate_limit where window_start < ?1")
                .setParameter(1, clock.instant().minus(Duration.ofDays(2))).executeUpdate());
    }
}
