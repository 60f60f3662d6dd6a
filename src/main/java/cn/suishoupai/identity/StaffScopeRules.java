package cn.suishoupai.identity;

import cn.suishoupai.common.Problem.FieldError;
import cn.suishoupai.common.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which roles and scopes a staff account may combine (DOMAIN §2: every staff account is scoped to
 * one unit or to a set of regions). Pure rule: returns the field errors, empty when valid.
 */
public final class StaffScopeRules {

    /** Roles whose work is defined by regions and who therefore must have at least one. */
    static final Set<String> REGIONAL = Set.of(Role.DISPATCHER_, Role.GRID_WORKER_);
    /** Roles that may be service-wide (no regions) or limited to some regions. */
    static final Set<String> OPTIONAL_REGIONS = Set.of(Role.ADMIN_, Role.FINANCE_, Role.LEADER_);

    private StaffScopeRules() {}

    public static List<FieldError> check(Collection<String> roles, Long unitId, Collection<Long> regionIds) {
        List<FieldError> errors = new ArrayList<>();
        if (roles == null || roles.isEmpty()) {
            errors.add(new FieldError("roles", "roles.empty"));
            return errors;
        }
        for (String r : roles) {
            if (Role.fromGroup(r).isEmpty() || Role.RESIDENT_.equals(r)) {
                errors.add(new FieldError("roles", "roles.unknown"));
                return errors;
            }
        }
        boolean unitRole = roles.contains(Role.UNIT_);
        boolean hasRegions = regionIds != null && !regionIds.isEmpty();
        if (unitRole) {
            if (unitId == null) {
                errors.add(new FieldError("unitId", "scope.unit.required"));
            }
            if (hasRegions) {
                errors.add(new FieldError("regionIds", "scope.unit.no-regions"));
            }
            if (roles.size() > 1) {
                errors.add(new FieldError("roles", "scope.unit.exclusive"));
            }
        } else {
            if (unitId != null) {
                errors.add(new FieldError("unitId", "scope.unit.only-for-unit-role"));
            }
            if (!hasRegions && roles.stream().anyMatch(REGIONAL::contains)) {
                errors.add(new FieldError("regionIds", "scope.regions.required"));
            }
        }
        return errors;
    }
}
