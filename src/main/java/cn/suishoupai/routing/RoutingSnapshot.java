package cn.suishoupai.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Everything the router needs, never mutated: the grids in one part per township, the region tree,
 * units, categories and active rules, stamped with the data version. Loaded in one consistent read;
 * a reload rebuilds only the townships whose grids changed and shares the other parts with the
 * previous snapshot ({@link RoutingSnapshotLoader}).
 */
record RoutingSnapshot(
        long version,
        Map<Long, TownshipPart> parts,
        STRtree indexes,
        List<Coverage> coverage,
        Map<Long, Region> regions,
        Map<Long, Unit> units,
        Map<String, Category> categoriesByCode,
        Map<Long, Category> categoriesById,
        Map<Long, List<RuleSelector.Rule>> rulesByRegion,
        Map<Long, List<Unit>> communityUnitsByRegion) {

    /** Township id of the part holding grids that are under no township (none in valid data). */
    static final long NO_TOWNSHIP = 0;

    /**
     * One township's active grids, built from exactly the grid rows named by {@code fingerprint}
     * (id and row version pairs, by id): a reload whose rows give the same fingerprint reuses it.
     * {@code coverage} is null for the {@link #NO_TOWNSHIP} part.
     */
    record TownshipPart(long townshipId, long[] fingerprint, GridIndex grids, Coverage coverage) {}

    static RoutingSnapshot of(
            long version,
            Map<Long, TownshipPart> parts,
            Map<Long, Region> regions,
            Map<Long, Unit> units,
            Map<String, Category> categoriesByCode,
            Map<Long, Category> categoriesById,
            Map<Long, List<RuleSelector.Rule>> rulesByRegion,
            Map<Long, List<Unit>> communityUnitsByRegion) {
        // a small tree over the townships' bounds: a lookup visits only the parts that can hold the point
        STRtree indexes = new STRtree();
        for (TownshipPart part : parts.values()) {
            if (part.grids().size() > 0) {
                indexes.insert(part.grids().bounds(), part.grids());
            }
        }
        indexes.build();
        List<Coverage> coverage = parts.values().stream()
                .map(TownshipPart::coverage)
                .filter(c -> c != null)
                .toList();
        return new RoutingSnapshot(
                version,
                Map.copyOf(parts),
                indexes,
                coverage,
                regions,
                units,
                categoriesByCode,
                categoriesById,
                rulesByRegion,
                communityUnitsByRegion);
    }

    GridIndex.Lookup lookup(double lat, double lng) {
        List<GridIndex> holding = new ArrayList<>(2);
        indexes.query(new Envelope(lng, lng, lat, lat), item -> holding.add((GridIndex) item));
        return GridIndex.lookup(holding, lat, lng);
    }

    int gridCount() {
        return parts.values().stream().mapToInt(p -> p.grids().size()).sum();
    }

    /**
     * The area a township serves: the convex hull of its active grids plus a small margin. A point in
     * a township's coverage but in no grid (a gap) still belongs to that township's dispatcher; a point
     * in no township's coverage is not ours at all.
     */
    record Coverage(long townshipId, org.locationtech.jts.geom.prep.PreparedGeometry area) {}

    record Region(long id, String code, String name, String level, Long parentId) {}

    record Unit(long id, String code, String name, String type, boolean active) {}

    record Category(long id, String code, String nameZh, String nameEn, String defaultSeverity, boolean autoDispatch) {}

    static int depth(String level) {
        return switch (level) {
            case "DISTRICT" -> 0;
            case "TOWNSHIP" -> 1;
            case "ZONE" -> 2;
            default -> 3;
        };
    }

    /** region id → depth, from the given region up to the root. */
    Map<Long, Integer> chain(long regionId) {
        Map<Long, Integer> chain = new LinkedHashMap<>();
        Region r = regions.get(regionId);
        while (r != null && !chain.containsKey(r.id())) {
            chain.put(r.id(), depth(r.level()));
            r = r.parentId() == null ? null : regions.get(r.parentId());
        }
        return chain;
    }

    Region ancestor(long regionId, String level) {
        Region r = regions.get(regionId);
        while (r != null && !r.level().equals(level)) {
            r = r.parentId() == null ? null : regions.get(r.parentId());
        }
        return r;
    }
}
