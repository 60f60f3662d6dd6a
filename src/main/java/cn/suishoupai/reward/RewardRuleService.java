package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.ClockProducer;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Texts;
import cn.suishoupai.common.Times;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.RegionScope;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.region.Severity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Admin upkeep of reward rules and township budgets. Rules of one category (or any) and severity
 * may not share a day. A rule some reward used keeps its amounts: only its end date may move.
 * Rules are service-wide: every admin may read them, only a service-wide admin changes them (a
 * township admin gets 403 out-of-scope). Budgets belong to townships: a township admin reads, sets
 * and removes only their own townships' (another township is 404 region-not-found).
 */
@ApplicationScoped
public class RewardRuleService {

    /** categoryCode null = any category; dates are Asia/Shanghai days, validUntil inclusive (null = open). */
    @Schema(name = "RewardRuleBody")
    public record RuleBody(
            String categoryCode,
            @Required Severity severity,
            @Required RewardRule.Kind kind,

            @InRange(min = 1, max = FEN_MAX, message = "field.fen.range")
            Long fixedFen,

            @InRange(min = 1, max = BPS_MAX, message = "field.rule.bps")
            Integer percentBps,

            @InRange(min = 0, max = FEN_MAX, message = "field.fen.range")
            Long minFen,

            @InRange(min = 1, max = FEN_MAX, message = "field.fen.range")
            Long maxFen,

            Channel channel,
            @Required LocalDate validFrom,
            LocalDate validUntil,

            @FreeText(max = RULE_NOTE_MAX, message = "field.rule.note")
            String note,

            Long version) {}

