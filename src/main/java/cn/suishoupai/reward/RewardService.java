package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.common.Pii;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.identity.Account;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.report.ClaimCodeAccess;
import cn.suishoupai.report.Reporters;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finance, resident and dispatcher operations on rewards: approve, cancel, lists, the resident's
 * own rewards and claims, fraud marks and fines. Scope: finance and dispatchers see rewards whose
 * grid (or township) lies in their regions; anything else is 404.
 */
@ApplicationScoped
public class RewardService {

    static final Pattern MONTH = Pattern.compile("^[0-9]{4}-(0[1-9]|1[0-2])$");

    public record ReasonBody(String reason) {
    }

    public record ClaimBody(String claimCode) {
    }

    public record FineBody(Long fineFen) {
    }

    private final ClaimCodeAccess claimCodes;
    private final EntityManager em;
    private final RewardAccrual accrual;
    private final AdvisoryLocks locks;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final Reporters reporters;

    RewardService(EntityManager em, RewardAccrual accrual, AdvisoryLocks locks, Audit audit, Json json, Clock clock,
                  ClaimCodeAccess claimCodes, Reporters reporters) {
        this.reporters = reporters;
        this.em = em;
        this.claimCodes = claimCodes;
        this.accrual = accrual;
        this.locks = locks;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ finance

    @Transactional
    public Page<RewardViews.FinanceReward> list(Collection<Long> scopeRoots, RewardState state, Long regionId, String month,
                                                Channel channel, Long ticketId, int page, int size, Actor actor) {
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        if (month != null && !MONTH.matcher(month).matches()) {
            throw ApiException.invalidField("month", "field.month.format");
        }
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        StringBuilder where = new StringBuilder("coalesce(gridId, townshipId) in :scope");
        Parameters p = Parameters.with("scope", scope);
        if (state != null) {
            where.append(" and state = :state");
            p.and("state", state);
        }
        if (regionId != null) {
            Set<Long> under = ScopeTree.below(em, List.of(regionId));
            where.append(" and coalesce(gridId, townshipId) in :under");
            p.and("under", under.isEmpty() ? Set.of(-1L) : under);
        }
        if (month != null) {
            where.append(" and accrualMonth = :month");
            p.and("month", month);
        }
        if (channel != null) {
            where.append(" and channel = :channel");
            p.and("channel", channel);
        }
        if (ticketId != null) {
            where.append(" and ticketId = :ticketId");
            p.and("ticketId", ticketId);
        }
        var q = Reward.<Reward>find(where.toString(), Sort.descending("accruedAt", "id"), p);
        List<Reward> rows = q.page(page, size).list();
        payeesViewed(rows.stream().map(r -> r.id).toList(), actor);
        return new Page<>(finance(rows), q.count(), page, size);
    }

    @Transactional
    public RewardViews.FinanceDetail detail(Collection<Long> scopeRoots, long id, Actor actor) {
        Reward r = inScope(scopeRoots, id);
        List<RewardViews.Entry> ledger = LedgerEntry.<LedgerEntry>find("rewardId = ?1 order by id", r.id).list().stream()
                .map(e -> new RewardViews.Entry(e.id, e.kind, e.amountFen, e.batchId, e.reversesEntryId, Pii.mask(e.reason), e.actorId, e.at))
                .toList();
        payeesViewed(List.of(r.id), actor);
        return new RewardViews.FinanceDetail(finance(List.of(r)).get(0), ledger);
    }

    @Transactional
    public RewardViews.FinanceReward approve(Collection<Long> scopeRoots, long id, Long version, Actor actor) {
        Reward r = inScope(scopeRoots, id);
        requireVersion(r, version);
        Instant now = clock.instant();
        r.approve(actor.id(), now);
        em.flush();
        audit.record(actor.id(), actor.name(), "REWARD_APPROVED", "reward", String.valueOf(r.id), actor.clientIp(),
                json.write(Map.of("amountFen", r.amountFen)));
        return finance(List.of(r)).get(0);
    }

    static final int APPROVE_MANY_MAX = 200;

    /**
     * Approves many rewards in one transaction, idempotently: each id is approved if it can be, or
     * counted approved if it already was (and maybe since batched or paid); ids that are unknown or
     * outside the caller's regions are listed as not found, without telling which; ids that cannot be
     * approved are listed with the code a single approval would answer. Repeating the call changes
     * nothing and gives the same answer. Rows are locked in id order, so two bulk calls cannot deadlock.
     */
    @Transactional
    public RewardViews.ApprovedMany approveMany(Collection<Long> scopeRoots, RewardViews.ApproveMany body, Actor actor) {
        List<Long> asked = body == null || body.ids() == null ? List.of() : body.ids();
        if (asked.isEmpty()) {
            throw ApiException.invalidField("ids", "field.required");
        }
        if (asked.stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiException.invalidField("ids", "field.ids.null");
        }
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>(asked);
        if (ids.size() > APPROVE_MANY_MAX) {
            throw ApiException.invalidField("ids", "field.ids.count", APPROVE_MANY_MAX);
        }
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        Map<Long, Reward> found = new HashMap<>();
        Reward.<Reward>find("id in ?1 order by id", ids).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .forEach(r -> found.put(r.id, r));
        Instant now = clock.instant();
        List<Long> approved = new ArrayList<>();
        List<Long> notFound = new ArrayList<>();
        List<RewardViews.Refused> refused = new ArrayList<>();
        for (Long id : ids) {
            Reward r = found.get(id);
            if (r == null || !scope.contains(r.gridId != null ? r.gridId : r.townshipId)) {
                notFound.add(id);
                continue;
            }
            switch (r.state) {
                case APPROVED, IN_BATCH, PAID, FAILED -> approved.add(id);
                case CANCELLED -> refused.add(new RewardViews.Refused(id, "reward-illegal-transition", r.state));
                case ACCRUED -> {
                    try {
                        r.approve(actor.id(), now);
                        audit.record(actor.id(), actor.name(), "REWARD_APPROVED", "reward", String.valueOf(r.id), actor.clientIp(),
                                json.write(Map.of("amountFen", r.amountFen, "bulk", true)));
                        approved.add(id);
                    } catch (ApiException e) {
                        refused.add(new RewardViews.Refused(id, e.code(), r.state));
                    }
                }
            }
        }
        em.flush();
        return new RewardViews.ApprovedMany(approved, notFound, refused);
    }

    /**
     * Finance changes a reward's channel before it is batched (ACCRUED, APPROVED, or FAILED and so
     * waiting for a later batch), e.g. to phone credit for a payee without WeChat. Audited; the
     * ledger is untouched (no money moves). The same channel again changes nothing.
     */
    @Transactional
    public RewardViews.FinanceReward changeChannel(Collection<Long> scopeRoots, long id, RewardViews.ChannelBody body, Long version,
                                                   Actor actor) {
        if (body == null || body.channel() == null) {
            throw ApiException.invalidField("channel", "field.required");
        }
        Reward r = inScope(scopeRoots, id, true);
        requireVersion(r, version);
        Channel from = r.channel;
        if (r.changeChannel(body.channel(), clock.instant())) {
            em.flush();
            audit.record(actor.id(), actor.name(), "REWARD_CHANNEL_CHANGED", "reward", String.valueOf(r.id), actor.clientIp(),
                    json.write(Map.of("from", from.name(), "to", r.channel.name(), "state", r.state.name())));
        }
        return finance(List.of(r)).get(0);
    }

    @Transactional
    public RewardViews.FinanceReward cancel(Collection<Long> scopeRoots, long id, ReasonBody body, Long version, Actor actor) {
        String reason = requiredReason(body == null ? null : body.reason());
        Reward r = inScope(scopeRoots, id);
        requireVersion(r, version);
        cancel(r, reason, actor, clock.instant());
        return finance(List.of(r)).get(0);
    }

    private void cancel(Reward r, String reason, Actor actor, Instant now) {
        r.cancel(actor.id(), reason, now);
        LedgerEntry.append(r.id, null, LedgerEntry.Kind.CANCELLATION, r.amountFen, null, reason, actor.id(), now);
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("amountFen", r.amountFen);
        audit.record(actor.id(), actor.name(), "REWARD_CANCELLED", "reward", String.valueOf(r.id), actor.clientIp(), json.write(d));
    }

    /**
     * Corrects a payment recorded by mistake (the provider reversed it, or the wrong line was marked
     * paid): PAID → APPROVED. The ledger stays append-only: a REVERSAL entry names the PAYMENT entry
     * and its batch and offsets it exactly; the payout line becomes REVERSED (it keeps its reference)
     * and its amount moves from the batch's paid to its reversed sum. The reward may then go into a
     * later batch and be paid again: at most one payment per reward stands at any time.
     */
    @Transactional
    public RewardViews.FinanceReward reversePayment(Collection<Long> scopeRoots, long id, ReasonBody body, Long version, Actor actor) {
        String reason = requiredReason(body == null ? null : body.reason());
        Reward r = inScope(scopeRoots, id, true);
        requireVersion(r, version);
        if (r.state != RewardState.PAID) {
            throw ApiException.conflict("reward-not-paid", r.id, r.state.name()).with("rewardId", r.id).with("state", r.state.name());
        }
        PayoutLine line = PayoutLine.<PayoutLine>find("rewardId = ?1 and status = ?2", r.id, PayoutLine.Status.PAID).firstResult();
        if (line == null) {
            throw new IllegalStateException("paid reward " + r.id + " has no paid payout line");
        }
        // lock order reward → batch; results (batch → its IN_BATCH rewards) never touch a PAID reward
        PayoutBatch b = PayoutBatch.findById(line.batchId, LockModeType.PESSIMISTIC_WRITE);
        LedgerEntry payment = LedgerEntry.<LedgerEntry>find("rewardId = ?1 and batchId = ?2 and kind = ?3", r.id, b.id,
                LedgerEntry.Kind.PAYMENT).firstResult();
        if (payment == null || payment.amountFen != line.amountFen
                || LedgerEntry.count("reversesEntryId", payment.id) > 0) {
            throw new IllegalStateException("reward " + r.id + ": no standing payment entry for batch " + b.id);
        }
        Instant now = clock.instant();
        String ref = line.externalRef;
        r.paymentReversed(now);
        line.status = PayoutLine.Status.REVERSED;
        line.reversedAt = now;
        line.reversedBy = actor.id();
        line.reversalReason = reason;
        b.paidFen -= line.amountFen;
        b.reversedFen += line.amountFen;
        LedgerEntry.append(r.id, b.id, LedgerEntry.Kind.REVERSAL, -payment.amountFen, payment.id, reason, actor.id(), now);
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("amountFen", payment.amountFen);
        d.put("batchId", b.id);
        d.put("lineNo", line.lineNo);
        d.put("externalRef", ref);
        d.put("paymentEntryId", payment.id);
        audit.record(actor.id(), actor.name(), "REWARD_PAYMENT_REVERSED", "reward", String.valueOf(r.id), actor.clientIp(), json.write(d));
        return finance(List.of(r)).get(0);
    }

    // ------------------------------------------------------------------ resident

    @Transactional
    public Page<RewardViews.MyReward> mine(long accountId, int page, int size) {
        var q = Reward.<Reward>find("payeeAccountId", Sort.descending("accruedAt", "id"), accountId);
        List<Reward> rows = q.page(page, size).list();
        Account me = Account.findById(accountId);
        // when each failed reward's last payment failed: a payout phone verified since is the fix
        Map<Long, Instant> failedAt = new HashMap<>();
        List<Long> failed = rows.stream().filter(r -> r.state == RewardState.FAILED).map(r -> r.id).toList();
        if (!failed.isEmpty()) {
            LedgerEntry.<LedgerEntry>list("rewardId in ?1 and kind = ?2", failed, LedgerEntry.Kind.FAILURE)
                    .forEach(e -> failedAt.merge(e.rewardId, e.at, (x, y) -> x.isAfter(y) ? x : y));
        }
        List<RewardViews.MyReward> items = rows.stream().map(r -> {
            Instant failure = failedAt.get(r.id);
            boolean changedSince = failure != null && me.payoutPhoneVerifiedAt != null && me.payoutPhoneVerifiedAt.isAfter(failure);
            PayoutAdvice.Advice advice = PayoutAdvice.of(r.state, r.awaitingFine, r.amountFen, r.channel,
                    r.channel.destination(me) != null, r.failureReason, changedSince);
            return new RewardViews.MyReward(r.id, r.ticketId, r.reportId, r.state, r.state.label, r.amountFen,
                    RewardCalculator.yuan(r.amountFen), r.channel, r.awaitingFine, r.cutReason, r.accruedAt, r.paidAt, r.cancelReason,
                    r.state == RewardState.FAILED ? r.failureReason : null, advice.action(), advice.hint());
        }).toList();
        return new Page<>(items, q.count(), page, size);
    }

    /** Claims an anonymous report with its code; the claimer becomes the payee of its reward (now or when it accrues). */
    @Transactional
    public RewardViews.Claimed claim(ClaimBody body, Actor actor) {
        String code = body == null ? null : body.claimCode();
        if (code == null || code.isBlank() || code.length() > 32) {
            throw ApiException.invalidField("claimCode", "field.required");
        }
        Account claimer = Account.findById(actor.id());
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
        List<Object[]> existing = em.createNativeQuery("select account_id, claimed_at from report_claim where report_id = ?1")
                .setParameter(1, reportId).getResultList();
        Instant now = clock.instant();
        Instant claimedAt = now;
        if (!existing.isEmpty()) {
            if (((Number) existing.get(0)[0]).longValue() != actor.id()) {
                throw ApiException.conflict("report-already-claimed", reportId).with("reportId", reportId);
            }
            claimedAt = cn.suishoupai.common.Times.instant(existing.get(0)[1]);
        } else {
            em.createNativeQuery("insert into report_claim (report_id, account_id, claimed_at) values (?1, ?2, ?3)")
                    .setParameter(1, reportId).setParameter(2, actor.id()).setParameter(3, now).executeUpdate();
            audit.record(actor.id(), actor.name(), "REPORT_CLAIMED", "report", String.valueOf(reportId), actor.clientIp(), null);
        }
        Reward r = accrual.claimed(reportId, actor.id(), now);
        boolean mine = r != null && Long.valueOf(actor.id()).equals(r.payeeAccountId);
        em.flush(); // a concurrent change to the reward is a 409 here, not a failed commit
        return new RewardViews.Claimed(reportId, mine ? r.id : null, mine ? r.state : null, mine ? r.amountFen : null, claimedAt);
    }

    // ------------------------------------------------------------------ dispatcher / finance: fraud and fines

    /** A report marked fraudulent is never rewarded; its reward, if not yet paid, is cancelled. */
    @Transactional
    public RewardViews.Fraud markFraudulent(Collection<Long> scopeRoots, long reportId, ReasonBody body, Actor actor) {
        String reason = requiredReason(body == null ? null : body.reason());
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        Long place = reporters.placeOf(reportId);
        if (place == null || !scope.contains(place)) {
            throw ApiException.notFound("report-not-found", reportId);
        }
        locks.lock("report-fraud:" + reportId);
        reporters.lockTicketOf(reportId);
        if (!em.createNativeQuery("select 1 from report_fraud where report_id = ?1").setParameter(1, reportId).getResultList().isEmpty()) {
            throw ApiException.conflict("report-already-fraudulent", reportId).with("reportId", reportId);
        }
        Instant now = clock.instant();
        Reward r = Reward.find("reportId", reportId).firstResult();
        if (r != null && r.state == RewardState.IN_BATCH) {
            // the provider may be paying it right now: finance records the line's result first
            throw ApiException.conflict("reward-in-batch", r.id).with("rewardId", r.id);
        }
        em.createNativeQuery("insert into report_fraud (report_id, reason, marked_by, marked_at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, reportId).setParameter(2, reason).setParameter(3, actor.id()).setParameter(4, now).executeUpdate();
        audit.record(actor.id(), actor.name(), "REPORT_MARKED_FRAUDULENT", "report", String.valueOf(reportId), actor.clientIp(),
                json.write(Map.of("reason", reason)));
        if (r != null && r.state != RewardState.PAID && r.state != RewardState.CANCELLED) {
            cancel(r, "FRAUDULENT: " + reason.substring(0, Math.min(reason.length(), 500 - "FRAUDULENT: ".length())), actor, now);
        }
        return new RewardViews.Fraud(reportId, Pii.mask(reason), now, r == null ? null : r.id, r == null ? null : r.state);
    }

    /** Finance views show who is paid (name, masked phone): each read is audited (DOMAIN §9). */
    void payeesViewed(List<Long> rewardIds, Actor actor) {
        if (!rewardIds.isEmpty()) {
            audit.record(actor.id(), actor.name(), "REWARD_PAYEES_VIEWED", "reward", null, actor.clientIp(),
                    json.write(Map.of("rewardIds", rewardIds)));
        }
    }

    /** Records a ticket's fine (once); a reward waiting for it under a fine-based rule accrues now. */
    @Transactional
    public RewardViews.Fine recordFine(Collection<Long> scopeRoots, long ticketId, FineBody body, Actor actor) {
        if (body == null || body.fineFen() == null) {
            throw ApiException.invalidField("fineFen", "field.required");
        }
        if (body.fineFen() < 1 || body.fineFen() > 100_000_000_000L) {
            throw ApiException.invalidField("fineFen", "field.fen.range");
        }
        Ticket t = Ticket.findById(ticketId);
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        if (t == null || !scope.contains(t.gridId != null ? t.gridId : t.townshipId)) {
            throw ApiException.notFound("ticket-not-found", ticketId);
        }
        Instant now = clock.instant();
        int inserted = em.createNativeQuery("insert into ticket_fine (ticket_id, fine_fen, recorded_by, recorded_at) "
                        + "values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, ticketId).setParameter(2, body.fineFen()).setParameter(3, actor.id()).setParameter(4, now)
                .executeUpdate();
        if (inserted == 0) {
            throw ApiException.conflict("fine-already-recorded", ticketId).with("ticketId", ticketId);
        }
        audit.record(actor.id(), actor.name(), "TICKET_FINE_RECORDED", "ticket", String.valueOf(ticketId), actor.clientIp(),
                json.write(Map.of("fineFen", body.fineFen())));
        Reward r = accrual.fineRecorded(ticketId, body.fineFen(), actor.id(), now);
        em.flush(); // a concurrent change to the reward is a 409 here, not a failed commit
        return new RewardViews.Fine(ticketId, body.fineFen(), RewardCalculator.yuan(body.fineFen()), now,
                r == null ? null : r.id, r == null ? null : r.amountFen, r == null ? null : r.state);
    }

    // ------------------------------------------------------------------ helpers

    Reward inScope(Collection<Long> scopeRoots, long id) {
        return inScope(scopeRoots, id, false);
    }

    private Reward inScope(Collection<Long> scopeRoots, long id, boolean lock) {
        Reward r = lock ? Reward.findById(id, LockModeType.PESSIMISTIC_WRITE) : Reward.findById(id);
        if (r == null || !ScopeTree.below(em, scopeRoots).contains(r.gridId != null ? r.gridId : r.townshipId)) {
            throw ApiException.notFound("reward-not-found", id);
        }
        return r;
    }

    static void requireVersion(Reward r, Long expected) {
        if (expected != null && expected != r.version) {
            throw ApiException.conflict("stale-version").with("rewardId", r.id).with("version", r.version);
        }
    }

    static String requiredReason(String s) {
        return cn.suishoupai.common.Texts.required("reason", s);
    }

    List<RewardViews.FinanceReward> finance(List<Reward> rows) {
        Map<Long, Account> payees = new HashMap<>();
        Map<Long, String> categories = new HashMap<>();
        List<Long> ids = rows.stream().map(r -> r.payeeAccountId).filter(java.util.Objects::nonNull).distinct().toList();
        if (!ids.isEmpty()) {
            Account.<Account>list("id in ?1", ids).forEach(a -> payees.put(a.id, a));
        }
        List<RewardViews.FinanceReward> out = new ArrayList<>(rows.size());
        for (Reward r : rows) {
            Account a = r.payeeAccountId == null ? null : payees.get(r.payeeAccountId);
            String category = r.categoryId == null ? null : categories.computeIfAbsent(r.categoryId, c -> {
                HazardCategory hc = HazardCategory.findById(c);
                return hc == null ? null : hc.code;
            });
            out.add(new RewardViews.FinanceReward(r.id, r.ticketId, r.reportId, r.state, r.amountFen, RewardCalculator.yuan(r.amountFen),
                    r.ruleAmountFen, r.cutReason, r.awaitingFine, r.fineFen, r.ruleId, category, r.severity, r.townshipId, r.gridId,
                    r.channel, r.accrualMonth, r.accruedAt, r.approvedAt, r.approvedBy, r.approvedAt != null && r.approvedBy == null,
                    r.cancelledAt, r.cancelledBy, Pii.mask(r.cancelReason), r.paidAt, r.externalRef,
                    Pii.mask(r.failureReason),
                    a == null ? null : new RewardViews.Payee(a.id, a.displayName, RewardViews.mask(a.payoutPhone())), r.version));
        }
        return out;
    }

}
