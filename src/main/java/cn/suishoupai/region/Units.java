package cn.suishoupai.region;

import cn.suishoupai.common.ApiException;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which units a ticket may be given to: active ones that serve its township. */
public final class Units {

    private Units() {}

    /**
     * Each unit must exist, be active and serve the township: one of its regions is the township,
     * a region inside it, or the district above it (a county department). Otherwise 422 on field.
     */
    public static void requireServing(EntityManager em, String field, Collection<Long> ids, Long townshipId) {
        if (ids.isEmpty()) {
            return;
        }
        Set<Long> reach = reach(em, townshipId);
        for (Long id : ids) {
            if (!serves(id, reach)) {
                throw ApiException.invalidField(field, "field.unit.invalid");
            }
        }
    }

    /** Whether the unit exists, is active and serves the township. */
    public static boolean serves(EntityManager em, Long unitId, Long townshipId) {
        return serves(unitId, reach(em, townshipId));
    }

    /** The active units that serve the township (those a ticket there may be given to), by name, then id. */
    public static List<Unit> serving(EntityManager em, Long townshipId) {
        Set<Long> reach = reach(em, townshipId);
        return Unit.<Unit>list("active = true order by name, id").stream()
                .filter(u -> u.regionIds.stream().anyMatch(reach::contains))
                .toList();
    }

    private static boolean serves(Long unitId, Set<Long> reach) {
        Unit u = unitId == null ? null : Unit.findById(unitId);
        return u != null && u.active && u.regionIds.stream().anyMatch(reach::contains);
    }

    /** The township, everything in it, and the regions above it. */
    private static Set<Long> reach(EntityManager em, Long townshipId) {
        Set<Long> reach = new HashSet<>(ScopeTree.below(em, List.of(townshipId)));
        Region township = Region.findById(townshipId);
        for (Long up = township == null ? null : township.parentId; up != null; ) {
            reach.add(up);
            Region r = Region.findById(up);
            up = r == null ? null : r.parentId;
        }
        return reach;
    }
}
