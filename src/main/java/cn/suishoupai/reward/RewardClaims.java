package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Times;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.report.ClaimCodeAccess;
import cn.suishoupai.report.Reporters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The resident's side of rewards: their own rewards with what to do for each to be paid, and the
 * claim of an anonymous report with its claim code, which makes the claimer its payee.
 */
@ApplicationScoped
public class RewardClaims {

    @Schema(name = "RewardClaimBody")
    public record ClaimBody(
            @FreeText(max = CLAIM_CODE_MAX, required = true, message = "field.required")
            String claimCode) {}

    /** Longer than any claim code, however it is typed (the codes are 16 characters). */
    static final int CLAIM_CODE_MAX = 32;

    @Schema(name = "RewardClaimed")
    public record Claimed(long reportId, Long rewardId, RewardState rewardState, Long amountFen, Instant claimedAt) {}

    /**
     * What a resident sees of their own reward. failureReason: the provider's reason of the last
     * failed payment. action/actionHint: what the resident should do for the reward to be paid
     * (null when nothing): see {@link PayoutAdvice}.
     */
    public record MyReward(
            long id,
            long ticketId,
            long reportId,
            RewardState state,
            String stateLabel,
            long amountFen,
            String amountYuan,
            Channel channel,
            boolean awaitingFine,
            String cutReason,
            Instant accruedAt,
            Instant paidAt,
            String cancelReason,
            String failureReason,
            PayoutAdvice.Action action,
            String actionHint) {}

    private final ClaimCodeAccess claimCodes;
    private final Reporters reporters;
    private final EntityManager em;
    private final RewardAccrual accrual;
    private final AdvisoryLocks locks;
    private final Audit audit;
    private final Clock clock;

    private final AccountFacts accounts;

    RewardClaims(
            EntityManager em,
            RewardAccrual accrual,
            AdvisoryLocks locks,
            Audit audit,
            Clock clock,
            ClaimCodeAccess claimCodes,
            Reporters reporters,
            AccountFacts accounts) {
        this.accounts = accounts;
        this.reporters = reporters;
        this.em = em;
        this.claimCodes = claimCodes;
        this.accrual = accrual;
        this.locks = locks;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Page<MyReward> mine(long accountId, int page, int size) {
        var q = Reward.<Reward>find("payeeAccountId", Sort.descending("accruedAt", "id"), accountId);
        List<Reward> rows = q.page(page, size).list();
        Account me = accounts.account(accountId);
        // when each failed reward's last payment failed: a payout phone verified since is the fix
        Map<Long, Instant> failedAt = new HashMap<>();
        List<Long> failed = rows.stream()
                .filter(r -> r.state == RewardState.FAILED)
                .map(r -> r.id)
                .toList();
        if (!failed.isEmpty()) {
            LedgerEntry.<LedgerEntry>list("rewardId in ?1 and kind = ?2", failed, LedgerEntry.Kind.FAILURE)
                    .forEach(e -> failedAt.merge(e.rewardId, e.at, (x, y) -> x.isAfter(y) ? x : y));
        }
        List<MyReward> items = rows.stream()
                .map(r -> {
                    Instant failure = failedAt.get(r.id);
                    boolean changedSince = failure != null
                            && me.payoutPhoneVerifiedAt != null
                            && me.payoutPhoneVerifiedAt.isAfter(failure);
                    PayoutAdvice.Advice advice = PayoutAdvice.of(
                            r.state,
                            r.awaitingFine,
                            r.amountFen,
                            r.channel,
                            r.channel.destination(me) != null,
                            r.failureReason,
                            changedSince);
                    return new MyReward(
                            r.id,
                            r.ticketId,
                            r.reportId,
                            r.state,
                            r.state.label,
                            r.amountFen,
                            RewardCalculator.yuan(r.amountFen),
                            r.channel,
                            r.awaitingFine,
                            r.cutReason,
                            r.accruedAt,
                            r.paidAt,
                            r.cancelReason,
                            r.state == RewardState.FAILED ? r.failureReason : null,
                            advice.action(),
                            advice.hint());
                })
                .toList();
        return new Page<>(items, q.count(), page, size);
    }

    /** Claims an anonymous report with its code; the claimer becomes the payee of its reward (now or when it accrues). */
    @Transactional
    public Claimed claim(ClaimBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("claimCode", "field.required");
        }
        String code = body.claimCode();
        Account claimer = accounts.account(actor.id());
        if (claimer == null || claimer.isStaff()) {
            throw ApiException.forbidden("forbidden");
        }
        ClaimCodeAccess.Attempt attempt = claimCodes.attempt(actor.id(), code); // 429 past the limits
        Long found = reporters.anonymousByClaimCode(attempt.hash());
        if (found == null) {
            throw ApiException.notFound("claim-code-unknown");
        }
        attempt.matched();
        long reportId = found;
        locks.lock("report-claim:" + reportId);
        reporters.lockTicketOf(reportId);
        @SuppressWarnings("unchecked")
        List<Object[]> existing = em.createNativeQuery(
                        "select account_id, claimed_at from report_claim where report_id = ?1")
                .setParameter(1, reportId)
                .getResultList();
        Instant now = clock.instant();
        Instant claimedAt = now;
        if (!existing.isEmpty()) {
            if (((Number) existing.get(0)[0]).longValue() != actor.id()) {
                throw ApiException.conflict("report-already-claimed", reportId).with("reportId", reportId);
            }
            claimedAt = Times.instant(existing.get(0)[1]);
        } else {
            em.createNativeQuery("insert into report_claim (report_id, account_id, claimed_at) values (?1, ?2, ?3)")
                    .setParameter(1, reportId)
                    .setParameter(2, actor.id())
                    .setParameter(3, now)
                    .executeUpdate();
            audit.record(actor, "REPORT_CLAIMED", Target.of("report", reportId), null);
        }
        Reward r = accrual.claimed(reportId, actor.id(), now);
        boolean mine = r != null && Long.valueOf(actor.id()).equals(r.payeeAccountId);
        em.flush(); // a concurrent change to the reward is a 409 here, not a failed commit
        return new Claimed(reportId, mine ? r.id : null, mine ? r.state : null, mine ? r.amountFen : null, claimedAt);
    }
}