    @Schema(name = "RewardRuleView")
    public record RuleView(
            long id,
            String categoryCode,
            Severity severity,
            RewardRule.Kind kind,
            Long fixedFen,
            Integer percentBps,
            Long minFen,
            Long maxFen,
            Channel channel,
            LocalDate validFrom,
            LocalDate validUntil,
            String note,
            boolean used,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    @Schema(name = "RewardBudgetBody")
    public record BudgetBody(
            @Required @InRange(min = 0, max = BUDGET_MAX, message = "field.fen.range")
            Long budgetFen) {}

    @Schema(name = "RewardBudgetView")
    public record BudgetView(
            long regionId,
            String regionName,
            int year,
            long budgetFen,
            long usedFen,
            long remainingFen,
            Instant updatedAt) {}

    static final long FEN_MAX = 100_000_000L;

    /** A percentage rule pays at most the whole fine: 10 000 basis points. */
    static final int BPS_MAX = 10_000;

    /** What the reward_rule.note column holds. */
    static final int RULE_NOTE_MAX = 200;

    /** The largest yearly budget (fen) of a township. */
    static final long BUDGET_MAX = 100_000_000_000L;

    private final EntityManager em;
    private final AdvisoryLocks locks;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final RewardAccrual accrual;
    private final RewardsConfig config;
    private final RegionNames regionNames;

    RewardRuleService(
            EntityManager em,
            AdvisoryLocks locks,
            Audit audit,
            Json json,
            Clock clock,
            RewardAccrual accrual,
            RewardsConfig config,
            RegionNames regionNames) {
        this.regionNames = regionNames;
        this.config = config;
        this.em = em;
        this.locks = locks;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.accrual = accrual;
    }

    @Transactional
    public List<RuleView> list(String categoryCode, Severity severity, LocalDate on) {
        StringBuilder q = new StringBuilder("1 = 1");
        List<Object> args = new ArrayList<>();
        if (categoryCode != null) {
            Long categoryId = regionNames.categoryId(categoryCode);
            if (categoryId == null) {
                return List.of();
            }
            args.add(categoryId);
            q.append(" and categoryId = ?").append(args.size());
        }
        if (severity != null) {
            args.add(severity);
            q.append(" and severity = ?").append(args.size());
        }
        if (on != null) {
            args.add(on);
            q.append(" and validFrom <= ?")
                    .append(args.size())
                    .append(" and (validUntil is null or validUntil >= ?")
                    .append(args.size())
                    .append(")");
        }
        return RewardRule.<RewardRule>find(q.toString(), Sort.ascending("severity", "validFrom", "id"), args.toArray())
                .list()
                .stream()
                .map(this::view)
                .toList();
    }

    @Transactional
    public RuleView get(long id) {
        return view(rule(id));
    }

    @Transactional
    public RuleView create(RuleBody body, Actor actor) {
        actor.requireServiceWide();
        Valid v = validate(body);
        lock(v.categoryId, body.severity());
        requireNoOverlap(null, v.categoryId, body.severity(), body.validFrom(), body.validUntil());
        Instant now = clock.instant();
        RewardRule r = new RewardRule();
        apply(r, body, v);
        r.createdBy = actor.id();
        r.createdAt = now;
        r.updatedAt = now;
        r.persist();
        em.flush();
        audit.record(actor, "REWARD_RULE_CREATED", Target.of("reward_rule", r.id), json.write(view(r)));
        return view(r);
    }

    @Transactional
    public RuleView update(long id, RuleBody body, Actor actor) {
        RewardRule r = rule(id);
        actor.requireServiceWide();
        if (body != null && body.version() != null && body.version() != r.version) {
            throw ApiException.conflict("stale-version").with("ruleId", id).with("version", r.version);
        }
        Valid v = validate(body);
        lock(r.categoryId, r.severity);
        lock(v.categoryId, body.severity());
        if (used(r.id)) {
            boolean onlyEnd = Objects.equals(v.categoryId, r.categoryId)
                    && body.severity() == r.severity
                    && body.kind() == r.kind
                    && Objects.equals(body.fixedFen(), r.fixedFen)
                    && Objects.equals(body.percentBps(), r.percentBps)
                    && Objects.equals(body.minFen(), r.minFen)
                    && Objects.equals(body.maxFen(), r.maxFen)
                    && v.channel == r.channel
                    && body.validFrom().equals(r.validFrom);
            if (!onlyEnd) {
                throw ApiException.conflict("reward-rule-in-use", id).with("ruleId", id);
            }
            LocalDate lastUse = lastUse(r.id);
            if (body.validUntil() != null
                    && lastUse != null
                    && body.validUntil().isBefore(lastUse)) {
                throw ApiException.invalidField("validUntil", "field.rule.until-before-use", lastUse.toString());
            }
        }
        requireNoOverlap(r.id, v.categoryId, body.severity(), body.validFrom(), body.validUntil());
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("before", view(r));
        apply(r, body, v);
        r.updatedAt = clock.instant();
        em.flush();
        before.put("after", view(r));
        audit.record(actor, "REWARD_RULE_UPDATED", Target.of("reward_rule", r.id), json.write(before));
        return view(r);
    }

    @Transactional
    public void delete(long id, Actor actor) {
        RewardRule r = rule(id);
        actor.requireServiceWide();
        if (used(r.id)) {
            throw ApiException.conflict("reward-rule-in-use", id).with("ruleId", id);
        }
        audit.record(actor, "REWARD_RULE_DELETED", Target.of("reward_rule", r.id), json.write(view(r)));
        r.delete();
    }

    // ------------------------------------------------------------------ budgets

    @Transactional
    public List<BudgetView> budgets(Integer year, Actor actor) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select region_id, year from reward_budget where (cast(?1 as integer) is null or year = ?1) "
                                + "order by year, region_id")
                .setParameter(1, year)
                .getResultList();
        ScopeTree.Reach scope = actor.serviceWide() ? null : ScopeTree.reach(em, actor.regionIds());
        return rows.stream()
                .filter(r -> scope == null || scope.contains(((Number) r[0]).longValue()))
                .map(r -> budget(((Number) r[0]).longValue(), ((Number) r[1]).intValue()))
                .toList();
    }

    @Transactional
    public BudgetView setBudget(long regionId, int year, BudgetBody body, Actor actor) {
        requireVisibleRegion(regionId, actor);
        if (body == null) {
            throw ApiException.invalidField("budgetFen", "field.required");
        }
        Region region = regionNames.region(regionId);
        if (region == null || region.level != Region.Level.TOWNSHIP) {
            throw ApiException.invalidField("regionId", "field.region.township");
        }
        accrual.lockBudget(regionId, year);
        em.createNativeQuery(
                        "insert into reward_budget (region_id, year, budget_fen, updated_by, updated_at) values (?1, ?2, ?3, ?4, ?5) "
                                + "on conflict (region_id, year) do update set budget_fen = excluded.budget_fen, updated_by = excluded.updated_by, "
                                + "updated_at = excluded.updated_at")
                .setParameter(1, regionId)
                .setParameter(2, year)
                .setParameter(3, body.budgetFen())
                .setParameter(4, actor.id())
                .setParameter(5, clock.instant())
                .executeUpdate();
        audit.record(
                actor,
                "REWARD_BUDGET_SET",
                Target.of("region", regionId),
                json.write(Map.of("year", year, "budgetFen", body.budgetFen())));
        return budget(regionId, year);
    }

    @Transactional
    public void deleteBudget(long regionId, int year, Actor actor) {
        requireVisibleRegion(regionId, actor);
        accrual.lockBudget(regionId, year);
        int n = em.createNativeQuery("delete from reward_budget where region_id = ?1 and year = ?2")
                .setParameter(1, regionId)
                .setParameter(2, year)
                .executeUpdate();
        if (n == 0) {
            throw ApiException.notFound("reward-budget-not-found", regionId, String.valueOf(year));
        }
        audit.record(actor, "REWARD_BUDGET_REMOVED", Target.of("region", regionId), json.write(Map.of("year", year)));
    }

    /** Another township's budget does not exist for a township admin. */
    private void requireVisibleRegion(long regionId, Actor actor) {
        if (regionNames.region(regionId) != null) {
            RegionScope.requireVisible(actor, regionId, "region-not-found", regionId);
        }
    }

    private BudgetView budget(long regionId, int year) {
        Long budget = accrual.budget(regionId, year);
        long used = accrual.budgetUsed(regionId, year);
        Region region = regionNames.region(regionId);
        @SuppressWarnings("unchecked")
        List<Object> at = em.createNativeQuery(
                        "select updated_at from reward_budget where region_id = ?1 and year = ?2")
                .setParameter(1, regionId)
                .setParameter(2, year)
                .getResultList();
        return new BudgetView(
                regionId,
                region == null ? null : region.name,
                year,
                budget == null ? 0 : budget,
                used,
                budget == null ? 0 : Math.max(0, budget - used),
                at.isEmpty() ? null : Times.instant(at.get(0)));
    }

    // ------------------------------------------------------------------ helpers

    private record Valid(Long categoryId, Channel channel) {}

    private Valid validate(RuleBody b) {
        if (b == null) {
            throw ApiException.invalidField("body", "field.required");
        }
        Long categoryId = null;
        if (b.categoryCode() != null) {
            HazardCategory c = HazardCategory.activeByCode(b.categoryCode());
            if (c == null) {
                throw ApiException.invalidField("categoryCode", "field.category.unknown");
            }
            categoryId = c.id;
        }
        if (b.validUntil() != null && b.validUntil().isBefore(b.validFrom())) {
            throw ApiException.invalidField("validUntil", "field.rule.until-before-from");
        }
        // the ranges are checked on RuleBody; which amounts a kind takes is a rule of several fields
        if (b.kind() == RewardRule.Kind.FIXED) {
            present("fixedFen", b.fixedFen());
            absent("percentBps", b.percentBps());
            absent("minFen", b.minFen());
            absent("maxFen", b.maxFen());
        } else {
            absent("fixedFen", b.fixedFen());
            present("percentBps", b.percentBps());
            present("minFen", b.minFen());
            present("maxFen", b.maxFen());
            if (b.minFen() > b.maxFen()) {
                throw ApiException.invalidField("maxFen", "field.rule.max-below-min");
            }
        }
        return new Valid(categoryId, b.channel() == null ? config.defaultChannel() : b.channel());
    }

    private static void present(String field, Object v) {
        if (v == null) {
            throw ApiException.invalidField(field, "field.required");
        }
    }

    private static void absent(String field, Object v) {
        if (v != null) {
            throw ApiException.invalidField(field, "field.rule.not-for-kind");
        }
    }

    private void apply(RewardRule r, RuleBody b, Valid v) {
        r.categoryId = v.categoryId();
        r.severity = b.severity();
        r.kind = b.kind();
        r.fixedFen = b.fixedFen();
        r.percentBps = b.percentBps();
        r.minFen = b.minFen();
        r.maxFen = b.maxFen();
        r.channel = v.channel();
        r.validFrom = b.validFrom();
        r.validUntil = b.validUntil();
        r.note = Texts.trimmed(b.note());
    }

    private void lock(Long categoryId, Severity severity) {
        locks.lock("reward-rule:" + (categoryId == null ? 0 : categoryId) + ":" + severity);
    }

    private void requireNoOverlap(Long self, Long categoryId, Severity severity, LocalDate from, LocalDate until) {
        List<RewardRule> same = categoryId == null
                ? RewardRule.list("categoryId is null and severity = ?1", severity)
                : RewardRule.list("categoryId = ?1 and severity = ?2", categoryId, severity);
        for (RewardRule o : same) {
            if (!o.id.equals(self) && o.overlaps(from, until)) {
                throw ApiException.conflict("reward-rule-overlap", o.id).with("ruleId", o.id);
            }
        }
    }

    private RewardRule rule(long id) {
        RewardRule r = RewardRule.findById(id);
        if (r == null) {
            throw ApiException.notFound("reward-rule-not-found", id);
        }
        return r;
    }

    private boolean used(long ruleId) {
        return !em.createNativeQuery("select 1 from reward where rule_id = ?1 limit 1")
                .setParameter(1, ruleId)
                .getResultList()
                .isEmpty();
    }

    private LocalDate lastUse(long ruleId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select max(accrued_at) from reward where rule_id = ?1")
                .setParameter(1, ruleId)
                .getResultList();
        return rows.isEmpty() || rows.get(0) == null
                ? null
                : Times.instant(rows.get(0)).atZone(ClockProducer.BUSINESS_ZONE).toLocalDate();
    }

    private RuleView view(RewardRule r) {
        RegionNames.CategoryName c = regionNames.category(r.categoryId);
        String code = c == null ? null : c.code();
        return new RuleView(
                r.id,
                code,
                r.severity,
                r.kind,
                r.fixedFen,
                r.percentBps,
                r.minFen,
                r.maxFen,
                r.channel,
                r.validFrom,
                r.validUntil,
                r.note,
                r.id != null && used(r.id),
                r.createdAt,
                r.updatedAt,
                r.version);
    }
}
