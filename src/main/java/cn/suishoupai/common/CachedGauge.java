package cn.suishoupai.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A gauge of shared state (a count in the database): computed by a query when a scrape finds its value older than
 * the time to live, else the value last counted. Every instance answers the same figure for the same state (do not
 * sum it over instances: take max or any one). A failed query keeps the last value (NaN before the first), logged at
 * DEBUG: the readiness check, not a metrics scrape, reports a database that is away.
 */
public final class CachedGauge {

    private static final Logger LOG = Logger.getLogger(CachedGauge.class);

    private final String name;
    private final LongSupplier query;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private boolean loaded;
    private long value;
    private long countedAt;

    CachedGauge(String name, Duration ttl, LongSupplier query, LongSupplier nanoTime) {
        this.name = name;
        this.query = query;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Registers {@code name} (Micrometer dots; Prometheus underscores) computed by {@code query}. */
    public static void register(
            MeterRegistry registry, String name, String description, Duration ttl, LongSupplier query) {
        CachedGauge g = new CachedGauge(name, ttl, query, System::nanoTime);
        Gauge.builder(name, g, CachedGauge::value)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    synchronized double value() {
        long now = nanoTime.getAsLong();
        if (!loaded || now - countedAt >= ttlNanos) {
            try {
                value = query.getAsLong();
                loaded = true;
                countedAt = now;
            } catch (RuntimeException e) {
                LOG.debugf("Gauge %s not counted: %s", name, e.toString());
                if (!loaded) {
                    return Double.NaN;
                }
            }
        }
        return value;
    }
}
