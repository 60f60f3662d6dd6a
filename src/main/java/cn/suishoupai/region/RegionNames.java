package cn.suishoupai.region;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names, codes and facts of regions, units and hazard categories for other features' lists, totals and
 * checks: they keep their own ids and ask here, so region, unit and hazard_category are read only by
 * region (docs/ARCHITECTURE.md §3). An entity handed out here is for reading; region changes it.
 */
@ApplicationScoped
public class RegionNames {

    /** A hazard category's code and Chinese name. */
    public record CategoryName(long id, String code, String nameZh) {}

    private final EntityManager em;

    RegionNames(EntityManager em) {
        this.em = em;
    }

    /** The names of these regions, by id (unknown ids are absent), in name order (then id). */
    public Map<Long, String> regions(Collection<Long> ids) {
        return names("select id, name from region where id in (?1) order by name, id", ids);
    }

    /**
     * The names of these units, by id (unknown ids are absent), in name order (then id): a caller that
     * lists units keeps this order (docs/ARCHITECTURE.md §4, the database orders).
     */
    public Map<Long, String> units(Collection<Long> ids) {
        return names("select id, name from unit where id in (?1) order by name, id", ids);
    }

    /** These hazard categories, retired ones included, by id, in code order (then id). */
    public Map<Long, CategoryName> categories(Collection<Long> ids) {
        Map<Long, CategoryName> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, code, name_zh from hazard_category where id in (?1) order by code, id")
                .setParameter(1, ids)
                .getResultList();
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            out.put(id, new CategoryName(id, (String) r[1], (String) r[2]));
        }
        return out;
    }

    /** The id of the category with this code, retired or not, or null when there is none. */
    public Long categoryId(String code) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from hazard_category where code = ?1")
                .setParameter(1, code)
                .getResultList();
        return ids.isEmpty() ? null : ids.get(0).longValue();
    }

    /** The category with this id, retired or not, or null when there is none. */
    public CategoryName category(Long id) {
        if (id == null) {
            return null;
        }
        HazardCategory c = HazardCategory.findById(id);
        return c == null ? null : new CategoryName(c.id, c.code, c.nameZh);
    }

    /**
     * Reads these regions, units and categories in one query each into the transaction's persistence
     * context, so that {@link #region}, {@link #unit} and {@link #category} for a page's rows that follow
     * answer from it instead of one query per row (a page of 20 tickets asked up to 60). Null ids are
     * ignored; a page bounds the sets.
     */
    public void preload(Collection<Long> regionIds, Collection<Long> unitIds, Collection<Long> categoryIds) {
        load(Region.class, regionIds);
        load(Unit.class, unitIds);
        load(HazardCategory.class, categoryIds);
    }

    private void load(Class<?> entity, Collection<Long> ids) {
        Set<Long> distinct = new HashSet<>(ids);
        distinct.remove(null);
        if (!distinct.isEmpty()) {
            em.createQuery("from " + entity.getSimpleName() + " where id in (?1)", entity)
                    .setParameter(1, distinct)
                    .getResultList();
        }
    }

    /** The region with this id, retired or not, or null when there is none. */
    public Region region(Long id) {
        return id == null ? null : Region.findById(id);
    }

    /** An active hazard category as other features list it (Open311's services). */
    public record ActiveCategory(long id, String code, String nameZh, String nameEn, String defaultSeverity) {}

    /** The active hazard categories, in code order (then id). */
    public List<ActiveCategory> activeCategories() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, code, name_zh, name_en, default_severity "
                        + "from hazard_category where active order by code, id")
                .getResultList();
        return rows.stream()
                .map(r -> new ActiveCategory(
                        ((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4]))
                .toList();
    }

    /** The id of the township (not retired) with this code, or null when there is none. */
    public Long townshipId(String code) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery(
                        "select id from region where code = ?1 and level = 'TOWNSHIP' and retired_at is null")
                .setParameter(1, code)
                .getResultList();
        return ids.isEmpty() ? null : ids.get(0).longValue();
    }

    /** The ids of every township not retired. */
    public Set<Long> townshipIds() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery(
                        "select id from region where level = 'TOWNSHIP' and retired_at is null order by id")
                .getResultList();
        Set<Long> out = new java.util.LinkedHashSet<>();
        ids.forEach(n -> out.add(n.longValue()));
        return out;
    }

    /** The codes of these regions, by id (unknown ids are absent). */
    public Map<Long, String> regionCodes(Collection<Long> ids) {
        return names("select id, code from region where id in (?1) order by code, id", ids);
    }

    /** The unit with this id, active or not, or null when there is none. */
    public Unit unit(Long id) {
        return id == null ? null : Unit.findById(id);
    }

    /** Whether every one of these regions exists and is not retired. */
    public boolean allActiveRegions(Collection<Long> ids) {
        Set<Long> distinct = new HashSet<>(ids);
        return distinct.isEmpty() || Region.count("id in ?1 and retiredAt is null", distinct) == distinct.size();
    }

    /** Whether every one of these units exists and is active. */
    public boolean allActiveUnits(Collection<Long> ids) {
        Set<Long> distinct = new HashSet<>(ids);
        return distinct.isEmpty() || Unit.count("id in ?1 and active = true", distinct) == distinct.size();
    }

    private Map<Long, String> names(String sql, Collection<Long> ids) {
        Map<Long, String> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, ids).getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), (String) r[1]));
        return out;
    }
}
