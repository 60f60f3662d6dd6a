package cn.suishoupai.region;

import cn.suishoupai.common.ApiException;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which units a ticket may be given to: active ones that serve its township. */
public final class Units {

    private Units() {
    }

    /**
     * Each unit must exist, be active and serve the township: one of its regions is the township,
     * a region inside it, or the district above it (a county department). Otherwise 422 on field.
     */
    public static void requireServing(EntityManager em, String field, Collection<Long> ids, Long townshipId) {
        if (ids.isEmpty()) {
            return;
        }
        Set<Long> reach = new HashSet<>(ScopeTree.below(em, List.of(townshipId)));
        Region township = Region.findById(townshipId);
        for (Long up = township == null ? null : township.parentId; up != null; ) {
            reach.add(up);
            Region r = Region.findById(up);
            up = r == null ? null : r.parentId;
        }
        for (Long id : ids) {
            Unit u = id == null ? null : Unit.findById(id);
            if (u == null || !u.active || u.regionIds.stream().noneMatch(reach::contains)) {
                throw ApiException.invalidField(field, "field.unit.invalid");
            }
        }
    }
}
