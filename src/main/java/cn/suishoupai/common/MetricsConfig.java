package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The business metrics on /q/metrics (docs/OPERATIONS.md §5). */
@ConfigMapping(prefix = "suishoupai.metrics")
public interface MetricsConfig {

    /**
     * How long a gauge of shared state (queue depth, overdue tickets, outbox lag ...) keeps its value per instance
     * before a scrape counts again: one cheap query per gauge per period, however often Prometheus scrapes.
     */
    @WithDefault("PT10S")
    Duration gaugeTtl();
}
