package cn.suishoupai.region;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every region at or below the given ones: a regional account's reach, in one query. */
public final class ScopeTree {

    private ScopeTree() {}

    public static Set<Long> below(EntityManager em, Collection<Long> roots) {
        if (roots.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("with recursive tree(id) as ("
                        + "select id from region where id in (?1) "
                        + "union select r.id from region r join tree t on r.parent_id = t.id) select id from tree")
                .setParameter(1, roots)
                .getResultList();
        Set<Long> out = new HashSet<>();
        ids.forEach(n -> out.add(n.longValue()));
        return out;
    }

    /**
     * The region and every region above it, nearest first (grid, zone, township, district): whose
     * scope covers it. Empty for an unknown region.
     */
    public static List<Long> above(EntityManager em, long regionId) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("with recursive up(id, parent_id, depth) as ("
                        + "select id, parent_id, 0 from region where id = ?1 "
                        + "union all select r.id, r.parent_id, u.depth + 1 from region r join up u on r.id = u.parent_id "
                        + "where u.depth < 16) select id from up order by depth")
                .setParameter(1, regionId)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /**
     * A list's "in this region" filter: the region and everything below it, as the value of an IN
     * parameter; an unknown region matches nothing (an empty IN list is not SQL).
     */
    public static Set<Long> filter(EntityManager em, long regionId) {
        Set<Long> under = below(em, List.of(regionId));
        return under.isEmpty() ? Set.of(-1L) : under;
    }
}
