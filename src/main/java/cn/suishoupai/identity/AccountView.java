package cn.suishoupai.identity;

import java.time.Instant;
import java.util.List;

/** An account as administrators see it. Never carries the password hash. */
public record AccountView(
        long id,
        String kind,
        String username,
        String displayName,
        String phone,
        List<String> roles,
        Long unitId,
        List<Long> regionIds,
        boolean enabled,
        Instant lockedUntil,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    static AccountView of(Account a) {
        return new AccountView(
                a.id,
                a.kind.name(),
                a.username,
                a.displayName,
                a.phone,
                a.roles.stream().sorted().toList(),
                a.unitId,
                a.regionIds.stream().sorted().toList(),
                a.enabled,
                a.lockedUntil,
                a.createdAt,
                a.updatedAt,
                a.version);
    }
}
