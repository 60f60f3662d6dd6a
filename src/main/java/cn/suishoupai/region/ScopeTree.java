package cn.suishoupai.region;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A regional account's reach: its regions and everything below them. Every region carries its path
 * (the ids from its district down to itself, kept by the database, V33), so "at or below one of these
 * roots" is {@code path && roots}: ONE array parameter and a GIN index, however many regions lie below
 * — never an IN list of the regions themselves, one bind parameter each (a statement may have at most
 * 65 535, and a county's 17,000 already cost more to bind than to run).
 *
 * <p>A list filters with {@link #sql} (native) or {@link #hql} (entities) and binds {@link Reach#roots()};
 * a single thing is checked with {@link Reach#contains} (one primary-key read).
 */
public final class ScopeTree {

    private ScopeTree() {}

    /**
     * The reach of these roots (the actor's {@code regionIds()}); empty roots reach nothing, as before:
     * a service-wide account has no regional lists.
     */
    public static Reach reach(EntityManager em, Collection<Long> roots) {
        return new Reach(em, roots);
    }

    /**
     * Native SQL condition: the region whose id is {@code place} (a column expression) lies at or below
     * one of the regions bound to the named parameter {@code param} as a {@code Long[]}
     * ({@link Reach#roots()}, or {@link #roots} of one region for an "in this region" filter). An unknown
     * region matches nothing; a null place matches nothing.
     */
    public static String sql(String place, String param) {
        return "exists (select 1 from region scope_r where scope_r.id = " + place + " and scope_r.path && cast(" + param
                + " as bigint[]))";
    }

    /** {@link #sql} in HQL, over an entity's attribute expression ({@code coalesce(gridId, townshipId)}). */
    public static String hql(String place, String param) {
        return "exists (select 1 from Region scope_r where scope_r.id = " + place
                + " and array_intersects(scope_r.path, " + param + "))";
    }

    /** The array parameter for {@link #sql}/{@link #hql}: these regions as roots. */
    public static Long[] roots(Collection<Long> regionIds) {
        return regionIds.stream().distinct().toArray(Long[]::new);
    }

    /** One region as the root of an "in this region" filter. */
    public static Long[] roots(long regionId) {
        return new Long[] {regionId};
    }

    /**
     * Every region at or below the given ones, as ids. Only for a caller that needs the ids themselves
     * (a unit's or a payout's reach in Java); a list filters with {@link #sql}, never with these.
     */
    public static Set<Long> below(EntityManager em, Collection<Long> roots) {
        if (roots.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from region where path && cast(?1 as bigint[])")
                .setParameter(1, roots(roots))
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
        List<Number> ids = em.createNativeQuery(
                        "select p from region, unnest(path) with ordinality u(p, n) where id = ?1 order by n desc")
                .setParameter(1, regionId)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /**
     * The reach of an account's regions, for filters ({@link #roots()} with {@link #sql}) and for single
     * checks ({@link #contains}: one primary-key read of the region, remembered for this instance).
     */
    public static final class Reach {

        private final EntityManager em;
        private final Set<Long> roots;
        private final Map<Long, Boolean> seen = new HashMap<>();

        private Reach(EntityManager em, Collection<Long> roots) {
            this.em = em;
            this.roots = new LinkedHashSet<>(roots);
        }

        /** No roots: reaches nothing. */
        public boolean isEmpty() {
            return roots.isEmpty();
        }

        /** The array parameter of {@link ScopeTree#sql} / {@link ScopeTree#hql}. */
        public Long[] roots() {
            return roots.toArray(Long[]::new);
        }

        /**
         * Reads at once whether each of these regions lies within the reach, for a caller about to ask
         * {@link #contains} for many (one query instead of one each).
         */
        public Reach load(Collection<Long> regionIds) {
            List<Long> unknown = regionIds.stream()
                    .filter(id -> id != null && !seen.containsKey(id))
                    .distinct()
                    .toList();
            if (unknown.isEmpty() || roots.isEmpty()) {
                return this;
            }
            @SuppressWarnings("unchecked")
            List<Number> in = em.createNativeQuery(
                            "select id from region where id = any(?1) and path && cast(?2 as bigint[])")
                    .setParameter(1, unknown.toArray(Long[]::new))
                    .setParameter(2, roots())
                    .getResultList();
            unknown.forEach(id -> seen.put(id, false));
            in.forEach(n -> seen.put(n.longValue(), true));
            return this;
        }

        /** Whether this region lies at or below one of the roots; false for null or an unknown region. */
        public boolean contains(Long regionId) {
            if (regionId == null || roots.isEmpty()) {
                return false;
            }
            if (roots.contains(regionId)) {
                return true;
            }
            return seen.computeIfAbsent(
                    regionId,
                    id -> !em.createNativeQuery("select 1 from region where id = ?1 and path && cast(?2 as bigint[])")
                            .setParameter(1, id)
                            .setParameter(2, roots())
                            .getResultList()
                            .isEmpty());
        }
    }
}
