package cn.suishoupai.region;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Regional scope of staff accounts (DOMAIN §2). An account scoped to regions acts on those
 * regions and everything below them; an admin without regions is service-wide.
 *
 * <p>Two answers, one rule each: a thing named by id in the path (a region, unit, rule, account,
 * budget…) that lies outside the caller's scope does not exist for them — 404 with that thing's own
 * not-found problem ({@link #requireVisible}), so its existence does not leak. A request body that
 * points outside the caller's scope (a new region under another township's parent, an account for
 * other regions), or a service-wide thing asked for by a regional account, is 403 out-of-scope.
 * Scope is checked before uniqueness, so another township's codes never answer 409.
 */
public final class RegionScope {

    private RegionScope() {}

    /** True when regionId is one of scope or lies below one of them. */
    public static boolean covers(Collection<Long> scope, Long regionId) {
        Set<Long> seen = new HashSet<>();
        Long id = regionId;
        while (id != null && seen.add(id)) {
            if (scope.contains(id)) {
                return true;
            }
            Region r = Region.findById(id);
            id = r == null ? null : r.parentId;
        }
        return false;
    }

    /** Every given region must be within the caller's scope (always true for a service-wide admin). */
    public static void require(Actor actor, Collection<Long> regionIds) {
        List<Long> scope = actor.regionIds();
        if (scope.isEmpty()) {
            return;
        }
        for (Long id : regionIds) {
            if (!covers(scope, id)) {
                throw ApiException.forbidden("out-of-scope");
            }
        }
    }

    public static void require(Actor actor, Long regionId) {
        require(actor, regionId == null ? List.of() : List.of(regionId));
    }

    /**
     * The thing with these regions, looked up by id, exists for the caller only when every one of its
     * regions is within their scope (a service-wide caller sees everything; a thing without regions is
     * service-wide). Otherwise 404 with the given not-found problem, as for an unknown id.
     */
    public static void requireVisible(Actor actor, Collection<Long> regionIds, String notFoundCode, Object... args) {
        if (!visible(actor, regionIds)) {
            throw ApiException.notFound(notFoundCode, args);
        }
    }

    public static void requireVisible(Actor actor, Long regionId, String notFoundCode, Object... args) {
        requireVisible(actor, regionId == null ? List.of() : List.of(regionId), notFoundCode, args);
    }

    public static boolean visible(Actor actor, Collection<Long> regionIds) {
        List<Long> scope = actor.regionIds();
        if (scope.isEmpty()) {
            return true;
        }
        return !regionIds.isEmpty() && regionIds.stream().allMatch(id -> id != null && covers(scope, id));
    }
}
