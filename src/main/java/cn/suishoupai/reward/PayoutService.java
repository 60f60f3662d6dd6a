package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Codes;
import cn.suishoupai.common.Texts;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Problem;
import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.ScopeTree;
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
import java.util.HashSet;
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
 * corrected by {@link RewardService#reversePayment}, not here.
 */
@ApplicationScoped
public class PayoutService {

    @Schema(name = "PayoutBuildBody")
    public record BuildBody(Long regionId, String month, Channel channel, Boolean includeFailed) {
    }

    @Schema(name = "PayoutResultLine")
    public record ResultLine(Long rewardId, PayoutLine.Status status, String externalRef, String reason) {
    }

    @Schema(name = "PayoutResultsBody")
    public record ResultsBody(List<ResultLine> lines) {
    }

    @Schema(name = "PayoutLineView")
    public record LineView(long lineNo, long rewardId, long ticketId, long amountFen, String amountYuan, PayoutLine.Status status,
                           String externalRef, String failureReason, Instant resultAt, RewardViews.Payee payee) {
    }

    @Schema(name = "PayoutBatchView")
    public record BatchView(long id, long regionId, String regionName, Channel channel, String month, PayoutBatch.State state,
                            int lineCount, long totalFen, String totalYuan, long paidFen, long failedFen, long reversedFen, long pendingFen,
                            Long createdBy, Instant createdAt, Long exportedBy, Instant exportedAt, Instant closedAt,
                            Map<String, String> files, long version) {
    }

    /**
     * Approved rewards the build left out because their payee has no destination on the channel
     * (reason NO_PAYOUT_PHONE or NO_WECHAT_OPENID); they stay APPROVED (or FAILED) for a later batch.
     */
    @Schema(name = "PayoutSkipped")
    public record Skipped(String reason, String label, long count) {
    }

    /** skipped: only in the answer to a build (null when reading a batch). */
    @Schema(name = "PayoutBatchDetail")
    public record BatchDetail(BatchView batch, List<LineView> lines, List<Skipped> skipped) {
    }

    public record Recorded(BatchView batch, int applied, int unchanged) {
    }

    /** A line of the export files: full phone, for the top-up provider only. */
    public record ExportLine(int lineNo, long rewardId, long ticketId, String payeeName, String phone, long amountFen, Channel channel,
                             String openid) {
    }

    static final int REF_MAX = 128;
    static final int REASON_MAX = cn.suishoupai.common.Texts.NOTE_MAX;
    static final int RESULT_LINES_MAX = 10_000;

    private final EntityManager em;
    private final RewardsConfig config;
    private final Audit audit;
    private final Json json;
    private final Clock clock;

    PayoutService(EntityManager em, RewardsConfig config, Audit audit, Json json, Clock clock) {
        this.em = em;
        this.config = config;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public BatchDetail build(Collection<Long> scopeRoots, BuildBody body, Actor actor) {
        if (body == null || body.regionId() == null) {
            throw ApiException.invalidField("regionId", "field.required");
        }
        if (body.month() != null && !RewardService.MONTH.matcher(body.month()).matches()) {
            throw ApiException.invalidField("month", "field.month.format");
        }
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        if (!scope.contains(body.regionId())) {
            throw ApiException.invalidField("regionId", "field.region.out-of-scope");
        }
        Channel channel = body.channel() == null ? config.defaultChannel() : body.channel();
        boolean includeFailed = body.includeFailed() == null || body.includeFailed();
        Set<Long> under = ScopeTree.below(em, List.of(body.regionId()));
        // only rewards whose payee has the channel's destination; rows a concurrent build has locked
        // are skipped: they are going into that batch
        String selection = "from reward w join account a on a.id = w.payee_account_id "
                + "where coalesce(w.grid_id, w.township_id) in (?1) "
                + "and w.state in (" + (includeFailed ? "'APPROVED', 'FAILED'" : "'APPROVED'") + ") and w.amount_fen > 0 "
                + "and w.channel = ?2 and (cast(?3 as varchar) is null or w.accrual_month = ?3) ";
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select w.id " + selection + "and " + channel.destinationSql() + " is not null "
                        + "order by w.accrued_at, w.id limit ?4 for update of w skip locked")
                .setParameter(1, under).setParameter(2, channel.name()).setParameter(3, body.month())
                .setParameter(4, config.maxBatchLines()).getResultList();
        long missing = ((Number) em.createNativeQuery("select count(*) " + selection + "and " + channel.destinationSql() + " is null")
                .setParameter(1, under).setParameter(2, channel.name()).setParameter(3, body.month()).getSingleResult()).longValue();
        List<Skipped> skipped = missing == 0 ? List.of() : List.of(new Skipped(channel.missing, channel.missingLabel, missing));
        if (ids.isEmpty()) {
            throw ApiException.unprocessable("payout-batch-empty").with("skipped", skipped);
        }
        Instant now = clock.instant();
        PayoutBatch b = new PayoutBatch();
        b.regionId = body.regionId();
        b.channel = channel;
        b.month = body.month();
        b.state = PayoutBatch.State.OPEN;
        b.createdBy = actor.id();
        b.createdAt = now;
        b.persist();
        int no = 0;
        long total = 0;
        // one query for all the rewards (up to max-batch-lines), then the lines in the selected order
        java.util.Map<Long, Reward> rewards = Reward.<Reward>list("id in ?1", ids.stream().map(Number::longValue).toList()).stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.id, r -> r));
        Map<Long, Account> payees = accounts(rewards.values());
        for (Number id : ids) {
            Reward r = rewards.get(id.longValue());
            PayoutLine l = new PayoutLine();
            l.destination = channel.destination(payees.get(r.payeeAccountId));
            l.batchId = b.id;
            l.lineNo = ++no;
            l.rewardId = r.id;
            l.amountFen = r.amountFen;
            l.priorState = r.state;
            l.status = PayoutLine.Status.PENDING;
            r.enterBatch(now);
            l.persist();
            total += r.amountFen;
        }
        b.lineCount = no;
        b.totalFen = total;
        em.flush();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("regionId", b.regionId);
        d.put("channel", channel.name());
        d.put("month", b.month);
        d.put("lines", no);
        d.put("totalFen", total);
        d.put("skipped", skipped);
        audit.record(actor.id(), actor.name(), "PAYOUT_BATCH_BUILT", "payout_batch", String.valueOf(b.id), actor.clientIp(), json.write(d));
        BatchDetail built = detail(b);
        return new BatchDetail(built.batch(), built.lines(), skipped);
    }

    @Transactional
    public Page<BatchView> list(Collection<Long> scopeRoots, PayoutBatch.State state, int page, int size) {
        Set<Long> scope = ScopeTree.below(em, scopeRoots);
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        Parameters p = Parameters.with("scope", scope);
        String where = "regionId in :scope";
        if (state != null) {
            where += " and state = :state";
            p.and("state", state);
        }
        var q = PayoutBatch.<PayoutBatch>find(where, Sort.descending("createdAt", "id"), p);
        return new Page<>(q.page(page, size).list().stream().map(this::view).toList(), q.count(), page, size);
    }

    @Transactional
    public BatchDetail get(Collection<Long> scopeRoots, long id, Actor actor) {
        BatchDetail d = detail(inScope(scopeRoots, id, false));
        // the lines name the payees (masked phones): an audited read, like the full-phone downloads
        audit.record(actor.id(), actor.name(), "PAYOUT_BATCH_VIEWED", "payout_batch", String.valueOf(id), actor.clientIp(), null);
        return d;
    }

    /** OPEN → EXPORTED, once: the files can be downloaded from then on, and results recorded. */
    @Transactional
    public BatchView export(Collection<Long> scopeRoots, long id, Actor actor) {
        PayoutBatch b = inScope(scopeRoots, id, true);
        if (b.state == PayoutBatch.State.EXPORTED || b.state == PayoutBatch.State.CLOSED) {
            throw ApiException.conflict("payout-batch-already-exported", b.id).with("batchId", b.id);
        }
        requireState(b, PayoutBatch.State.OPEN);
        Instant now = clock.instant();
        b.state = PayoutBatch.State.EXPORTED;
        b.exportedBy = actor.id();
        b.exportedAt = now;
        em.flush();
        audit.record(actor.id(), actor.name(), "PAYOUT_BATCH_EXPORTED", "payout_batch", String.valueOf(b.id), actor.clientIp(),
                json.write(Map.of("lines", b.lineCount, "totalFen", b.totalFen)));
        return view(b);
    }

    /** The lines of an exported batch with full phone numbers; each download is audited. */
    @Transactional
    public List<ExportLine> download(Collection<Long> scopeRoots, long id, String format, Actor actor) {
        PayoutBatch b = inScope(scopeRoots, id, false);
        if (b.state != PayoutBatch.State.EXPORTED && b.state != PayoutBatch.State.CLOSED) {
            throw ApiException.conflict("payout-batch-not-exported", b.id).with("batchId", b.id).with("state", b.state.name());
        }
        List<PayoutLine> lines = PayoutLine.<PayoutLine>find("batchId = ?1 and status <> ?2 order by lineNo", b.id, PayoutLine.Status.DISCARDED).list();
        Map<Long, Reward> rewards = rewards(lines);
        Map<Long, Account> accounts = accounts(rewards.values());
        List<ExportLine> out = new ArrayList<>(lines.size());
        for (PayoutLine l : lines) {
            Reward r = rewards.get(l.rewardId);
            Account a = accounts.get(r.payeeAccountId);
            // the destination taken at build (lines older than V14: the payee's current one)
            String destination = l.destination != null ? l.destination : b.channel.destination(a);
            boolean wechat = b.channel == Channel.WECHAT;
            out.add(new ExportLine(l.lineNo, r.id, r.ticketId, a == null ? null : a.displayName, wechat ? null : destination,
                    l.amountFen, b.channel, wechat ? destination : null));
        }
        audit.record(actor.id(), actor.name(), "PAYOUT_FILE_DOWNLOADED", "payout_batch", String.valueOf(b.id), actor.clientIp(),
                json.write(Map.of("format", format, "lines", out.size())));
        return out;
    }

    /** OPEN only: the rewards go back to where they were, nothing was paid. */
    @Transactional
    public BatchView discard(Collection<Long> scopeRoots, long id, Actor actor) {
        PayoutBatch b = inScope(scopeRoots, id, true);
        requireState(b, PayoutBatch.State.OPEN);
        Instant now = clock.instant();
        List<PayoutLine> lines = PayoutLine.list("batchId", b.id);
        java.util.Map<Long, Reward> rewards = lines.isEmpty() ? java.util.Map.of()
                : Reward.<Reward>list("id in ?1", lines.stream().map(l -> l.rewardId).toList()).stream()
                        .collect(java.util.stream.Collectors.toMap(r -> r.id, r -> r));
        for (PayoutLine l : lines) {
            Reward r = rewards.get(l.rewardId);
            r.leaveBatch(l.priorState, now);
            l.status = PayoutLine.Status.DISCARDED;
        }
        b.state = PayoutBatch.State.DISCARDED;
        b.discardedBy = actor.id();
        b.discardedAt = now;
        em.flush();
        audit.record(actor.id(), actor.name(), "PAYOUT_BATCH_DISCARDED", "payout_batch", String.valueOf(b.id), actor.clientIp(), null);
        return view(b);
    }

    /**
     * Per-line results: PAID with the provider's reference, or FAILED with the reason. All or
     * nothing: any invalid line is a 422 naming it and nothing is recorded. A line that already has
     * the same result is left alone (a retried delivery); another result for it is 409.
     */
    @Transactional
    public Recorded record(Collection<Long> scopeRoots, long id, ResultsBody body, Actor actor) {
        List<ResultLine> lines = body == null || body.lines() == null ? List.of() : body.lines();
        if (lines.isEmpty() || lines.size() > RESULT_LINES_MAX) {
            throw ApiException.invalidField("lines", "field.results.count", RESULT_LINES_MAX);
        }
        PayoutBatch b = inScope(scopeRoots, id, true);
        if (b.state != PayoutBatch.State.EXPORTED && b.state != PayoutBatch.State.CLOSED) {
            throw ApiException.conflict("payout-batch-not-exported", b.id).with("batchId", b.id).with("state", b.state.name());
        }
        Map<Long, PayoutLine> byReward = new HashMap<>();
        PayoutLine.<PayoutLine>find("batchId = ?1 and status <> ?2", b.id, PayoutLine.Status.DISCARDED).list()
                .forEach(l -> byReward.put(l.rewardId, l));
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            ResultLine l = lines.get(i);
            String f = "lines[" + i + "].";
            if (l == null || l.rewardId() == null) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.required"));
                continue;
            }
            if (!byReward.containsKey(l.rewardId())) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.result.not-in-batch"));
            } else if (!seen.add(l.rewardId())) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.result.duplicate"));
            }
            if (l.status() != PayoutLine.Status.PAID && l.status() != PayoutLine.Status.FAILED) {
                errors.add(new Problem.FieldError(f + "status", "field.result.status"));
            } else if (l.status() == PayoutLine.Status.PAID && blank(l.externalRef())) {
                errors.add(new Problem.FieldError(f + "externalRef", "field.required"));
            } else if (l.status() == PayoutLine.Status.FAILED && blank(l.reason())) {
                errors.add(new Problem.FieldError(f + "reason", "field.required"));
            }
            if (!blank(l.externalRef()) && !Codes.isRef(l.externalRef().strip())) {
                // it goes into the finance spreadsheets: a strict pattern, never a formula
                errors.add(new Problem.FieldError(f + "externalRef", "field.ref.format"));
            }
            Problem.FieldError reasonError = Texts.problem(f + "reason", l.reason(), REASON_MAX, "field.note.length");
            if (reasonError != null) {
                errors.add(reasonError);
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-field", errors);
        }
        Instant now = clock.instant();
        int applied = 0;
        int unchanged = 0;
        for (ResultLine in : lines) {
            PayoutLine l = byReward.get(in.rewardId());
            String ref = blank(in.externalRef()) ? null : in.externalRef().strip();
            String reason = blank(in.reason()) ? null : in.reason().strip();
            if (l.status != PayoutLine.Status.PENDING) {
                // a line whose payment was since reversed still "has" that PAID result: the same
                // delivery again changes nothing (and never pays again); another result is refused
                PayoutLine.Status recorded = l.status == PayoutLine.Status.REVERSED ? PayoutLine.Status.PAID : l.status;
                boolean same = recorded == in.status()
                        && (in.status() == PayoutLine.Status.PAID ? ref.equals(l.externalRef) : reason.equals(l.failureReason));
                if (!same) {
                    throw ApiException.conflict("payout-line-settled", l.rewardId, l.status.name())
                            .with("rewardId", l.rewardId).with("lineStatus", l.status.name());
                }
                unchanged++;
                continue;
            }
            Reward r = Reward.findById(l.rewardId);
            l.resultAt = now;
            l.resultBy = actor.id();
            if (in.status() == PayoutLine.Status.PAID) {
                l.status = PayoutLine.Status.PAID;
                l.externalRef = ref;
                r.paid(ref, now);
                LedgerEntry.append(r.id, b.id, LedgerEntry.Kind.PAYMENT, l.amountFen, null, ref, actor.id(), now);
                b.paidFen += l.amountFen;
            } else {
                l.status = PayoutLine.Status.FAILED;
                l.failureReason = reason;
                r.failed(reason, now);
                LedgerEntry.append(r.id, b.id, LedgerEntry.Kind.FAILURE, l.amountFen, null, reason, actor.id(), now);
                b.failedFen += l.amountFen;
            }
            applied++;
        }
        if (byReward.values().stream().noneMatch(l -> l.status == PayoutLine.Status.PENDING) && b.state == PayoutBatch.State.EXPORTED) {
            b.state = PayoutBatch.State.CLOSED;
            b.closedAt = now;
        }
        em.flush();
        if (applied > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("applied", applied);
            d.put("unchanged", unchanged);
            d.put("paidFen", b.paidFen);
            d.put("failedFen", b.failedFen);
            d.put("state", b.state.name());
            audit.record(actor.id(), actor.name(), "PAYOUT_RESULTS_RECORDED", "payout_batch", String.valueOf(b.id), actor.clientIp(),
                    json.write(d));
        }
        return new Recorded(view(b), applied, unchanged);
    }

    // ------------------------------------------------------------------ helpers

    private PayoutBatch inScope(Collection<Long> scopeRoots, long id, boolean lock) {
        PayoutBatch b = lock ? PayoutBatch.findById(id, LockModeType.PESSIMISTIC_WRITE) : PayoutBatch.findById(id);
        if (b == null || !ScopeTree.below(em, scopeRoots).contains(b.regionId)) {
            throw ApiException.notFound("payout-batch-not-found", id);
        }
        return b;
    }

    private static void requireState(PayoutBatch b, PayoutBatch.State wanted) {
        if (b.state != wanted) {
            throw ApiException.conflict("payout-batch-illegal-state", b.id, b.state.name(), wanted.name())
                    .with("batchId", b.id).with("state", b.state.name());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    BatchView view(PayoutBatch b) {
        Region region = Region.findById(b.regionId);
        Map<String, String> files = b.state == PayoutBatch.State.EXPORTED || b.state == PayoutBatch.State.CLOSED
                ? Map.of("csv", "/api/v1/payout-batches/" + b.id + "/export.csv", "xlsx", "/api/v1/payout-batches/" + b.id + "/export.xlsx")
                : Map.of();
        long pending = b.state == PayoutBatch.State.DISCARDED ? 0 : b.totalFen - b.paidFen - b.failedFen - b.reversedFen;
        return new BatchView(b.id, b.regionId, region == null ? null : region.name, b.channel, b.month, b.state, b.lineCount, b.totalFen,
                RewardCalculator.yuan(b.totalFen), b.paidFen, b.failedFen, b.reversedFen, pending, b.createdBy, b.createdAt, b.exportedBy,
                b.exportedAt, b.closedAt, files, b.version);
    }

    private BatchDetail detail(PayoutBatch b) {
        List<PayoutLine> lines = PayoutLine.<PayoutLine>find("batchId = ?1 order by lineNo", b.id).list();
        Map<Long, Reward> rewards = rewards(lines);
        Map<Long, Account> accounts = accounts(rewards.values());
        List<LineView> out = new ArrayList<>(lines.size());
        for (PayoutLine l : lines) {
            Reward r = rewards.get(l.rewardId);
            Account a = accounts.get(r.payeeAccountId);
            out.add(new LineView(l.lineNo, l.rewardId, r.ticketId, l.amountFen, RewardCalculator.yuan(l.amountFen), l.status, l.externalRef,
                    l.failureReason, l.resultAt, a == null ? null : new RewardViews.Payee(a.id, a.displayName, RewardViews.mask(a.payoutPhone()))));
        }
        return new BatchDetail(view(b), out, null);
    }

    private static Map<Long, Reward> rewards(List<PayoutLine> lines) {
        Map<Long, Reward> m = new HashMap<>();
        if (!lines.isEmpty()) {
            Reward.<Reward>list("id in ?1", lines.stream().map(l -> l.rewardId).toList()).forEach(r -> m.put(r.id, r));
        }
        return m;
    }

    private static Map<Long, Account> accounts(Collection<Reward> rewards) {
        Map<Long, Account> m = new HashMap<>();
        List<Long> ids = rewards.stream().map(r -> r.payeeAccountId).filter(java.util.Objects::nonNull).distinct().toList();
        if (!ids.isEmpty()) {
            Account.<Account>list("id in ?1", ids).forEach(a -> m.put(a.id, a));
        }
        return m;
    }
}
