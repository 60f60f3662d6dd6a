package cn.suishoupai.routing;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Texts;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.RegionScope;
import cn.suishoupai.region.Unit;
import cn.suishoupai.region.Units;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Routing rules (admin, audited). A rule that would tie with an active one — same category (or
 * both "any") on the same region — is refused when saved, so routing never meets a tie. Its lead
 * and assisting units must serve the rule's region (region/Units: the region, a region in it, or one
 * above it), which lies within the admin's scope; scope is checked before the tie (403/404, not 409).
 * A rule outside a township admin's scope is 404 and not listed.
 */
@ApplicationScoped
public class RuleAdminService {

    public record RuleData(
            String categoryCode,
            long regionId,
            RoutingRule.Target target,
            Long leadUnitId,
            Set<Long> assistingUnitIds,
            String note) {}

    @Schema(name = "RoutingRuleView")
    public record RuleView(
            long id,
            String categoryCode,
            long regionId,
            String regionCode,
            String regionLevel,
            String target,
            Long leadUnitId,
            List<Long> assistingUnitIds,
            boolean active,
            String note,
            int specificity,
            long version) {}

    private final Audit audit;
    private final RoutingData routingData;
    private final Clock clock;
    private final EntityManager em;
    private final RegionNames regionNames;

    RuleAdminService(Audit audit, RoutingData routingData, Clock clock, EntityManager em, RegionNames regionNames) {
        this.regionNames = regionNames;
        this.em = em;
        this.audit = audit;
        this.routingData = routingData;
        this.clock = clock;
    }

    @Transactional
    public List<RuleView> list(boolean includeInactive, Actor actor) {
        var rules = includeInactive
                ? RoutingRule.<RoutingRule>findAll(Sort.by("id")).list()
                : RoutingRule.<RoutingRule>list("active", Sort.by("id"), true);
        return rules.stream()
                .filter(r -> RegionScope.visible(actor, List.of(r.regionId)))
                .map(this::view)
                .toList();
    }

    @Transactional
    public RuleView get(long id, Actor actor) {
        return view(load(id, actor));
    }

    @Transactional
    public RuleView create(RuleData d, Actor actor) {
        Instant now = clock.instant();
        RoutingRule r = new RoutingRule();
        r.createdAt = now;
        apply(r, d, now, actor);
        r.persistAndFlush();
        routingData.changed();
        audit.record(actor, "routing-rule.create", Target.of("routing-rule", r.id), describe(r));
        return view(r);
    }

    @Transactional
    public RuleView update(long id, RuleData d, Actor actor) {
        RoutingRule r = load(id, actor);
        String before = describe(r);
        apply(r, d, clock.instant(), actor);
        routingData.changed();
        audit.record(actor, "routing-rule.update", Target.of("routing-rule", r.id), before + " -> " + describe(r));
        return view(r);
    }

    @Transactional
    public RuleView setActive(long id, boolean active, Actor actor) {
        RoutingRule r = load(id, actor);
        if (r.active == active) {
            return view(r);
        }
        if (active) {
            checkNoTie(r.id, r.categoryId, r.regionId);
        }
        r.active = active;
        r.updatedAt = clock.instant();
        routingData.changed();
        audit.record(
                actor,
                active ? "routing-rule.activate" : "routing-rule.deactivate",
                Target.of("routing-rule", r.id),
                describe(r));
        return view(r);
    }

    private void apply(RoutingRule r, RuleData d, Instant now, Actor actor) {
        Long categoryId = null;
        if (d.categoryCode() != null) {
            categoryId = regionNames.categoryId(d.categoryCode());
            if (categoryId == null) {
                throw ApiException.invalidField("categoryCode", "category.unknown");
            }
        }
        Region region = regionNames.region(d.regionId());
        if (region == null || !region.isActive()) {
            throw ApiException.invalidField("regionId", "region.unknown");
        }
        RegionScope.require(actor, region.id);
        if (d.target() == RoutingRule.Target.UNIT) {
            Unit lead = regionNames.unit(d.leadUnitId());
            if (lead == null || !lead.active) {
                throw ApiException.invalidField("leadUnitId", "rule.lead.required");
            }
            Units.requireServing(em, "leadUnitId", List.of(lead.id), region.id);
        } else if (d.leadUnitId() != null) {
            throw ApiException.invalidField("leadUnitId", "rule.lead.not-for-territorial");
        }
        Set<Long> assisting = d.assistingUnitIds() == null ? Set.of() : d.assistingUnitIds();
        if (!regionNames.allActiveUnits(assisting)) {
            throw ApiException.invalidField("assistingUnitIds", "unit.unknown");
        }
        Units.requireServing(em, "assistingUnitIds", assisting, region.id);
        if (d.leadUnitId() != null && assisting.contains(d.leadUnitId())) {
            throw ApiException.invalidField("assistingUnitIds", "rule.assist.not-lead");
        }
        if (r.active) {
            checkNoTie(r.id, categoryId, region.id);
        }
        r.categoryId = categoryId;
        r.regionId = region.id;
        r.target = d.target();
        r.leadUnitId = d.leadUnitId();
        r.assistingUnitIds = new HashSet<>(assisting);
        r.note = Texts.trimmed(d.note());
        r.updatedAt = now;
    }

    private static void checkNoTie(Long selfId, Long categoryId, long regionId) {
        RoutingRule other = RoutingRule.<RoutingRule>find(
                        "active = true and regionId = ?1 and "
                                + (categoryId == null ? "categoryId is null" : "categoryId = ?2")
                                + (selfId == null ? "" : " and id <> " + selfId),
                        categoryId == null ? new Object[] {regionId} : new Object[] {regionId, categoryId})
                .firstResult();
        if (other != null) {
            throw ApiException.conflict("rule-tie", other.id).with("conflictingRuleId", other.id);
        }
    }

    /** The rule, if its region is within the caller's scope; otherwise 404 as if unknown. */
    private static RoutingRule load(long id, Actor actor) {
        RoutingRule r = RoutingRule.findById(id);
        if (r == null) {
            throw ApiException.notFound("rule-not-found", id);
        }
        RegionScope.requireVisible(actor, r.regionId, "rule-not-found", id);
        return r;
    }

    private RuleView view(RoutingRule r) {
        Region region = regionNames.region(r.regionId);
        String category =
                r.categoryId == null ? null : regionNames.category(r.categoryId).code();
        int depth = RoutingSnapshot.depth(region.level.name());
        return new RuleView(
                r.id,
                category,
                r.regionId,
                region.code,
                region.level.name(),
                r.target.name(),
                r.leadUnitId,
                r.assistingUnitIds.stream().sorted().toList(),
                r.active,
                r.note,
                RuleSelector.specificity(depth, r.categoryId != null),
                r.version);
    }

    private static String describe(RoutingRule r) {
        return "category=" + r.categoryId + " region=" + r.regionId + " target=" + r.target + " lead=" + r.leadUnitId
                + " assist=" + r.assistingUnitIds.stream().sorted().toList() + " active=" + r.active;
    }
}
