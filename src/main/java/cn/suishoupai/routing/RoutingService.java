package cn.suishoupai.routing;

import cn.suishoupai.common.Crs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The application's router: one cached snapshot per instance, refreshed when the data changes. */
@ApplicationScoped
public class RoutingService {

    private final RouterCache cache;

    RoutingService(RoutingSnapshotLoader loader) {
        this.cache = new RouterCache(loader);
    }

    public RoutingDecision route(double lat, double lng, Crs crs, String category) {
        return cache.route(lat, lng, crs, category);
    }

    @Scheduled(
            every = "${suishoupai.routing.refresh-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        cache.refreshIfStale();
    }
}
