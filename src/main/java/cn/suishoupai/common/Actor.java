package cn.suishoupai.common;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is acting and in which scope: resolved once per request by a resource ({@code caller.actor()})
 * and passed to services as a plain value, so a service runs the same in a request, a job or a test.
 * It is also who the audit log records.
 *
 * @param id        the account, or null (anonymous, a job, before sign-in)
 * @param name      as shown in the audit log
 * @param clientIp  the client's address, null outside a request
 * @param roles     role names ({@link Role})
 * @param unitId    the unit a unit-staff account acts for
 * @param regionIds the regions a regional account is scoped to; empty means service-wide
 */
public record Actor(
        Long id, String name, String clientIp, Set<String> roles, Optional<Long> unitId, List<Long> regionIds) {

    /** Nobody: an audit entry without an actor (an anonymous report, an automatic accrual). */
    public static final Actor NOBODY = system(null);

    public Actor {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        unitId = unitId == null ? Optional.empty() : unitId;
        regionIds = regionIds == null ? List.of() : List.copyOf(regionIds);
    }

    /** A job or start-up task (chase sweep, outbox delivery, demo data): no account, no roles, service-wide. */
    public static Actor system(String name) {
        return new Actor(null, name, null, Set.of(), Optional.empty(), List.of());
    }

    /** Someone known without a token, such as an account signing in: for the audit log only. */
    public static Actor of(Long id, String name, String clientIp) {
        return new Actor(id, name, clientIp, Set.of(), Optional.empty(), List.of());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Service-wide means: no regions in the token (an admin without regions). */
    public boolean serviceWide() {
        return regionIds.isEmpty();
    }

    /** Things without a region (categories, the audit log, districts) are for service-wide admins: 403 otherwise. */
    public void requireServiceWide() {
        if (!serviceWide()) {
            throw ApiException.forbidden("out-of-scope");
        }
    }
}
