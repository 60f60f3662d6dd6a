package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ClockProducer;
import cn.suishoupai.common.Json;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.report.Reporters;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketVerified;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Accrual (DOMAIN §7): when a ticket is verified real ({@link TicketVerified}), its first eligible report earns the reward
 * of the rule in force that day, cut to the payee's monthly cap and the township's yearly budget.
 * Observes the verification synchronously, in its transaction: an accrual that fails rolls the verification back. One reward per ticket: the insert skips on the unique
 * ticket (or report) constraint, so a second verification, or a racing one, accrues nothing.
 *
 * Locks (transaction advisory locks, always in this order): the township's budget year, then the
 * payee. Everything that reads and then adds to a cap or a budget holds them.
 */
@ApplicationScoped
public class RewardAccrual {

    private static final Logger LOG = Logger.getLogger(RewardAccrual.class);

    private final EntityManager em;
    private final AdvisoryLocks locks;
    private final RewardsConfig config;
    private final Audit audit;
    private final Json json;
    private final Reporters reporters;
    private final Event<RewardAccrued> accrued;
    private final AccountFacts accounts;

    RewardAccrual(
            EntityManager em,
            AdvisoryLocks locks,
            RewardsConfig config,
            Audit audit,
            Json json,
            Reporters reporters,
            Event<RewardAccrued> accrued,
            AccountFacts accounts) {
        this.em = em;
        this.accounts = accounts;
        this.locks = locks;
        this.config = config;
        this.audit = audit;
        this.json = json;
        this.reporters = reporters;
        this.accrued = accrued;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void verified(@Observes TicketVerified t) {
        accrue(t);
    }

    /** The accrual for a ticket verified real at {@code now}, as on {@link TicketVerified}. Returns the new reward, or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reward onVerified(Ticket t, Instant now) {
        return accrue(new TicketVerified(t.id, t.categoryId, t.severity, t.townshipId, t.gridId, now));
    }

    private Reward accrue(TicketVerified t) {
        Instant now = t.at();
        if (exists("select 1 from reward where ticket_id = ?1", t.ticketId())) {
            return null;
        }
        Eligibility.Winner winner = Eligibility.first(candidates(t.ticketId()));
        if (winner == null) {
            audit.record(
                    Actor.NOBODY,
                    "REWARD_NOT_ACCRUED",
                    Target.of("ticket_reward", t.ticketId()),
                    json.write(Map.of("reason", "NO_ELIGIBLE_REPORT")));
            return null;
        }
        LocalDate day = now.atZone(ClockProducer.BUSINESS_ZONE).toLocalDate();
        String month = YearMonth.from(day).toString();
        lockBudget(t.townshipId(), day.getYear());
        if (winner.payeeId() != null) {
            lockPayee(winner.payeeId());
        }
        RewardRule rule = RewardRule.inForce(t.categoryId(), t.severity(), day);
        Long fine = fineOf(t.ticketId());
        boolean awaitingFine = rule != null && rule.kind == RewardRule.Kind.FINE_PERCENT && fine == null;
        long base = rule == null || awaitingFine ? 0 : base(rule, fine);
        RewardCalculator.Cut cut =
                cutFor(base, winner.payeeId(), month, t.townshipId(), day.getYear(), capExempt(rule));
        String reason = rule == null ? RewardCalculator.NO_RULE : cut.reason();
        Channel channel = rule == null || rule.channel == null ? config.defaultChannel() : rule.channel;

        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery(
                        "insert into reward (ticket_id, report_id, payee_account_id, rule_id, category_id, "
                                + "severity, township_id, grid_id, channel, state, awaiting_fine, fine_fen, rule_amount_fen, amount_fen, "
                                + "cut_reason, accrual_month, accrued_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'ACCRUED', "
                                + "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16) on conflict do nothing returning id")
                .setParameter(1, t.ticketId())
                .setParameter(2, winner.reportId())
                .setParameter(3, winner.payeeId())
                .setParameter(4, rule == null ? null : rule.id)
                .setParameter(5, t.categoryId())
                .setParameter(6, t.severity() == null ? null : t.severity().name())
                .setParameter(7, t.townshipId())
                .setParameter(8, t.gridId())
                .setParameter(9, channel.name())
                .setParameter(10, awaitingFine)
                .setParameter(
                        11, awaitingFine || rule == null || rule.kind != RewardRule.Kind.FINE_PERCENT ? null : fine)
                .setParameter(12, base)
                .setParameter(13, cut.amountFen())
                .setParameter(14, reason)
                .setParameter(15, month)
                .setParameter(16, now)
                .getResultList();
        if (ids.isEmpty()) {
            LOG.debugf("Ticket %d already has its reward; a concurrent verification accrued it", t.ticketId());
            return null;
        }
        Reward r = Reward.findById(ids.get(0).longValue());
        if (!awaitingFine) {
            LedgerEntry.append(r.id, null, LedgerEntry.Kind.ACCRUAL, r.amountFen, null, reason, null, now);
        }
        Map<String, Object> details = details(r);
        audit.record(Actor.NOBODY, "REWARD_ACCRUED", Target.of("reward", r.id), json.write(details));
        autoApprove(r, now);
        notifyPayee(r);
        return r;
    }

    /**
     * An anonymous report claimed with its code: its reward (if it has one and nobody holds it yet)
     * now belongs to the claimer, cut to the claimer's monthly cap by a reversal entry if need be.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reward claimed(long reportId, long accountId, Instant now) {
        Reward r = Reward.find("reportId", reportId).firstResult();
        if (r == null || r.payeeAccountId != null || r.state != RewardState.ACCRUED) {
            return r;
        }
        lockPayee(accountId);
        em.refresh(r);
        if (r.payeeAccountId != null || r.state != RewardState.ACCRUED) {
            return r;
        }
        r.payeeAccountId = accountId;
        r.updatedAt = now;
        if (!r.awaitingFine
                && r.amountFen > 0
                && config.monthlyCapFen() > 0
                && !capExempt(r.ruleId == null ? null : RewardRule.findById(r.ruleId))) {
            long used = payeeMonth(accountId, r.accrualMonth, r.id);
            RewardCalculator.Cut cut = RewardCalculator.cut(r.amountFen, true, used, config.monthlyCapFen(), null, 0);
            long cutFen = r.amountFen - cut.amountFen();
            if (cutFen > 0) {
                LedgerEntry accrual = LedgerEntry.find(
                                "rewardId = ?1 and kind = ?2 order by id", r.id, LedgerEntry.Kind.ACCRUAL)
                        .firstResult();
                LedgerEntry.append(
                        r.id,
                        null,
                        LedgerEntry.Kind.REVERSAL,
                        -cutFen,
                        accrual.id,
                        RewardCalculator.MONTHLY_CAP,
                        accountId,
                        now);
                r.amountFen = cut.amountFen();
                r.addCutReason(RewardCalculator.MONTHLY_CAP);
            }
        }
        audit.record(
                Actor.of(accountId, null, null), "REWARD_CLAIMED", Target.of("reward", r.id), json.write(details(r)));
        autoApprove(r, now);
        notifyPayee(r);
        return r;
    }

    /** A fine recorded on a ticket: a reward waiting for it gets its amount now (cut by caps as at accrual). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reward fineRecorded(long ticketId, long fineFen, Long actorId, Instant now) {
        Reward r = Reward.find("ticketId", ticketId).firstResult();
        if (r == null || !r.awaitingFine || r.state != RewardState.ACCRUED) {
            return r;
        }
        int year = Integer.parseInt(r.accrualMonth.substring(0, 4));
        lockBudget(r.townshipId, year);
        if (r.payeeAccountId != null) {
            lockPayee(r.payeeAccountId);
        }
        em.refresh(r);
        if (!r.awaitingFine || r.state != RewardState.ACCRUED) {
            return r;
        }
        RewardRule rule = RewardRule.findById(r.ruleId);
        long base = base(rule, fineFen);
        RewardCalculator.Cut cut = cutFor(base, r.payeeAccountId, r.accrualMonth, r.townshipId, year, capExempt(rule));
        r.awaitingFine = false;
        r.fineFen = fineFen;
        r.ruleAmountFen = base;
        r.amountFen = cut.amountFen();
        r.addCutReason(cut.reason());
        r.updatedAt = now;
        LedgerEntry.append(r.id, null, LedgerEntry.Kind.ACCRUAL, r.amountFen, null, cut.reason(), actorId, now);
        audit.record(
                Actor.of(actorId, null, null),
                "REWARD_FINE_ACCRUED",
                Target.of("reward", r.id),
                json.write(details(r)));
        autoApprove(r, now);
        notifyPayee(r);
        return r;
    }

    // ------------------------------------------------------------------ plumbing

    static long base(RewardRule rule, Long fine) {
        if (rule.kind == RewardRule.Kind.FIXED) {
            return RewardCalculator.fixed(rule.fixedFen);
        }
        return RewardCalculator.percentOfFine(fine, rule.percentBps, rule.minFen, rule.maxFen);
    }

    /**
     * The monthly cap is for the small phone-credit rewards. A fine-based (national major-hazard
     * scheme) reward is not cut by it, and does not count towards it, unless
     * suishoupai.rewards.monthly-cap-exempts-fine-rules is false. The township budget applies to all.
     */
    private boolean capExempt(RewardRule rule) {
        return rule != null && rule.kind == RewardRule.Kind.FINE_PERCENT && config.monthlyCapExemptsFineRules();
    }

    private RewardCalculator.Cut cutFor(
            long base, Long payee, String month, long townshipId, int year, boolean capExempt) {
        long cap = capExempt ? 0 : config.monthlyCapFen();
        long used = payee == null || cap == 0 ? 0 : payeeMonth(payee, month, null);
        Long budget = budget(townshipId, year);
        long budgetUsed = budget == null ? 0 : budgetUsed(townshipId, year);
        return RewardCalculator.cut(base, payee != null, used, cap, budget, budgetUsed);
    }

    private void autoApprove(Reward r, Instant now) {
        long below = config.autoApproveBelowFen();
        if (below > 0
                && r.state == RewardState.ACCRUED
                && r.payeeAccountId != null
                && !r.awaitingFine
                && r.amountFen > 0
                && r.amountFen < below) {
            r.approve(null, now);
            audit.record(
                    Actor.NOBODY,
                    "REWARD_AUTO_APPROVED",
                    Target.of("reward", r.id),
                    json.write(Map.of("amountFen", r.amountFen, "belowFen", below)));
        }
    }

    private void notifyPayee(Reward r) {
        if (r.payeeAccountId == null || r.awaitingFine) {
            return;
        }
        accrued.fire(new RewardAccrued(r.id, r.ticketId, r.payeeAccountId, r.amountFen, r.state));
    }

    static Map<String, Object> details(Reward r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ticketId", r.ticketId);
        d.put("reportId", r.reportId);
        d.put("payeeAccountId", r.payeeAccountId);
        d.put("ruleId", r.ruleId);
        d.put("ruleAmountFen", r.ruleAmountFen);
        d.put("amountFen", r.amountFen);
        d.put("cutReason", r.cutReason);
        d.put("awaitingFine", r.awaitingFine);
        d.put("state", r.state.name());
        return d;
    }

    void lockBudget(long townshipId, int year) {
        locks.lock("reward-budget:" + townshipId + ":" + year);
    }

    void lockPayee(long accountId) {
        locks.lock("reward-payee:" + accountId);
    }

    /** What a payee has accrued in a month towards the monthly cap: cancelled and cap-exempt (fine-based) rewards aside. */
    long payeeMonth(long payee, String month, Long except) {
        String exempt = config.monthlyCapExemptsFineRules()
                ? " and (rule_id is null or rule_id not in (select id from reward_rule where kind = 'FINE_PERCENT'))"
                : "";
        return ((Number) em.createNativeQuery(
                                "select coalesce(sum(amount_fen), 0) from reward where payee_account_id = ?1 "
                                        + "and accrual_month = ?2 and state <> 'CANCELLED' and id <> ?3" + exempt)
                        .setParameter(1, payee)
                        .setParameter(2, month)
                        .setParameter(3, except == null ? -1L : except)
                        .getSingleResult())
                .longValue();
    }

    Long budget(long townshipId, int year) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery(
                        "select budget_fen from reward_budget where region_id = ?1 and year = ?2")
                .setParameter(1, townshipId)
                .setParameter(2, year)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0).longValue();
    }

    long budgetUsed(long townshipId, int year) {
        return ((Number) em.createNativeQuery("select coalesce(sum(amount_fen), 0) from reward where township_id = ?1 "
                                + "and accrual_month like ?2 and state <> 'CANCELLED'")
                        .setParameter(1, townshipId)
                        .setParameter(2, year + "-%")
                        .getSingleResult())
                .longValue();
    }

    private Long fineOf(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("select fine_fen from ticket_fine where ticket_id = ?1")
                .setParameter(1, ticketId)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0).longValue();
    }

    private boolean exists(String sql, Object arg) {
        return !em.createNativeQuery(sql).setParameter(1, arg).getResultList().isEmpty();
    }

    /** The ticket's reports (from report) with their claims and fraud marks (reward's own tables). */
    private List<Eligibility.Candidate> candidates(long ticketId) {
        List<Reporters.Candidate> reports = reporters.candidates(ticketId);
        if (reports.isEmpty()) {
            return List.of();
        }
        List<Long> ids = reports.stream().map(Reporters.Candidate::reportId).toList();
        Map<Long, Object[]> claims = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> claimRows = em.createNativeQuery(
                        "select c.report_id, c.account_id from report_claim c " + "where c.report_id in (?1)")
                .setParameter(1, ids)
                .getResultList();
        claimRows.forEach(row -> claims.put(((Number) row[0]).longValue(), row));
        Map<Long, Account.Kind> claimantKinds = accounts.kinds(claimRows.stream()
                .filter(row -> row[1] != null)
                .map(row -> ((Number) row[1]).longValue())
                .distinct()
                .toList());
        @SuppressWarnings("unchecked")
        List<Number> fraudRows = em.createNativeQuery("select report_id from report_fraud where report_id in (?1)")
                .setParameter(1, ids)
                .getResultList();
        Set<Long> fraudulent = new HashSet<>();
        fraudRows.forEach(n -> fraudulent.add(n.longValue()));
        List<Eligibility.Candidate> out = new ArrayList<>(reports.size());
        for (Reporters.Candidate r : reports) {
            Object[] claim = claims.get(r.reportId());
            out.add(new Eligibility.Candidate(
                    r.reportId(),
                    r.reporterId(),
                    r.reporterStaff(),
                    r.reporterRole(),
                    r.anonymous(),
                    claim == null || claim[1] == null ? null : ((Number) claim[1]).longValue(),
                    claim != null
                            && claim[1] != null
                            && claimantKinds.get(((Number) claim[1]).longValue()) == Account.Kind.STAFF,
                    fraudulent.contains(r.reportId())));
        }
        return out;
    }
}
