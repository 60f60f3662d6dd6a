package cn.suishoupai.routing;

import cn.suishoupai.common.Crs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

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

    /**
     * The region of the given townships that an address names ({@link Gazetteer}), and its representative point: a
     * point inside the region (JTS's interior point of its grid, or of the union of its grids for a zone or township),
     * WGS-84. Only regions with active grids can be named. {@code tied} names the regions an ambiguous address names.
     */
    public record Located(
            Gazetteer.Outcome outcome,
            Long regionId,
            String code,
            String name,
            String level,
            Double lat,
            Double lng,
            List<String> tied) {}

    public Located locate(String address, Set<Long> townshipIds) {
        RoutingSnapshot s = cache.snapshot();
        Map<Long, List<Geometry>> gridsUnder = new HashMap<>();
        List<GridIndex.IndexedGrid> all = new ArrayList<>();
        s.parts().values().forEach(part -> all.addAll(part.grids().grids()));
        for (GridIndex.IndexedGrid g : all) {
            RoutingSnapshot.Region township = s.ancestor(g.gridId(), "TOWNSHIP");
            if (township == null || !townshipIds.contains(township.id())) {
                continue;
            }
            for (Long r = g.gridId();
                    r != null && s.regions().containsKey(r);
                    r = s.regions().get(r).parentId()) {
                gridsUnder.computeIfAbsent(r, k -> new ArrayList<>()).add(g.geometry());
                if (r == township.id()) {
                    break;
                }
            }
        }
        List<Gazetteer.Place> places = new ArrayList<>();
        for (Long id : gridsUnder.keySet()) {
            RoutingSnapshot.Region r = s.regions().get(id);
            places.add(new Gazetteer.Place(
                    r.id(),
                    r.name(),
                    RoutingSnapshot.depth(r.level()),
                    "TOWNSHIP".equals(r.level()) ? null : r.parentId()));
        }
        Gazetteer.Match m = Gazetteer.match(address, places);
        if (m.outcome() != Gazetteer.Outcome.MATCHED) {
            return new Located(
                    m.outcome(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    m.tied().stream().map(Gazetteer.Place::name).toList());
        }
        RoutingSnapshot.Region r = s.regions().get(m.place().id());
        List<Geometry> geometries = gridsUnder.get(r.id());
        Geometry area = geometries.size() == 1
                ? geometries.get(0)
                : OverlayNGRobust.union(new GeometryFactory().buildGeometry(geometries));
        Point p = area.getInteriorPoint();
        return new Located(
                Gazetteer.Outcome.MATCHED, r.id(), r.code(), r.name(), r.level(), p.getY(), p.getX(), List.of());
    }

    @Scheduled(
            every = "${suishoupai.routing.refresh-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        cache.refreshIfStale();
    }
}
