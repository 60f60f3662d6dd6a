package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Hashes;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Resident login by phone + 6-digit SMS code (DOMAIN §9). */
@ApplicationScoped
public class SmsLoginService {

    @Schema(name = "SmsCodeSent")
    public record CodeSent(long expiresIn, long resendAfter) {}

    private final AuthConfig.Sms config;
    private final SmsSender sender;
    private final Clock clock;
    private final Audit audit;
    private final TokenService tokens;
    private final ResidentAccounts residents;
    private final AdvisoryLocks locks;
    private final SecureRandom random = new SecureRandom();

    SmsLoginService(
            AuthConfig config,
            @Any Instance<SmsSender> senders,
            Clock clock,
            Audit audit,
            TokenService tokens,
            ResidentAccounts residents,
            AdvisoryLocks locks) {
        this.config = config.sms();
        Instance<SmsSender> chosen =
                senders.select(Identifier.Literal.of(config.sms().sender()));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException(
                    "No SMS sender named '" + config.sms().sender() + "' (suishoupai.auth.sms.sender)");
        }
        this.sender = chosen.get();
        this.clock = clock;
        this.audit = audit;
        this.tokens = tokens;
        this.residents = residents;
        this.locks = locks;
    }

    @Transactional
    public CodeSent request(String phone, String clientIp) {
        return issue(phone, clientIp, SmsChallenge.LOGIN, null);
    }

    /**
     * Sends a new code for a purpose (LOGIN, or PAYOUT_PHONE bound to the account that asked). The
     * per-phone resend interval and daily limit count the codes of every purpose.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    CodeSent issue(String phone, String clientIp, String purpose, Long accountId) {
        serialise(phone);
        Instant now = clock.instant();
        SmsChallenge last = SmsChallenge.<SmsChallenge>find("phone = ?1 order by createdAt desc, id desc", phone)
                .firstResult();
        if (last != null && now.isBefore(last.createdAt.plus(config.resendInterval()))) {
            long wait = Math.max(
                    1,
                    Duration.between(now, last.createdAt.plus(config.resendInterval()))
                            .toSeconds());
            throw new ApiException(429, "sms-resend-too-soon", wait)
                    .with("retryAfter", wait)
                    .header("Retry-After", String.valueOf(wait));
        }
        long today = SmsChallenge.count("phone = ?1 and createdAt > ?2", phone, now.minus(Duration.ofDays(1)));
        if (today >= config.dailyLimit()) {
            throw new ApiException(429, "sms-daily-limit", config.dailyLimit()).header("Retry-After", "3600");
        }
        String code = String.format("%06d", random.nextInt(1_000_000));
        SmsChallenge c = new SmsChallenge();
        c.phone = phone;
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        c.salt = HexFormat.of().formatHex(salt);
        c.codeHash = hash(c.salt, code);
        c.createdAt = now;
        c.expiresAt = now.plus(config.codeTtl());
        c.clientIp = clientIp;
        c.purpose = purpose;
        c.accountId = accountId;
        c.persist();
        // Older codes for this phone and purpose stop working: only the newest one can be verified.
        SmsChallenge.update(
                "consumedAt = ?1 where phone = ?2 and purpose = ?3 and consumedAt is null and id <> ?4",
                now,
                phone,
                purpose,
                c.id);
        // Sent last: if delivery fails the transaction rolls back and the throttle is not consumed.
        if (SmsChallenge.LOGIN.equals(purpose)) {
            sender.sendLoginCode(phone, code);
        } else {
            sender.sendPayoutPhoneCode(phone, code);
        }
        audit.record(
                Actor.of(accountId, mask(phone), clientIp),
                SmsChallenge.LOGIN.equals(purpose) ? "auth.sms.request" : "payout-phone.sms.request",
                Target.of("phone", mask(phone)),
                null);
        return new CodeSent(
                config.codeTtl().toSeconds(), config.resendInterval().toSeconds());
    }

    /** Attempts are counted even when the answer is an error, hence dontRollbackOn. */
    @Transactional(dontRollbackOn = ApiException.class)
    public TokenResponse verify(String phone, String code, String clientIp) {
        check(phone, code, clientIp, SmsChallenge.LOGIN, null, 401);
        Account a = residents.byPhone(phone);
        if (!a.enabled) {
            throw ApiException.forbidden("account-disabled");
        }
        audit.record(Actor.of(a.id, mask(phone), clientIp), "auth.sms.success", Target.of("account", a.id), null);
        return tokens.issue(a);
    }

    /**
     * Consumes the newest code of this phone and purpose (and account, for PAYOUT_PHONE) if it
     * matches; otherwise counts the attempt. A missing or expired code and a wrong code are answered
     * with badStatus (401 at login; 422 for a signed-in resident, whose session is fine). The caller's
     * transaction must not roll back on ApiException, so attempts are counted.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiException.class)
    void check(String phone, String code, String clientIp, String purpose, Long accountId, int badStatus) {
        serialise(phone);
        Instant now = clock.instant();
        SmsChallenge c = SmsChallenge.<SmsChallenge>find(
                        "phone = ?1 and purpose = ?2 and consumedAt is null " + "order by createdAt desc, id desc",
                        phone,
                        purpose)
                .firstResult();
        if (c == null || !now.isBefore(c.expiresAt) || (accountId != null && !accountId.equals(c.accountId))) {
            throw new ApiException(badStatus, "sms-code-expired");
        }
        if (c.attempts >= config.maxAttempts()) {
            throw new ApiException(429, "sms-code-attempts-exceeded", config.maxAttempts());
        }
        if (!MessageDigest.isEqual(hash(c.salt, code).getBytes(), c.codeHash.getBytes())) {
            c.attempts++;
            int left = config.maxAttempts() - c.attempts;
            audit.record(
                    Actor.of(accountId, mask(phone), clientIp),
                    SmsChallenge.LOGIN.equals(purpose) ? "auth.sms.failure" : "payout-phone.sms.failure",
                    Target.of("phone", mask(phone)),
                    "attempt " + c.attempts);
            if (left <= 0) {
                c.consumedAt = now;
                throw new ApiException(429, "sms-code-attempts-exceeded", config.maxAttempts());
            }
            throw new ApiException(badStatus, "sms-code-invalid", left).with("remainingAttempts", left);
        }
        c.consumedAt = now;
    }

    /** One phone's requests and verifications run one at a time, on every instance. */
    private void serialise(String phone) {
        locks.lock("sms:" + phone);
    }

    static String mask(String phone) {
        return phone.length() < 7 ? "***" : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    private static String hash(String salt, String code) {
        return Hashes.sha256(salt + ":" + code);
    }
}
