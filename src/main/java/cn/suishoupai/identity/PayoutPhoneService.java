package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * A resident's payout phone (收款手机号), where phone-credit rewards are topped up. Set or changed
 * only with an SMS code sent to the new number (the login codes' mechanism and per-phone limits,
 * purpose PAYOUT_PHONE, bound to the resident). A resident who logs in by phone is paid to that
 * phone until they set another; a WeChat resident has none until they set one.
 */
@ApplicationScoped
public class PayoutPhoneService {

    /** What a resident sees: the number masked, when it was verified, and whether it is their login phone. */
    public record PayoutPhone(String payoutPhoneMasked, Instant verifiedAt, boolean loginPhone) {}

    private final SmsLoginService sms;
    private final Audit audit;
    private final Clock clock;

    PayoutPhoneService(SmsLoginService sms, Audit audit, Clock clock) {
        this.sms = sms;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public PayoutPhone get(long accountId) {
        return view(resident(accountId, false));
    }

    @Transactional
    public SmsLoginService.CodeSent requestCode(long accountId, String phone, String clientIp) {
        resident(accountId, false);
        return sms.issue(phone, clientIp, SmsChallenge.PAYOUT_PHONE, accountId);
    }

    /** The code is checked (and an attempt counted) even when the answer is an error, hence dontRollbackOn. */
    @Transactional(dontRollbackOn = ApiException.class)
    public PayoutPhone confirm(long accountId, String phone, String code, String clientIp) {
        sms.check(phone, code, clientIp, SmsChallenge.PAYOUT_PHONE, accountId, 422);
        Account a = resident(accountId, true);
        Instant now = clock.instant();
        String before = a.payoutPhone();
        a.payoutPhone = phone;
        a.payoutPhoneVerifiedAt = now;
        a.updatedAt = now;
        a.persistAndFlush();
        audit.record(
                Actor.of(a.id, a.displayName, clientIp),
                "PAYOUT_PHONE_VERIFIED",
                Target.of("account", a.id),
                "{\"from\":" + (before == null ? "null" : "\"" + SmsLoginService.mask(before) + "\"") + ",\"to\":\""
                        + SmsLoginService.mask(phone) + "\"}");
        return view(a);
    }

    private static Account resident(long accountId, boolean lock) {
        Account a = lock ? Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE) : Account.findById(accountId);
        if (a == null || a.kind != Account.Kind.RESIDENT) {
            throw ApiException.forbidden("forbidden");
        }
        return a;
    }

    private static PayoutPhone view(Account a) {
        String p = a.payoutPhone();
        return new PayoutPhone(
                p == null ? null : SmsLoginService.mask(p),
                a.payoutPhone != null ? a.payoutPhoneVerifiedAt : null,
                a.payoutPhone == null && a.phone != null);
    }
}
