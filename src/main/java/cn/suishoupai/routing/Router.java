package cn.suishoupai.routing;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.common.Crs;
import cn.suishoupai.routing.RoutingDecision.GridCandidate;
import cn.suishoupai.routing.RoutingDecision.Reason;
import cn.suishoupai.routing.RoutingDecision.Ref;
import cn.suishoupai.routing.RoutingDecision.RuleRef;
import cn.suishoupai.routing.RoutingDecision.UnitRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, for a point and a category, which grid it is in and which unit must act, over one
 * immutable {@link RoutingSnapshot}. No I/O: every instance with the same data version answers
 * the same. "Cannot decide" is an answer (NEEDS_DISPATCHER with reasons), not an error.
 */
final class Router {

    private Router() {}

    static RoutingDecision route(RoutingSnapshot s, double lat, double lng, Crs crs, String categoryCode) {
        double[] wgs = CoordinateConverter.toWgs84(crs, lat, lng);
        RoutingDecision.Point input = new RoutingDecision.Point(lat, lng, crs);
        RoutingDecision.Point wgs84 = new RoutingDecision.Point(wgs[0], wgs[1], Crs.WGS84);
        List<Reason> reasons = new ArrayList<>();

        RoutingSnapshot.Category category =
                categoryCode == null ? null : s.categoriesByCode().get(categoryCode);
        if (categoryCode != null && category == null) {
            reasons.add(Reason.UNKNOWN_CATEGORY);
        }
        GridIndex.Lookup lookup = s.lookup(wgs[0], wgs[1]);
        List<GridCandidate> candidates = lookup.candidates().stream()
                .map(c -> new GridCandidate(c.gridId(), c.code(), c.covers()))
                .toList();
        if (lookup.match() == null) {
            reasons.add(Reason.OUTSIDE_GRIDS);
            RoutingSnapshot.Region township = coveringTownship(s, wgs[0], wgs[1]);
            if (township == null) {
                reasons.add(0, Reason.OUTSIDE_COVERAGE);
            }
            return new RoutingDecision(
                    RoutingDecision.Status.NEEDS_DISPATCHER,
                    reasons,
                    input,
                    wgs84,
                    null,
                    null,
                    null,
                    ref(township),
                    township == null ? null : ref(s.ancestor(township.id(), "DISTRICT")),
                    categoryCode,
                    category == null ? null : category.autoDispatch(),
                    null,
                    List.of(),
                    null,
                    List.of(),
                    candidates,
                    s.version());
        }
        long gridId = lookup.match().gridId();
        Map<Long, Integer> chain = s.chain(gridId);
        List<RuleSelector.Considered> considered =
                RuleSelector.select(chain, category == null ? null : category.id(), s.rulesByRegion());
        List<RuleRef> consideredRefs =
                considered.stream().map(c -> ruleRef(s, c)).toList();

        UnitRef lead = null;
        List<UnitRef> assisting = List.of();
        RuleRef matched = null;
        if (considered.isEmpty()) {
            reasons.add(Reason.NO_RULE);
        } else {
            RuleSelector.Considered winner = considered.get(0);
            matched = consideredRefs.get(0);
            RoutingSnapshot.Unit leadUnit = winner.rule().territorial()
                    ? communityUnit(s, chain)
                    : s.units().get(winner.rule().leadUnitId());
            if (leadUnit == null) {
                reasons.add(Reason.NO_TERRITORIAL_UNIT);
            } else if (!leadUnit.active()) {
                reasons.add(Reason.UNIT_INACTIVE);
            } else {
                lead = unitRef(leadUnit);
            }
            assisting = winner.rule().assistingUnitIds().stream()
                    .map(id -> s.units().get(id))
                    .filter(u -> u != null && u.active() && (leadUnit == null || u.id() != leadUnit.id()))
                    .map(Router::unitRef)
                    .toList();
        }
        if (category != null && !category.autoDispatch()) {
            reasons.add(Reason.CATEGORY_REQUIRES_REVIEW);
        }
        // a category that is always reviewed still shows the unit the rules suggest
        return new RoutingDecision(
                lead != null && reasons.isEmpty()
                        ? RoutingDecision.Status.ROUTED
                        : RoutingDecision.Status.NEEDS_DISPATCHER,
                reasons,
                input,
                wgs84,
                null,
                ref(s.regions().get(gridId)),
                ref(s.ancestor(gridId, "ZONE")),
                ref(s.ancestor(gridId, "TOWNSHIP")),
                ref(s.ancestor(gridId, "DISTRICT")),
                categoryCode,
                category == null ? null : category.autoDispatch(),
                lead,
                assisting,
                matched,
                consideredRefs,
                candidates,
                s.version());
    }

    /** The township whose coverage holds the point (lowest id if coverages overlap, so every instance agrees). */
    private static RoutingSnapshot.Region coveringTownship(RoutingSnapshot s, double lat, double lng) {
        org.locationtech.jts.geom.Point p = new org.locationtech.jts.geom.GeometryFactory()
                .createPoint(new org.locationtech.jts.geom.Coordinate(lng, lat));
        RoutingSnapshot.Region found = null;
        for (RoutingSnapshot.Coverage c : s.coverage()) {
            if ((found == null || c.townshipId() < found.id()) && c.area().covers(p)) {
                found = s.regions().get(c.townshipId());
            }
        }
        return found;
    }

    /** 属地: the village/community unit serving the grid, else its zone, else the township. */
    private static RoutingSnapshot.Unit communityUnit(RoutingSnapshot s, Map<Long, Integer> chain) {
        for (Long regionId : chain.keySet()) { // chain runs grid → root
            List<RoutingSnapshot.Unit> units = s.communityUnitsByRegion().getOrDefault(regionId, List.of());
            for (RoutingSnapshot.Unit u : units) {
                if (u.active()) {
                    return u;
                }
            }
        }
        return null;
    }

    private static RuleRef ruleRef(RoutingSnapshot s, RuleSelector.Considered c) {
        RoutingSnapshot.Region region = s.regions().get(c.rule().regionId());
        RoutingSnapshot.Category k = c.rule().categoryId() == null
                ? null
                : s.categoriesById().get(c.rule().categoryId());
        String category = k == null ? null : k.code();
        return new RuleRef(
                c.rule().id(),
                category,
                region.code(),
                region.level(),
                c.rule().territorial() ? "TERRITORIAL" : "UNIT",
                c.specificity());
    }

    private static Ref ref(RoutingSnapshot.Region r) {
        return r == null ? null : new Ref(r.id(), r.code(), r.name());
    }

    private static UnitRef unitRef(RoutingSnapshot.Unit u) {
        return new UnitRef(u.id(), u.code(), u.name(), u.type());
    }
}
