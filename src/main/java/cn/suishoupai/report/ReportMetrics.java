package cn.suishoupai.report;

import cn.suishoupai.common.CachedGauge;
import cn.suishoupai.common.MetricsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reports on /q/metrics: {@code suishoupai_reports_received_total}, {@code suishoupai_reports_auto_dispatched_total},
 * {@code suishoupai_reports_reviewed_total{decision="accepted|rejected|merged"}} (counted after commit, per instance:
 * sum them over instances), and the review queue, {@code suishoupai_review_queue_depth} and
 * {@code suishoupai_review_queue_oldest_seconds} (shared state: the same on every instance).
 */
@Singleton
@Startup
public class ReportMetrics {

    private final Counter received;
    private final Counter autoDispatched;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter merged;
    private final EntityManager em;
    private final Clock clock;

    ReportMetrics(MeterRegistry meters, MetricsConfig config, EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
        this.received = Counter.builder("suishoupai.reports.received")
                .description("Reports submitted (app, uploads, Open311)")
                .register(meters);
        this.autoDispatched = Counter.builder("suishoupai.reports.auto.dispatched")
                .description("Reports that made their ticket without review")
                .register(meters);
        this.accepted = reviewed(meters, "accepted");
        this.rejected = reviewed(meters, "rejected");
        this.merged = reviewed(meters, "merged");
        Duration ttl = config.gaugeTtl();
        CachedGauge.register(
                meters,
                "suishoupai.review.queue.depth",
                "Reports waiting in the dispatchers' review queue",
                ttl,
                this::queueDepth);
        CachedGauge.register(
                meters,
                "suishoupai.review.queue.oldest.seconds",
                "Age of the oldest report in the review queue (0 when empty)",
                ttl,
                this::oldestSeconds);
    }

    private static Counter reviewed(MeterRegistry meters, String decision) {
        return Counter.builder("suishoupai.reports.reviewed")
                .description("Queued reports a dispatcher decided")
                .tag("decision", decision)
                .register(meters);
    }

    void onReceived(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportReceived e) {
        received.increment();
    }

    void onAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportAccepted e) {
        (e.auto() ? autoDispatched : accepted).increment();
    }

    void onRejected(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportRejected e) {
        rejected.increment();
    }

    void onMerged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportMerged e) {
        merged.increment();
    }

    long queueDepth() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number)
                                em.createNativeQuery("select count(*) from report where status = 'PENDING_REVIEW'")
                                        .getSingleResult())
                        .longValue());
    }

    long oldestSeconds() {
        Instant oldest = QuarkusTransaction.requiringNew().call(() -> (Instant) em.createNativeQuery(
                        "select min(created_at) from report where status = 'PENDING_REVIEW'", Instant.class)
                .getSingleResult());
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }
}
