package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.IdList;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Required;
import cn.suishoupai.region.ScopeTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Finance's decisions on rewards in its regions: approve (one or many), change the channel, cancel,
 * and reverse a payment recorded by mistake. Each answers the reward as finance sees it
 * ({@link FinanceRewardViews}); a reward outside the caller's regions is 404.
 */
@ApplicationScoped
public class FinanceRewards {

    /** A finance request to approve many rewards at once. */
    @Schema(name = "RewardApproveMany")
    public record ApproveMany(
            @IdList(max = APPROVE_MANY_MAX, message = "field.ids.count", nullMessage = "field.ids.null")
            List<Long> ids) {}

    /** An id that could not be approved: the problem code a single approval would answer, and the reward's state. */
    @Schema(name = "RewardApprovalRefused")
    public record Refused(long id, String code, RewardState state) {}

    /**
     * The answer to a bulk approval, ids ascending. approved: ids that are approved now (including those
     * approved before, or since batched or paid); notFound: unknown or outside the caller's regions
     * (not told apart); refused: ids that cannot be approved, with the reason.
     */
    @Schema(name = "RewardApprovedMany")
    public record ApprovedMany(List<Long> approved, List<Long> notFound, List<Refused> refused) {}

    @Schema(name = "RewardChannelBody")
    public record ChannelBody(@Required Channel channel) {}

    static final int APPROVE_MANY_MAX = 200;

    private final EntityManager em;
    private final FinanceRewardViews views;
    private final Audit audit;
    private final Json json;
    private final Clock clock;

    FinanceRewards(EntityManager em, FinanceRewardViews views, Audit audit, Json json, Clock clock) {
        this.em = em;
        this.views = views;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public FinanceRewardViews.FinanceReward approve(long id, Long version, Actor actor) {
        Reward r = views.inScope(actor, id, false);
        requireVersion(r, version);
        Instant now = clock.instant();
        r.approve(actor.id(), now);
        em.flush();
        audit.record(actor, "REWARD_APPROVED", Target.of("reward", r.id), json.write(Map.of("amountFen", r.amountFen)));
        return views.view(r);
    }

    /**
     * Approves many rewards in one transaction, idempotently: each id is approved if it can be, or
     * counted approved if it already was (and maybe since batched or paid); ids that are unknown or
     * outside the caller's regions are listed as not found, without telling which; ids that cannot be
     * approved are listed with the code a single approval would answer. Repeating the call changes
     * nothing and gives the same answer. Rows are locked in id order, so two bulk calls cannot deadlock.
     */
    @Transactional
    public ApprovedMany approveMany(ApproveMany body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("ids", "field.required");
        }
        TreeSet<Long> ids = new TreeSet<>(body.ids());
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        Map<Long, Reward> found = new HashMap<>();
        Reward.<Reward>find("id in ?1 order by id", ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .forEach(r -> found.put(r.id, r));
        scope.load(found.values().stream()
                .map(r -> r.gridId != null ? r.gridId : r.townshipId)
                .toList());
        Instant now = clock.instant();
        List<Long> approved = new ArrayList<>();
        List<Long> notFound = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (Long id : ids) {
            Reward r = found.get(id);
            if (r == null || !scope.contains(r.gridId != null ? r.gridId : r.townshipId)) {
                notFound.add(id);
                continue;
            }
            switch (r.state) {
                case APPROVED, IN_BATCH, PAID, FAILED -> approved.add(id);
                case CANCELLED -> refused.add(new Refused(id, "reward-illegal-transition", r.state));
                case ACCRUED -> {
                    try {
                        r.approve(actor.id(), now);
                        audit.record(
                                actor,
                                "REWARD_APPROVED",
                                Target.of("reward", r.id),
                                json.write(Map.of("amountFen", r.amountFen, "bulk", true)));
                        approved.add(id);
                    } catch (ApiException e) {
                        refused.add(new Refused(id, e.code(), r.state));
                    }
                }
            }
        }
        em.flush();
        return new ApprovedMany(approved, notFound, refused);
    }

    /**
     * Finance changes a reward's channel before it is batched (ACCRUED, APPROVED, or FAILED and so
     * waiting for a later batch), e.g. to phone credit for a payee without WeChat. Audited; the
     * ledger is untouched (no money moves). The same channel again changes nothing.
     */
    @Transactional
    public FinanceRewardViews.FinanceReward changeChannel(long id, ChannelBody body, Long version, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("channel", "field.required");
        }
        Reward r = views.inScope(actor, id, true);
        requireVersion(r, version);
        Channel from = r.channel;
        if (r.changeChannel(body.channel(), clock.instant())) {
            em.flush();
            audit.record(
                    actor,
                    "REWARD_CHANNEL_CHANGED",
                    Target.of("reward", r.id),
                    json.write(Map.of("from", from.name(), "to", r.channel.name(), "state", r.state.name())));
        }
        return views.view(r);
    }

