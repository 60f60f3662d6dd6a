package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.Hashes;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Issues RS256 access tokens and opaque, rotating refresh tokens. A refresh token is good for
 * one use; presenting a used one means it leaked, so its whole family (the login session) dies.
 */
@ApplicationScoped
public class TokenService {

    /** JWT claim holding the unit a unit-staff account acts for. */
    public static final String CLAIM_UNIT = "unit_id";
    /** JWT claim holding the region ids a regional staff account is scoped to. */
    public static final String CLAIM_REGIONS = "region_ids";
    /** JWT claim holding the account's session version; a token of an older version is refused (SessionCheck). */
    public static final String CLAIM_SESSION = "sv";

    private final AuthConfig config;
    private final Clock clock;
    private final Audit audit;
    private final SecureRandom random = new SecureRandom();

    TokenService(AuthConfig config, Clock clock, Audit audit) {
        this.config = config;
        this.clock = clock;
        this.audit = audit;
    }

    /** Starts a new session (token family) for an authenticated account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenResponse issue(Account account) {
        return issue(account, UUID.randomUUID());
    }

    private TokenResponse issue(Account account, UUID family) {
        Instant now = clock.instant();
        List<String> roles = new ArrayList<>(account.roles);
        roles.sort(null);
        var builder = Jwt.issuer(config.issuer())
                .subject(String.valueOf(account.id))
                .upn(account.username != null ? account.username : "resident-" + account.id)
                .groups(new HashSet<>(roles))
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .claim("kind", account.kind.name())
                .claim(CLAIM_SESSION, account.sessionVersion);
        if (account.unitId != null) {
            builder.claim(CLAIM_UNIT, account.unitId);
        }
        if (!account.regionIds.isEmpty()) {
            builder.claim(CLAIM_REGIONS, account.regionIds.stream().sorted().toList());
        }
        String access = builder.sign();

        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        RefreshToken rt = new RefreshToken();
        rt.tokenHash = Hashes.sha256(refresh);
        rt.familyId = family;
        rt.accountId = account.id;
        rt.issuedAt = now;
        rt.expiresAt = now.plus(config.refreshTokenTtl());
        rt.persist();
        return new TokenResponse(
                access, refresh, "Bearer", config.accessTokenTtl().toSeconds(), roles, account.id);
    }

    /** Outcome of a refresh attempt; reuse is committed (family revoked) before the caller fails. */
    public sealed interface RefreshOutcome {
        record Issued(TokenResponse tokens) implements RefreshOutcome {}

        record Refused(String code) implements RefreshOutcome {}
    }

    @Transactional
    public RefreshOutcome refresh(String presented, String clientIp) {
        Instant now = clock.instant();
        RefreshToken rt = RefreshToken.find("tokenHash", Hashes.sha256(presented))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        if (rt == null) {
            return new RefreshOutcome.Refused("invalid-refresh-token");
        }
        if (rt.usedAt != null) {
            int revoked = revokeFamily(rt.familyId, now);
            audit.record(
                    Actor.of(rt.accountId, null, clientIp),
                    "auth.refresh.reuse",
                    Target.of("account", rt.accountId),
                    "family=" + rt.familyId + " revoked=" + revoked);
            return new RefreshOutcome.Refused("refresh-token-reused");
        }
        if (rt.revokedAt != null || !now.isBefore(rt.expiresAt)) {
            return new RefreshOutcome.Refused("invalid-refresh-token");
        }
        Account account = Account.findById(rt.accountId);
        if (account == null || !account.enabled) {
            revokeFamily(rt.familyId, now);
            return new RefreshOutcome.Refused("invalid-refresh-token");
        }
        rt.usedAt = now;
        return new RefreshOutcome.Issued(issue(account, rt.familyId));
    }

    /** Ends the session the token belongs to. Unknown tokens are ignored: logout is idempotent. */
    @Transactional
    public boolean logout(String presented, String clientIp) {
        RefreshToken rt =
                RefreshToken.find("tokenHash", Hashes.sha256(presented)).firstResult();
        if (rt == null) {
            return false;
        }
        revokeFamily(rt.familyId, clock.instant());
        audit.record(Actor.of(rt.accountId, null, clientIp), "auth.logout", Target.of("account", rt.accountId), null);
        return true;
    }

    /** Ends every session of the account now: refresh tokens revoked, access tokens refused on their next use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int endSessions(Account account) {
        account.endSessions();
        return revokeAll(account.id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAll(long accountId) {
        return RefreshToken.update(
                "revokedAt = ?1 where accountId = ?2 and revokedAt is null", clock.instant(), accountId);
    }

    private int revokeFamily(UUID family, Instant now) {
        return RefreshToken.update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, family);
    }
}
