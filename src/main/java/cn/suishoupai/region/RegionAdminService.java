package cn.suishoupai.region;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The region tree: create, rename, move, retire (admin, audited). */
@ApplicationScoped
public class RegionAdminService {

    public record RegionView(
            long id,
            String code,
            String name,
            String level,
            Long parentId,
            boolean active,
            Double areaM2,
            Instant retiredAt) {
        static RegionView of(Region r) {
            return new RegionView(
                    r.id, r.code, r.name, r.level.name(), r.parentId, r.isActive(), r.areaM2, r.retiredAt);
        }
    }

    private final Audit audit;
    private final Event<OrganisationChanged> organisationChanged;
    private final Clock clock;

    RegionAdminService(Audit audit, Event<OrganisationChanged> organisationChanged, Clock clock) {
        this.audit = audit;
        this.organisationChanged = organisationChanged;
        this.clock = clock;
    }

    @Transactional
    public List<RegionView> list(Region.Level level, Long parentId, boolean includeRetired) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (level != null) {
            q.append(" and level = :level");
            p.and("level", level);
        }
        if (parentId != null) {
            q.append(" and parentId = :parent");
            p.and("parent", parentId);
        }
        if (!includeRetired) {
            q.append(" and retiredAt is null");
        }
        return Region.<Region>find(q.toString(), Sort.by("code"), p).stream()
                .map(RegionView::of)
                .toList();
    }

    @Transactional
    public RegionView get(long id) {
        return RegionView.of(load(id));
    }

    @Transactional
    public RegionView create(String code, String name, Region.Level level, Long parentId, Actor actor) {
        Long parent = checkParent(level, parentId);
        if (parent == null) {
            actor.requireServiceWide();
        } else {
            RegionScope.require(actor, parent);
        }
        // scope first: another township's codes are not this admin's business (403, not 409)
        if (Region.count("code", code) > 0) {
            throw ApiException.conflict("region-code-taken", code);
        }
        Instant now = clock.instant();
        Region r = new Region();
        r.code = code;
        r.name = name;
        r.level = level;
        r.parentId = parent;
        r.createdAt = now;
        r.updatedAt = now;
        r.persistAndFlush();
        organisationChanged.fire(new OrganisationChanged("region"));
        audit.record(actor, "region.create", Target.of("region", r.id), level + " " + code + " parent=" + parent);
        return RegionView.of(r);
    }

    /** Rename and/or move under a new parent of the right level. */
    @Transactional
    public RegionView update(long id, String name, Long parentId, Actor actor) {
        Region r = load(id);
        RegionScope.requireVisible(actor, r.id, "region-not-found", id);
        String before = r.name + " parent=" + r.parentId;
        if (name != null) {
            r.name = name;
        }
        if (parentId != null && !parentId.equals(r.parentId)) {
            r.parentId = checkParent(r.level, parentId);
            RegionScope.require(actor, r.parentId);
        }
        r.updatedAt = clock.instant();
        organisationChanged.fire(new OrganisationChanged("region"));
        audit.record(
                actor, "region.update", Target.of("region", r.id), before + " -> " + r.name + " parent=" + r.parentId);
        return RegionView.of(r);
    }

    /** A retired region keeps its history (tickets still point at it) but no longer routes. */
    @Transactional
    public RegionView retire(long id, Actor actor) {
        Region r = load(id);
        RegionScope.requireVisible(actor, r.id, "region-not-found", id);
        if (!r.isActive()) {
            return RegionView.of(r);
        }
        if (Region.count("parentId = ?1 and retiredAt is null", r.id) > 0) {
            throw ApiException.conflict("region-has-active-children", r.code);
        }
        r.retiredAt = clock.instant();
        r.updatedAt = r.retiredAt;
        organisationChanged.fire(new OrganisationChanged("region"));
        audit.record(actor, "region.retire", Target.of("region", r.id), r.code);
        return RegionView.of(r);
    }

    private static Long checkParent(Region.Level level, Long parentId) {
        if (level == Region.Level.DISTRICT) {
            if (parentId != null) {
                throw ApiException.invalidField("parentId", "region.parent.none-for-district");
            }
            return null;
        }
        if (parentId == null) {
            throw ApiException.invalidField("parentId", "region.parent.required");
        }
        Region parent = Region.findById(parentId);
        if (parent == null || !parent.isActive()) {
            throw ApiException.invalidField("parentId", "region.unknown");
        }
        if (Region.childLevel(parent.level) != level) {
            throw ApiException.invalidField("parentId", "region.parent.wrong-level");
        }
        return parent.id;
    }

    private static Region load(long id) {
        Region r = Region.findById(id);
        if (r == null) {
            throw ApiException.notFound("region-not-found", id);
        }
        return r;
    }
}