    @Transactional
    public FinanceRewardViews.FinanceReward cancel(long id, ReasonBody body, Long version, Actor actor) {
        String reason = ReasonBody.required(body);
        Reward r = views.inScope(actor, id, false);
        requireVersion(r, version);
        cancel(r, reason, actor, clock.instant());
        return views.view(r);
    }

    /** Cancels with a CANCELLATION ledger entry, audited; also how a fraud mark releases a reward. */
    void cancel(Reward r, String reason, Actor actor, Instant now) {
        r.cancel(actor.id(), reason, now);
        LedgerEntry.append(r.id, null, LedgerEntry.Kind.CANCELLATION, r.amountFen, null, reason, actor.id(), now);
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("amountFen", r.amountFen);
        audit.record(actor, "REWARD_CANCELLED", Target.of("reward", r.id), json.write(d));
    }

    /**
     * Corrects a payment recorded by mistake (the provider reversed it, or the wrong line was marked
     * paid): PAID → APPROVED. The ledger stays append-only: a REVERSAL entry names the PAYMENT entry
     * and its batch and offsets it exactly; the payout line becomes REVERSED (it keeps its reference)
     * and its amount moves from the batch's paid to its reversed sum. The reward may then go into a
     * later batch and be paid again: at most one payment per reward stands at any time.
     */
    @Transactional
    public FinanceRewardViews.FinanceReward reversePayment(long id, ReasonBody body, Long version, Actor actor) {
        String reason = ReasonBody.required(body);
        Reward r = views.inScope(actor, id, true);
        requireVersion(r, version);
        if (r.state != RewardState.PAID) {
            throw ApiException.conflict("reward-not-paid", r.id, r.state.name())
                    .with("rewardId", r.id)
                    .with("state", r.state.name());
        }
        PayoutLine line = PayoutLine.<PayoutLine>find("rewardId = ?1 and status = ?2", r.id, PayoutLine.Status.PAID)
                .firstResult();
        if (line == null) {
            throw new IllegalStateException("paid reward " + r.id + " has no paid payout line");
        }
        // lock order reward → batch; results (batch → its IN_BATCH rewards) never touch a PAID reward
        PayoutBatch b = PayoutBatch.findById(line.batchId, LockModeType.PESSIMISTIC_WRITE);
        LedgerEntry payment = LedgerEntry.<LedgerEntry>find(
                        "rewardId = ?1 and batchId = ?2 and kind = ?3", r.id, b.id, LedgerEntry.Kind.PAYMENT)
                .firstResult();
        if (payment == null
                || payment.amountFen != line.amountFen
                || LedgerEntry.count("reversesEntryId", payment.id) > 0) {
            throw new IllegalStateException("reward " + r.id + ": no standing payment entry for batch " + b.id);
        }
        Instant now = clock.instant();
        String ref = line.externalRef;
        r.paymentReversed(now);
        b.reversed(line, actor.id(), reason, now);
        LedgerEntry.append(
                r.id, b.id, LedgerEntry.Kind.REVERSAL, -payment.amountFen, payment.id, reason, actor.id(), now);
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("amountFen", payment.amountFen);
        d.put("batchId", b.id);
        d.put("lineNo", line.lineNo);
        d.put("externalRef", ref);
        d.put("paymentEntryId", payment.id);
        audit.record(actor, "REWARD_PAYMENT_REVERSED", Target.of("reward", r.id), json.write(d));
        return views.view(r);
    }

    static void requireVersion(Reward r, Long expected) {
        if (expected != null && expected != r.version) {
            throw ApiException.conflict("stale-version").with("rewardId", r.id).with("version", r.version);
        }
    }
}
