package cn.suishoupai.routing;

import cn.suishoupai.common.Crs;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One instance's routing snapshot. {@link #refreshIfStale()} compares the database's data version
 * with the snapshot's and reloads when they differ; the scheduler calls it every second, so every
 * instance routes by new data within about a second of the change committing. A reload rebuilds
 * only the townships whose grids changed and shares the rest with the snapshot it replaces.
 */
public class RouterCache {

    private static final Logger LOG = Logger.getLogger(RouterCache.class);

    private final RoutingSnapshotLoader loader;
    private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>();

    public RouterCache(RoutingSnapshotLoader loader) {
        this.loader = loader;
    }

    RoutingSnapshot snapshot() {
        RoutingSnapshot s = current.get();
        if (s == null) {
            synchronized (this) {
                s = current.get();
                if (s == null) {
                    s = loader.load();
                    current.set(s);
                }
            }
        }
        return s;
    }

    /** @return true when a newer snapshot was loaded */
    public boolean refreshIfStale() {
        RoutingSnapshot s = current.get();
        long dbVersion = loader.currentVersion();
        if (s != null && s.version() == dbVersion) {
            return false;
        }
        synchronized (this) {
            s = current.get();
            if (s != null && s.version() == dbVersion) { // another thread loaded it meanwhile
                return false;
            }
            long start = System.nanoTime();
            RoutingSnapshot before = s;
            RoutingSnapshot fresh = loader.load(before);
            current.set(fresh);
            long rebuilt = fresh.parts().values().stream()
                    .filter(p -> before == null || p != before.parts().get(p.townshipId()))
                    .count();
            LOG.infof(
                    "Routing data version %d loaded (%d grids; %d of %d townships rebuilt) in %d ms",
                    fresh.version(),
                    fresh.gridCount(),
                    rebuilt,
                    fresh.parts().size(),
                    (System.nanoTime() - start) / 1_000_000);
            return true;
        }
    }

    public long version() {
        return snapshot().version();
    }

    public RoutingDecision route(double lat, double lng, Crs crs, String category) {
        return Router.route(snapshot(), lat, lng, crs, category);
    }
}
