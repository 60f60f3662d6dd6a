package cn.suishoupai.reward;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.ScopeTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Totals and the ledger consistency proof. Scope: everything for an admin (service-wide), the
 * caller's regions for finance.
 */
@ApplicationScoped
public class RewardReports {

    /**
     * One row of the totals. amountFen is what the rewards are owed after caps (cancelled ones
     * included); it splits exactly into paidFen (payments standing), outstandingFen (accrued,
     * approved, in a batch or failed: still to pay) and cancelledFen (released): amount = paid +
     * outstanding + cancelled. A reversed payment is outstanding again.
     */
    @Schema(name = "RewardTotal")
    public record Total(
            String key,
            String label,
            long count,
            long amountFen,
            long paidFen,
            long outstandingFen,
            long cancelledFen) {}

    @Schema(name = "RewardTotals")
    public record Totals(List<Total> byMonth, List<Total> byRegion, List<Total> byCategory, List<Total> byState) {}

    @Schema(name = "RewardMismatch")
    public record Mismatch(String subject, long id, String check, long expected, long actual) {}

    @Schema(name = "RewardConsistency")
    public record Consistency(
            boolean consistent,
            long rewardsChecked,
            long batchesChecked,
            long ledgerEntries,
            List<Mismatch> mismatches) {}

    private final EntityManager em;
    private final RegionNames regionNames;

    RewardReports(EntityManager em, RegionNames regionNames) {
        this.em = em;
        this.regionNames = regionNames;
    }

    /** A service-wide admin sees the whole service (null scope); a township admin and finance their regions. */
    private Long[] scope(Actor actor) {
        return actor.hasRole(Role.ADMIN_) && actor.serviceWide() ? null : ScopeTree.roots(actor.regionIds());
    }

    @Transactional
    public Totals totals(String from, String to, Actor actor) {
        Long[] scope = scope(actor);
        return new Totals(
                group(scope, from, to, "w.accrual_month", RewardReports::monthLabel),
                byTownship(scope, from, to),
                byCategory(scope, from, to),
                group(scope, from, to, "w.state", l -> RewardState.valueOf(l).label));
    }

    /** "2026-03" → "2026年03月". */
    static String monthLabel(String month) {
        return month.substring(0, 4) + "年" + month.substring(5, 7) + "月";
    }

    /** Grouped by a column of reward that is its own label. */
    private List<Total> group(Long[] scope, String from, String to, String key, UnaryOperator<String> labelOf) {
        List<Total> out = new ArrayList<>();
        for (Object[] r : sums(scope, from, to, key)) {
            String k = (String) r[0];
            out.add(total(k, k == null ? null : labelOf.apply(k), r));
        }
        return out;
    }

