package cn.suishoupai.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the router needs, loaded from the database in one go and never mutated: the grid
 * index, the region tree, units, categories and active rules, stamped with the data version.
 */
record RoutingSnapshot(
        long version,
        GridIndex index,
        Map<Long, Region> regions,
        Map<Long, Unit> units,
        Map<String, Category> categoriesByCode,
        Map<Long, Category> categoriesById,
        Map<Long, List<RuleSelector.Rule>> rulesByRegion,
        Map<Long, List<Unit>> communityUnitsByRegion,
        List<Coverage> coverage) {

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
