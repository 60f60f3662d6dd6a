package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.RateBudget;
import cn.suishoupai.common.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/** Staff username + password login with lockout (DOMAIN §9). */
@ApplicationScoped
public class LoginService {

    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final Audit audit;
    private final Clock clock;
    private final LockoutPolicy policy;
    private final RateBudget budget;

    LoginService(
            PasswordHasher hasher,
            TokenService tokens,
            Audit audit,
            Clock clock,
            AuthConfig config,
            RateBudget budget) {
        this.budget = budget;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.policy = new LockoutPolicy(
                config.lockout().maxFailures(),
                config.lockout().window(),
                config.lockout().duration());
    }

    /** Failure bookkeeping and audit records commit even though the caller gets an error. */
    @Transactional(dontRollbackOn = ApiException.class)
    public TokenResponse login(String username, String password, String clientIp) {
        // per client address, before anything else: spraying passwords over many accounts is refused
        RateBudget.Taken attempt = budget.take("login");
        Instant now = clock.instant();
        Account a = Account.<Account>find("username = ?1 and kind = ?2", username, Account.Kind.STAFF)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        if (a == null) {
            hasher.verifyDummy(password);
            audit.record(
                    Actor.of(null, username, clientIp), "auth.login.failure", Target.of("account"), "unknown username");
            throw ApiException.unauthorized("invalid-credentials");
        }
        if (policy.isLocked(a.lockoutState(), now)) {
            audit.record(
                    Actor.of(a.id, username, clientIp), "auth.login.refused-locked", Target.of("account", a.id), null);
            throw locked(a.lockedUntil);
        }
        if (!hasher.verify(password, a.passwordHash)) {
            LockoutPolicy.State next = policy.afterFailure(a.lockoutState(), now);
            a.apply(next, now);
            audit.record(
                    Actor.of(a.id, username, clientIp),
                    "auth.login.failure",
                    Target.of("account", a.id),
                    "wrong password");
            if (policy.isLocked(next, now)) {
                audit.record(
                        Actor.of(a.id, username, clientIp),
                        "auth.lockout",
                        Target.of("account", a.id),
                        "locked until " + Times.iso(next.lockedUntil()));
                throw locked(next.lockedUntil());
            }
            throw ApiException.unauthorized("invalid-credentials");
        }
        if (!a.enabled) {
            audit.record(
                    Actor.of(a.id, username, clientIp),
                    "auth.login.refused-disabled",
                    Target.of("account", a.id),
                    null);
            throw ApiException.forbidden("account-disabled");
        }
        a.apply(policy.afterSuccess(), now);
        budget.refund(attempt); // only failed attempts count
        audit.record(Actor.of(a.id, username, clientIp), "auth.login.success", Target.of("account", a.id), null);
        return tokens.issue(a);
    }

    private static ApiException locked(Instant until) {
        return new ApiException(423, "account-locked", Times.iso(until)).with("lockedUntil", Times.iso(until));
    }
}
