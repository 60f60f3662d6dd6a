package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Matches;
import cn.suishoupai.common.Required;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.region.ScopeTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Settlement (DOMAIN §7): finance builds a batch from approved (and earlier failed) rewards, exports
 * it once, downloads the files, and records each line's result. A reward is pending in at most one
 * batch (database index); results take the batch row lock, so two deliveries of the same results
 * cannot pay twice; a repeated identical result changes nothing. A payment recorded by mistake is
 * corrected by {@link FinanceRewards#reversePayment}, not here.
 */
@ApplicationScoped
public class PayoutBatches {

    @Schema(name = "PayoutBuildBody")
    public record BuildBody(
            @Required Long regionId,

            @Matches(regexp = Months.REGEX, message = "field.month.format")
            String month,

            Channel channel,
            Boolean includeFailed) {}

    @Schema(name = "PayoutResultsBody")
    public record ResultsBody(List<PayoutResults.ResultLine> lines) {}

    public record Recorded(PayoutViews.BatchView batch, int applied, int unchanged) {}

    private final EntityManager em;
    private final PayoutViews views;
    private final RewardsConfig config;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final AccountFacts accounts;
    private final Event<Object> events;

    PayoutBatches(
            EntityManager em,
            PayoutViews views,
            RewardsConfig config,
            Audit audit,
            Json json,
            Clock clock,
            AccountFacts accounts,
            Event<Object> events) {
        this.accounts = accounts;
        this.events = events;
        this.em = em;
        this.views = views;
        this.config = config;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public PayoutViews.BatchDetail build(BuildBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("regionId", "field.required");
        }
        if (!ScopeTree.reach(em, actor.regionIds()).contains(body.regionId())) {
            throw ApiException.invalidField("regionId", "field.region.out-of-scope");
        }
        Channel channel = body.channel() == null ? config.defaultChannel() : body.channel();
        boolean includeFailed = body.includeFailed() == null || body.includeFailed();
        Selection selection = new Selection(body.regionId(), channel, body.month(), includeFailed);
        // whose payee has the destination is identity's answer, for the payees of the selection at once
        List<Long> selectedPayees = payeesOf(selection);
        Set<Long> reachable = channel.reachable(accounts, selectedPayees);
        List<Long> unreachable =
                selectedPayees.stream().filter(id -> !reachable.contains(id)).toList();
        List<Long> ids = reachable.isEmpty() ? List.of() : rewardsOf(selection, reachable, config.maxBatchLines());
        long missing = unreachable.isEmpty() ? 0 : countOf(selection, unreachable);
        List<PayoutViews.Skipped> skipped = missing == 0
                ? List.of()
                : List.of(new PayoutViews.Skipped(channel.missing, channel.missingLabel, missing));
        if (ids.isEmpty()) {
            throw ApiException.unprocessable("payout-batch-empty").with("skipped", skipped);
        }
        Instant now = clock.instant();
        PayoutBatch b = PayoutBatch.open(body.regionId(), channel, body.month(), actor.id(), now);
        b.persist();
        // one query for all the rewards (up to max-batch-lines), then the lines in the selected order
        Map<Long, Reward> rewards = new HashMap<>();
        Reward.<Reward>list("id in ?1", ids).forEach(r -> rewards.put(r.id, r));
        Map<Long, Account> payees = views.payees(rewards.values());
        for (Long id : ids) {
            Reward r = rewards.get(id);
            b.add(r, channel.destination(payees.get(r.payeeAccountId)), now).persist();
        }
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("regionId", b.regionId);
        d.put("channel", channel.name());
        d.put("month", b.month);
        d.put("lines", b.lineCount);
        d.put("totalFen", b.totalFen);
        d.put("skipped", skipped);
        audit.record(actor, "PAYOUT_BATCH_BUILT", Target.of("payout_batch", b.id), json.write(d));
        PayoutViews.BatchDetail built = views.detail(b);
        return new PayoutViews.BatchDetail(built.batch(), built.lines(), skipped);
    }

    /**
     * The rewards a build takes: payable ones (approved, and failed unless includeFailed is false, a
     * positive amount) of the channel and month (null: any) at or below the region. Ids go to the database
     * as one array parameter each ({@code = any(?n)}), never as an IN list of one parameter per id: a
     * township may have more payees than a statement may have parameters (65 535); the region is the one
     * root of {@link ScopeTree#sql}, however many regions lie below it.
     */
    record Selection(long regionId, Channel channel, String month, boolean includeFailed) {

        String sql(String select, String more) {
            return select + " from reward w where " + ScopeTree.sql("coalesce(w.grid_id, w.township_id)", "?1")
                    + " and w.state in ("
                    + (includeFailed ? "'APPROVED', 'FAILED'" : "'APPROVED'") + ") and w.amount_fen > 0 "
                    + "and w.channel = ?2 and (cast(?3 as varchar) is null or w.accrual_month = ?3) " + more;
        }

        Query bind(Query q) {
            return q.setParameter(1, ScopeTree.roots(regionId))
                    .setParameter(2, channel.name())
                    .setParameter(3, month);
        }
    }

    /** The payees of the selection. */
    List<Long> payeesOf(Selection s) {
        @SuppressWarnings("unchecked")
        List<Number> rows = s.bind(em.createNativeQuery(
                        s.sql("select distinct w.payee_account_id", "and w.payee_account_id is not null")))
                .getResultList();
        return rows.stream().map(Number::longValue).toList();
    }

    /**
     * The selection's rewards of these payees, oldest accrual first, at most limit, locked; rows a
     * concurrent build has locked are skipped: they are going into that batch.
     */
    List<Long> rewardsOf(Selection s, Collection<Long> payees, int limit) {
        @SuppressWarnings("unchecked")
        List<Number> rows = s.bind(em.createNativeQuery(s.sql(
                        "select w.id",
                        "and w.payee_account_id = any(?4) order by w.accrued_at, w.id limit ?5 "
                                + "for update of w skip locked")))
                .setParameter(4, payees.toArray(Long[]::new))
                .setParameter(5, limit)
                .getResultList();
        return rows.stream().map(Number::longValue).toList();
    }

    /** How many of the selection's rewards have one of these payees. */
    long countOf(Selection s, Collection<Long> payees) {
        return ((Number) s.bind(em.createNativeQuery(s.sql("select count(*)", "and w.payee_account_id = any(?4)")))
                        .setParameter(4, payees.toArray(Long[]::new))
                        .getSingleResult())
                .longValue();
    }

    /** OPEN → EXPORTED, once: the files can be downloaded from then on, and results recorded. */
    @Transactional
    public PayoutViews.BatchView export(long id, Actor actor) {
        PayoutBatch b = views.inScope(actor, id, true);
        b.export(actor.id(), clock.instant());
        em.flush();
        audit.record(
                actor,
                "PAYOUT_BATCH_EXPORTED",
                Target.of("payout_batch", b.id),
                json.write(Map.of("lines", b.lineCount, "totalFen", b.totalFen)));
        return views.view(b);
    }

    /** OPEN only: the rewards go back to where they were, nothing was paid. */
    @Transactional
    public PayoutViews.BatchView discard(long id, Actor actor) {
        PayoutBatch b = views.inScope(actor, id, true);
        Instant now = clock.instant();
        b.discard(actor.id(), now);
        List<PayoutLine> lines = PayoutLine.list("batchId", b.id);
        Map<Long, Reward> rewards = PayoutViews.rewards(lines);
        for (PayoutLine l : lines) {
            l.discarded(rewards.get(l.rewardId), now);
        }
        em.flush();
        audit.record(actor, "PAYOUT_BATCH_DISCARDED", Target.of("payout_batch", b.id), null);
        return views.view(b);
    }

    /**
     * Per-line results: PAID with the provider's reference, or FAILED with the reason. All or
     * nothing: any invalid line is a 422 naming it and nothing is recorded ({@link PayoutResults}).
     * A line that already has the same result is left alone (a retried delivery); another result for it is 409.
     */
    @Transactional
    public Recorded record(long id, ResultsBody body, Actor actor) {
        List<PayoutResults.ResultLine> lines = PayoutResults.requireCount(body == null ? null : body.lines());
        PayoutBatch b = views.inScope(actor, id, true);
        b.requireExported();
        Map<Long, PayoutLine> byReward = new HashMap<>();
        PayoutLine.<PayoutLine>find("batchId = ?1 and status <> ?2", b.id, PayoutLine.Status.DISCARDED)
                .list()
                .forEach(l -> byReward.put(l.rewardId, l));
        PayoutResults.validate(lines, byReward.keySet());
        Instant now = clock.instant();
        int applied = 0;
        int unchanged = 0;
        for (PayoutResults.ResultLine in : lines) {
            PayoutLine l = byReward.get(in.rewardId());
            String ref = PayoutResults.value(in.externalRef());
            String reason = PayoutResults.value(in.reason());
            if (l.alreadyRecorded(in.status(), ref, reason)) {
                unchanged++;
                continue;
            }
            Reward r = Reward.findById(l.rewardId);
            if (in.status() == PayoutLine.Status.PAID) {
                b.paid(l, ref, actor.id(), now);
                r.paid(ref, now);
                LedgerEntry.append(r.id, b.id, LedgerEntry.Kind.PAYMENT, l.amountFen, null, ref, actor.id(), now);
                events.fire(new RewardPaid(r.id, r.ticketId, r.payeeAccountId, l.amountFen, r.channel));
            } else {
                b.failed(l, reason, actor.id(), now);
                r.failed(reason, now);
                LedgerEntry.append(r.id, b.id, LedgerEntry.Kind.FAILURE, l.amountFen, null, reason, actor.id(), now);
                paymentFailed(r, l.amountFen, reason);
            }
            applied++;
        }
        b.closeIfSettled(byReward.values(), now);
        em.flush();
        if (applied > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("applied", applied);
            d.put("unchanged", unchanged);
            d.put("paidFen", b.paidFen);
            d.put("failedFen", b.failedFen);
            d.put("state", b.state.name());
            audit.record(actor, "PAYOUT_RESULTS_RECORDED", Target.of("payout_batch", b.id), json.write(d));
        }
        return new Recorded(views.view(b), applied, unchanged);
    }

    /** The payee hears of the failure with what they can do (DOMAIN §7): the same advice as their reward list. */
    private void paymentFailed(Reward r, long amountFen, String reason) {
        Account payee = r.payeeAccountId == null ? null : accounts.account(r.payeeAccountId);
        PayoutAdvice.Advice advice = PayoutAdvice.of(
                r.state, r.awaitingFine, r.amountFen, r.channel, r.channel.destination(payee) != null, reason, false);
        events.fire(new RewardPaymentFailed(
                r.id, r.ticketId, r.payeeAccountId, amountFen, r.channel, reason, advice.action(), advice.hint()));
    }
}
