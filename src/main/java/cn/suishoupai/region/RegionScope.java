package cn.suishoupai.region;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Regional scope of staff accounts (DESIGN §2). An account scoped to regions acts on those
 * regions and everything below them; an admin without regions is service-wide. Admin changes
 * outside the caller's scope are refused with 403 out-of-scope.
 */
public final class RegionScope {

    private RegionScope() {
    }

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

    /** Service-wide means: no regions in the token. */
    public static boolean serviceWide(Caller caller) {
        return caller.regionIds().isEmpty();
    }

    /** Every given region must be within the caller's scope (always true for a service-wide admin). */
    public static void require(Caller caller, Collection<Long> regionIds) {
        List<Long> scope = caller.regionIds();
        if (scope.isEmpty()) {
            return;
        }
        for (Long id : regionIds) {
            if (!covers(scope, id)) {
                throw ApiException.forbidden("out-of-scope");
            }
        }
    }

    public static void require(Caller caller, Long regionId) {
        require(caller, regionId == null ? List.of() : List.of(regionId));
    }

    /** Things without a region (categories, the audit log, districts) are for service-wide admins. */
    public static void requireServiceWide(Caller caller) {
        if (!serviceWide(caller)) {
            throw ApiException.forbidden("out-of-scope");
        }
    }
}
