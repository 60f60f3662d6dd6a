package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.ScopeTree;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reading payout batches (DOMAIN §7), finance within its regions: the list, a batch with its lines
 * (masked phones, an audited read) and the export lines with full phones (each download audited).
 */
@ApplicationScoped
public class PayoutViews {

    @Schema(name = "PayoutLineView")
    public record LineView(
            long lineNo,
            long rewardId,
            long ticketId,
            long amountFen,
            String amountYuan,
            PayoutLine.Status status,
            String externalRef,
            String failureReason,
            Instant resultAt,
            Payee payee) {}

    @Schema(name = "PayoutBatchView")
    public record BatchView(
            long id,
            long regionId,
            String regionName,
            Channel channel,
            String month,
            PayoutBatch.State state,
            int lineCount,
            long totalFen,
            String totalYuan,
            long paidFen,
            long failedFen,
            long reversedFen,
            long pendingFen,
            Long createdBy,
            Instant createdAt,
            Long exportedBy,
            Instant exportedAt,
            Instant closedAt,
            Map<String, String> files,
            long version) {}

    /**
     * Approved rewards the build left out because their payee has no destination on the channel
     * (reason NO_PAYOUT_PHONE or NO_WECHAT_OPENID); they stay APPROVED (or FAILED) for a later batch.
     */
    @Schema(name = "PayoutSkipped")
    public record Skipped(String reason, String label, long count) {}

    /** skipped: only in the answer to a build (null when reading a batch). */
    @Schema(name = "PayoutBatchDetail")
    public record BatchDetail(BatchView batch, List<LineView> lines, List<Skipped> skipped) {}

    /** A line of the export files: full phone, for the top-up provider only. */
    public record ExportLine(
            int lineNo,
            long rewardId,
            long ticketId,
            String payeeName,
            String phone,
            long amountFen,
            Channel channel,
            String openid) {}

    private final EntityManager em;
    private final Audit audit;
    private final Json json;

    private final AccountFacts accountFacts;
    private final RegionNames regionNames;

    PayoutViews(EntityManager em, Audit audit, Json json, AccountFacts accountFacts, RegionNames regionNames) {
        this.accountFacts = accountFacts;
        this.regionNames = regionNames;
        this.em = em;
        this.audit = audit;
        this.json = json;
    }

    @Transactional
    public Page<BatchView> list(PayoutBatch.State state, int page, int size, Actor actor) {
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        Parameters p = Parameters.with("scope", scope.roots());
        String where = ScopeTree.hql("regionId", ":scope");
        if (state != null) {
            where += " and state = :state";
            p.and("state", state);
        }
        var q = PayoutBatch.<PayoutBatch>find(where, Sort.descending("createdAt", "id"), p);
        return new Page<>(q.page(page, size).list().stream().map(this::view).toList(), q.count(), page, size);
    }

    @Transactional
    public BatchDetail get(long id, Actor actor) {
        BatchDetail d = detail(inScope(actor, id, false));
        // the lines name the payees (masked phones): an audited read, like the full-phone downloads
        audit.record(actor, "PAYOUT_BATCH_VIEWED", Target.of("payout_batch", id), null);
        return d;
    }

    /** The lines of an exported batch with full phone numbers; each download is audited. */
    @Transactional
    public List<ExportLine> download(long id, String format, Actor actor) {
        PayoutBatch b = inScope(actor, id, false);
        b.requireExported();
        List<PayoutLine> lines = PayoutLine.<PayoutLine>find(
                        "batchId = ?1 and status <> ?2 order by lineNo", b.id, PayoutLine.Status.DISCARDED)
                .list();
        Map<Long, Reward> rewards = rewards(lines);
        Map<Long, Account> accounts = payees(rewards.values());
        List<ExportLine> out = new ArrayList<>(lines.size());
        for (PayoutLine l : lines) {
            Reward r = rewards.get(l.rewardId);
            Account a = accounts.get(r.payeeAccountId);
            // the destination taken at build (lines older than V14: the payee's current one)
            String destination = l.destination != null ? l.destination : b.channel.destination(a);
            boolean wechat = b.channel == Channel.WECHAT;
            out.add(new ExportLine(
                    l.lineNo,
                    r.id,
                    r.ticketId,
                    a == null ? null : a.displayName,
                    wechat ? null : destination,
                    l.amountFen,
                    b.channel,
                    wechat ? destination : null));
        }
        audit.record(
                actor,
                "PAYOUT_FILE_DOWNLOADED",
                Target.of("payout_batch", b.id),
                json.write(Map.of("format", format, "lines", out.size())));
        return out;
    }

    /** The batch if it lies in the caller's regions (else 404), locked for a change when asked. */
    PayoutBatch inScope(Actor actor, long id, boolean lock) {
        PayoutBatch b = lock ? PayoutBatch.findById(id, LockModeType.PESSIMISTIC_WRITE) : PayoutBatch.findById(id);
        if (b == null || !ScopeTree.reach(em, actor.regionIds()).contains(b.regionId)) {
            throw ApiException.notFound("payout-batch-not-found", id);
        }
        return b;
    }

    BatchView view(PayoutBatch b) {
        Region region = regionNames.region(b.regionId);
        Map<String, String> files = b.exported()
                ? Map.of(
                        "csv",
                        "/api/v1/payout-batches/" + b.id + "/export.csv",
                        "xlsx",
                        "/api/v1/payout-batches/" + b.id + "/export.xlsx")
                : Map.of();
        return new BatchView(
                b.id,
                b.regionId,
                region == null ? null : region.name,
                b.channel,
                b.month,
                b.state,
                b.lineCount,
                b.totalFen,
                RewardCalculator.yuan(b.totalFen),
                b.paidFen,
                b.failedFen,
                b.reversedFen,
                b.pendingFen(),
                b.createdBy,
                b.createdAt,
                b.exportedBy,
                b.exportedAt,
                b.closedAt,
                files,
                b.version);
    }

    BatchDetail detail(PayoutBatch b) {
        List<PayoutLine> lines = PayoutLine.<PayoutLine>find("batchId = ?1 order by lineNo", b.id)
                .list();
        Map<Long, Reward> rewards = rewards(lines);
        Map<Long, Account> accounts = payees(rewards.values());
        List<LineView> out = new ArrayList<>(lines.size());
        for (PayoutLine l : lines) {
            Reward r = rewards.get(l.rewardId);
            out.add(new LineView(
                    l.lineNo,
                    l.rewardId,
                    r.ticketId,
                    l.amountFen,
                    RewardCalculator.yuan(l.amountFen),
                    l.status,
                    l.externalRef,
                    l.failureReason,
                    l.resultAt,
                    Payee.of(accounts.get(r.payeeAccountId))));
        }
        return new BatchDetail(view(b), out, null);
    }

    static Map<Long, Reward> rewards(List<PayoutLine> lines) {
        Map<Long, Reward> m = new HashMap<>();
        if (!lines.isEmpty()) {
            Reward.<Reward>list("id in ?1", lines.stream().map(l -> l.rewardId).toList())
                    .forEach(r -> m.put(r.id, r));
        }
        return m;
    }

    /** The payees of these rewards, by account id. */
    Map<Long, Account> payees(Collection<Reward> rewards) {
        return accountFacts.accounts(rewards.stream().map(r -> r.payeeAccountId).toList());
    }
}
