package cn.suishoupai.ticket;

import cn.suishoupai.common.CachedGauge;
import cn.suishoupai.common.MetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import java.time.Clock;

/**
 * {@code suishoupai_tickets_overdue}: tickets with any deadline past now — the current deadline, an open ticket's
 * verification, a pending extension's decision: what {@code GET /api/v1/tickets?overdue=true} lists service-wide.
 * Shared state: the same on every instance. ({@code suishoupai_chase_steps_total} is {@link ChaseJob}'s.)
 */
@Singleton
@Startup
public class TicketMetrics {

    private final EntityManager em;
    private final Clock clock;

    TicketMetrics(MeterRegistry meters, MetricsConfig config, EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
        CachedGauge.register(
                meters,
                "suishoupai.tickets.overdue",
                "Tickets with a deadline past (any owner's)",
                config.gaugeTtl(),
                this::overdue);
    }

    long overdue() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery(
                                        "select count(*) from ticket t where " + TicketViews.overdueCondition(null))
                                .setParameter("now", clock.instant())
                                .getSingleResult())
                        .longValue());
    }
}