    /** Grouped by township, labelled with its name (from region). */
    private List<Total> byTownship(Long[] scope, String from, String to) {
        List<Object[]> rows = sums(scope, from, to, "cast(w.township_id as varchar)");
        Map<Long, String> names = regionNames.regions(rows.stream()
                .filter(r -> r[0] != null)
                .map(r -> Long.valueOf((String) r[0]))
                .toList());
        List<Total> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(total((String) r[0], r[0] == null ? null : names.get(Long.valueOf((String) r[0])), r));
        }
        return out;
    }

    /**
     * Grouped by category code, labelled with its Chinese name, in code order as region's query returns
     * the categories (a category's code is unique); rewards without a category first, as '-' 未分类.
     */
    private List<Total> byCategory(Long[] scope, String from, String to) {
        List<Object[]> rows = sums(scope, from, to, "w.category_id");
        Map<Long, Object[]> byId = new HashMap<>();
        List<Total> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            if (r[0] == null) {
                out.add(total("-", "未分类", r));
            } else {
                byId.put(((Number) r[0]).longValue(), r);
            }
        }
        for (RegionNames.CategoryName c : regionNames.categories(byId.keySet()).values()) {
            out.add(total(c.code(), c.nameZh(), byId.get(c.id())));
        }
        return out;
    }

    private static Total total(String key, String label, Object[] r) {
        return new Total(
                key,
                label,
                ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(),
                ((Number) r[4]).longValue(),
                ((Number) r[5]).longValue());
    }

    /** key, count, amount, paid, outstanding, cancelled per key, ordered by key. */
    private List<Object[]> sums(Long[] scope, String from, String to, String key) {
        if (scope != null && scope.length == 0) {
            return List.of();
        }
        String sql = "select " + key + " as k, count(*), coalesce(sum(w.amount_fen), 0), "
                + "coalesce(sum(case when w.state = 'PAID' then w.amount_fen else 0 end), 0), "
                + "coalesce(sum(case when w.state in ('ACCRUED', 'APPROVED', 'IN_BATCH', 'FAILED') then w.amount_fen else 0 end), 0), "
                + "coalesce(sum(case when w.state = 'CANCELLED' then w.amount_fen else 0 end), 0) "
                + "from reward w "
                + "where (cast(?1 as varchar) is null or w.accrual_month >= ?1) and (cast(?2 as varchar) is null or w.accrual_month <= ?2)"
                + (scope == null ? "" : " and " + ScopeTree.sql("coalesce(w.grid_id, w.township_id)", "?3"))
                + " group by " + key + " order by 1";
        var q = em.createNativeQuery(sql).setParameter(1, from).setParameter(2, to);
        if (scope != null) {
            q.setParameter(3, scope);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows;
    }

    /**
     * Proves the stored money facts from the ledger. A REVERSAL counts as the kind of the entry it
     * reverses (a cap cut reverses an ACCRUAL, a payment correction a PAYMENT). For every reward:
     * accruals (net of their reversals) equal its amount; cancellations equal it when cancelled (else
     * nothing); payments net of their reversals equal it when paid (else nothing) — at most one
     * payment stands; it has one standing PAID line exactly when PAID and one pending line exactly
     * when IN_BATCH. For every batch: its total is the sum of its lines, and
     * total = paid + failed + reversed + pending, where paid is what stands paid (the ledger's
     * payments for the batch net of their reversals, and its PAID lines), failed its failures (and
     * FAILED lines), and reversed what was recorded paid and then reversed (minus the ledger's
     * reversals of the batch's payments, and its REVERSED lines).
     */
    @Transactional
    public Consistency check(Actor actor) {
        Long[] scope = scope(actor);
        if (scope != null && scope.length == 0) {
            return new Consistency(true, 0, 0, 0, List.of());
        }
        String rewardScope = scope == null ? "" : " where " + ScopeTree.sql("coalesce(w.grid_id, w.township_id)", "?1");
        String sql = "with e as (select x.reward_id, x.amount_fen, coalesce(o.kind, x.kind) as of_kind "
                + "from reward_ledger x left join reward_ledger o on o.id = x.reverses_entry_id), "
                + "l as (select reward_id, "
                + "sum(case when of_kind = 'ACCRUAL' then amount_fen else 0 end) accrued, "
                + "sum(case when of_kind = 'CANCELLATION' then amount_fen else 0 end) cancelled, "
                + "sum(case when of_kind = 'PAYMENT' then amount_fen else 0 end) paid, count(*) n "
                + "from e group by reward_id), "
                + "p as (select reward_id, count(*) filter (where status = 'PENDING') pending, "
                + "count(*) filter (where status = 'PAID') standing from payout_line group by reward_id) "
                + "select w.id, w.amount_fen, w.state, w.awaiting_fine, coalesce(l.accrued, 0), coalesce(l.cancelled, 0), "
                + "coalesce(l.paid, 0), coalesce(l.n, 0), coalesce(p.pending, 0), coalesce(p.standing, 0) "
                + "from reward w left join l on l.reward_id = w.id left join p on p.reward_id = w.id" + rewardScope
                + " order by w.id";
        var q = em.createNativeQuery(sql);
        if (scope != null) {
            q.setParameter(1, scope);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<Mismatch> bad = new ArrayList<>();
        long entries = 0;
        for (Object[] r : rows) {
            long id = n(r[0]);
            long amount = n(r[1]);
            String state = (String) r[2];
            boolean awaiting = (Boolean) r[3];
            entries += n(r[7]);
            expect(bad, "reward", id, "accrued", amount, n(r[4]));
            expect(bad, "reward", id, "cancelled", "CANCELLED".equals(state) ? amount : 0, n(r[5]));
            expect(bad, "reward", id, "paid", "PAID".equals(state) ? amount : 0, n(r[6]));
            expect(bad, "reward", id, "pendingLines", "IN_BATCH".equals(state) ? 1 : 0, n(r[8]));
            expect(bad, "reward", id, "paidLines", "PAID".equals(state) ? 1 : 0, n(r[9]));
            if (!awaiting) {
                long accruals = n(r[7]) == 0 ? 0 : 1;
                expect(bad, "reward", id, "hasAccrual", 1, accruals);
            }
        }
        String batchScope = scope == null ? "" : " and " + ScopeTree.sql("b.region_id", "?1");
        // a payment's reversal names the payment's batch: it moves the amount from paid to reversed
        String reversalOfPayment =
                "e.kind = 'REVERSAL' and exists (select 1 from reward_ledger o where o.id = e.reverses_entry_id "
                        + "and o.kind = 'PAYMENT')";
        String bsql = "select b.id, b.total_fen, b.line_count, b.paid_fen, b.failed_fen, b.reversed_fen, "
                + "(select coalesce(sum(amount_fen), 0) from payout_line x where x.batch_id = b.id), "
                + "(select count(*) from payout_line x where x.batch_id = b.id), "
                + "(select coalesce(sum(amount_fen), 0) from reward_ledger e where e.batch_id = b.id and (e.kind = 'PAYMENT' or "
                + reversalOfPayment + ")), "
                + "(select coalesce(sum(amount_fen), 0) from reward_ledger e where e.batch_id = b.id and e.kind = 'FAILURE'), "
                + "(select coalesce(-sum(amount_fen), 0) from reward_ledger e where e.batch_id = b.id and "
                + reversalOfPayment + "), "
                + "(select coalesce(sum(amount_fen), 0) from payout_line x where x.batch_id = b.id and x.status = 'PAID'), "
                + "(select coalesce(sum(amount_fen), 0) from payout_line x where x.batch_id = b.id and x.status = 'FAILED'), "
                + "(select coalesce(sum(amount_fen), 0) from payout_line x where x.batch_id = b.id and x.status = 'REVERSED'), "
                + "(select coalesce(sum(amount_fen), 0) from payout_line x where x.batch_id = b.id and x.status = 'PENDING') "
                + "from payout_batch b where b.state <> 'DISCARDED'" + batchScope + " order by b.id";
        var bq = em.createNativeQuery(bsql);
        if (scope != null) {
            bq.setParameter(1, scope);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> batches = bq.getResultList();
        for (Object[] b : batches) {
            long id = n(b[0]);
            expect(bad, "batch", id, "total", n(b[1]), n(b[6]));
            expect(bad, "batch", id, "lines", n(b[2]), n(b[7]));
            expect(bad, "batch", id, "paidLedger", n(b[3]), n(b[8]));
            expect(bad, "batch", id, "failedLedger", n(b[4]), n(b[9]));
            expect(bad, "batch", id, "reversedLedger", n(b[5]), n(b[10]));
            expect(bad, "batch", id, "paidLines", n(b[3]), n(b[11]));
            expect(bad, "batch", id, "failedLines", n(b[4]), n(b[12]));
            expect(bad, "batch", id, "reversedLines", n(b[5]), n(b[13]));
            // total = paid + failed + reversed + pending
            expect(bad, "batch", id, "settled", n(b[1]), n(b[3]) + n(b[4]) + n(b[5]) + n(b[14]));
        }
        return new Consistency(bad.isEmpty(), rows.size(), batches.size(), entries, bad);
    }

    private static void expect(List<Mismatch> bad, String subject, long id, String check, long expected, long actual) {
        if (expected != actual) {
            bad.add(new Mismatch(subject, id, check, expected, actual));
        }
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
