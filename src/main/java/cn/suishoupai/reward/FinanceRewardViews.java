package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Pii;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.region.Severity;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Finance's reading of rewards: the list and a reward with its ledger. Scope: rewards whose grid (or
 * township) lies in the caller's regions; anything else is 404. Each read names the payees, so it is
 * audited (DOMAIN §9).
 */
@ApplicationScoped
public class FinanceRewardViews {

    public record FinanceReward(
            long id,
            long ticketId,
            long reportId,
            RewardState state,
            long amountFen,
            String amountYuan,
            long ruleAmountFen,
            String cutReason,
            boolean awaitingFine,
            Long fineFen,
            Long ruleId,
            String category,
            Severity severity,
            long townshipId,
            Long gridId,
            Channel channel,
            String accrualMonth,
            Instant accruedAt,
            Instant approvedAt,
            Long approvedBy,
            boolean autoApproved,
            Instant cancelledAt,
            Long cancelledBy,
            String cancelReason,
            Instant paidAt,
            String externalRef,
            String failureReason,
            Payee payee,
            long version) {}

    @Schema(name = "RewardLedgerEntry")
    public record Entry(
            long id,
            LedgerEntry.Kind kind,
            long amountFen,
            Long batchId,
            Long reversesEntryId,
            String reason,
            Long actorId,
            Instant at) {}

    public record FinanceDetail(FinanceReward reward, List<Entry> ledger) {}

    private final EntityManager em;
    private final Audit audit;
    private final Json json;

    private final AccountFacts accounts;
    private final RegionNames regionNames;

    FinanceRewardViews(EntityManager em, Audit audit, Json json, AccountFacts accounts, RegionNames regionNames) {
        this.accounts = accounts;
        this.regionNames = regionNames;
        this.em = em;
        this.audit = audit;
        this.json = json;
    }

    @Transactional
    public Page<FinanceReward> list(
            RewardState state,
            Long regionId,
            String month,
            Channel channel,
            Long ticketId,
            int page,
            int size,
            Actor actor) {
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        StringBuilder where = new StringBuilder(ScopeTree.hql("coalesce(gridId, townshipId)", ":scope"));
        Parameters p = Parameters.with("scope", scope.roots());
        if (state != null) {
            where.append(" and state = :state");
            p.and("state", state);
        }
        if (regionId != null) {
            where.append(" and ").append(ScopeTree.hql("coalesce(gridId, townshipId)", ":under"));
            p.and("under", ScopeTree.roots(regionId));
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
        return new Page<>(views(rows), q.count(), page, size);
    }

    @Transactional
    public FinanceDetail detail(long id, Actor actor) {
        Reward r = inScope(actor, id, false);
        List<Entry> ledger = LedgerEntry.<LedgerEntry>find("rewardId = ?1 order by id", r.id).list().stream()
                .map(e -> new Entry(
                        e.id, e.kind, e.amountFen, e.batchId, e.reversesEntryId, Pii.mask(e.reason), e.actorId, e.at))
                .toList();
        payeesViewed(List.of(r.id), actor);
        return new FinanceDetail(view(r), ledger);
    }

    /** The reward if it lies in the caller's regions (else 404), locked for a change when asked. */
    Reward inScope(Actor actor, long id, boolean lock) {
        Reward r = lock ? Reward.findById(id, LockModeType.PESSIMISTIC_WRITE) : Reward.findById(id);
        if (r == null || !ScopeTree.reach(em, actor.regionIds()).contains(r.gridId != null ? r.gridId : r.townshipId)) {
            throw ApiException.notFound("reward-not-found", id);
        }
        return r;
    }

    /** Finance views show who is paid (name, masked phone): each read is audited (DOMAIN §9). */
    private void payeesViewed(List<Long> rewardIds, Actor actor) {
        if (!rewardIds.isEmpty()) {
            audit.record(
                    actor, "REWARD_PAYEES_VIEWED", Target.of("reward"), json.write(Map.of("rewardIds", rewardIds)));
        }
    }

    FinanceReward view(Reward r) {
        return views(List.of(r)).get(0);
    }

    private List<FinanceReward> views(List<Reward> rows) {
        Map<Long, Account> payees =
                accounts.accounts(rows.stream().map(r -> r.payeeAccountId).toList());
        Map<Long, RegionNames.CategoryName> categories = regionNames.categories(
                rows.stream().map(r -> r.categoryId).filter(Objects::nonNull).collect(Collectors.toSet()));
        List<FinanceReward> out = new ArrayList<>(rows.size());
        for (Reward r : rows) {
            Account a = r.payeeAccountId == null ? null : payees.get(r.payeeAccountId);
            RegionNames.CategoryName c = r.categoryId == null ? null : categories.get(r.categoryId);
            String category = c == null ? null : c.code();
            out.add(new FinanceReward(
                    r.id,
                    r.ticketId,
                    r.reportId,
                    r.state,
                    r.amountFen,
                    RewardCalculator.yuan(r.amountFen),
                    r.ruleAmountFen,
                    r.cutReason,
                    r.awaitingFine,
                    r.fineFen,
                    r.ruleId,
                    category,
                    r.severity,
                    r.townshipId,
                    r.gridId,
                    r.channel,
                    r.accrualMonth,
                    r.accruedAt,
                    r.approvedAt,
                    r.approvedBy,
                    r.approvedAt != null && r.approvedBy == null,
                    r.cancelledAt,
                    r.cancelledBy,
                    Pii.mask(r.cancelReason),
                    r.paidAt,
                    r.externalRef,
                    Pii.mask(r.failureReason),
                    Payee.of(a),
                    r.version));
        }
        return out;
    }
}
