package cn.suishoupai.region;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Units (责任单位) and hazard categories (admin, audited). Both feed the router. */
@ApplicationScoped
public class OrganisationAdminService {

    public record UnitView(
            long id, String code, String name, String type, String contactPhone, boolean active, List<Long> regionIds) {
        static UnitView of(Unit u) {
            return new UnitView(
                    u.id,
                    u.code,
                    u.name,
                    u.type.name(),
                    u.contactPhone,
                    u.active,
                    u.regionIds.stream().sorted().toList());
        }
    }

    public record UnitData(
            String code, String name, Unit.Type type, String contactPhone, Set<Long> regionIds, Boolean active) {}

    public record CategoryView(
            long id,
            String code,
            String nameZh,
            String nameEn,
            String defaultSeverity,
            boolean autoDispatch,
            boolean active) {
        static CategoryView of(HazardCategory c) {
            return new CategoryView(c.id, c.code, c.nameZh, c.nameEn, c.defaultSeverity, c.autoDispatch, c.active);
        }
    }

    public record CategoryData(
            String code, String nameZh, String nameEn, String defaultSeverity, Boolean autoDispatch, Boolean active) {}

    private final Audit audit;
    private final Event<OrganisationChanged> organisationChanged;
    private final Clock clock;

    OrganisationAdminService(Audit audit, Event<OrganisationChanged> organisationChanged, Clock clock) {
        this.audit = audit;
        this.organisationChanged = organisationChanged;
        this.clock = clock;
    }

    @Transactional
    public List<UnitView> units(Actor actor) {
        return Unit.<Unit>findAll(Sort.by("code")).stream()
                .filter(u -> RegionScope.visible(actor, u.regionIds))
                .map(UnitView::of)
                .toList();
    }

    @Transactional
    public UnitView unit(long id, Actor actor) {
        return UnitView.of(visibleUnit(id, actor));
    }

    @Transactional
    public UnitView createUnit(UnitData d, Actor actor) {
        requireUnitInScope(
                actor, d.regionIds() == null ? Set.of() : d.regionIds()); // scope before uniqueness: 403, not 409
        if (Unit.count("code", d.code()) > 0) {
            throw ApiException.conflict("unit-code-taken", d.code());
        }
        Unit u = new Unit();
        u.code = d.code();
        u.createdAt = clock.instant();
        apply(u, d, actor);
        u.persistAndFlush();
        organisationChanged.fire(new OrganisationChanged("unit"));
        audit.record(actor, "unit.create", Target.of("unit", u.id), u.code);
        return UnitView.of(u);
    }

    @Transactional
    public UnitView updateUnit(long id, UnitData d, Actor actor) {
        Unit u = visibleUnit(id, actor);
        apply(u, d, actor);
        organisationChanged.fire(new OrganisationChanged("unit"));
        audit.record(
                actor,
                "unit.update",
                Target.of("unit", u.id),
                u.name + " " + u.type + " regions="
                        + u.regionIds.stream().sorted().toList() + " active=" + u.active);
        return UnitView.of(u);
    }

    /** A regional admin manages only units serving regions within their scope. */
    private static void requireUnitInScope(Actor actor, Set<Long> regionIds) {
        if (regionIds.isEmpty()) {
            actor.requireServiceWide();
        } else {
            RegionScope.require(actor, regionIds);
        }
    }

    private static void apply(Unit u, UnitData d, Actor actor) {
        Set<Long> regions = d.regionIds() == null ? Set.of() : d.regionIds();
        requireUnitInScope(actor, regions);
        if (!regions.isEmpty() && Region.count("id in ?1 and retiredAt is null", regions) != regions.size()) {
            throw ApiException.invalidField("regionIds", "region.unknown");
        }
        u.name = d.name();
        u.type = d.type();
        u.contactPhone = d.contactPhone();
        u.regionIds = new HashSet<>(regions);
        if (d.active() != null) {
            u.active = d.active();
        }
    }

    @Transactional
    public List<CategoryView> categories() {
        return HazardCategory.<HazardCategory>findAll(Sort.by("code")).stream()
                .map(CategoryView::of)
                .toList();
    }

    /** The categories a report may name now (active ones), in code order: for everyone who reports or handles reports. */
    @Transactional
    public List<CategoryView> activeCategories() {
        return HazardCategory.<HazardCategory>list(
                        "active = true", Sort.by("code").and("id"))
                .stream()
                .map(CategoryView::of)
                .toList();
    }

    @Transactional
    public CategoryView createCategory(CategoryData d, Actor actor) {
        actor.requireServiceWide(); // categories are service-wide reference data; scope before uniqueness
        if (HazardCategory.count("code", d.code()) > 0) {
            throw ApiException.conflict("category-code-taken", d.code());
        }
        HazardCategory c = new HazardCategory();
        c.code = d.code();
        apply(c, d);
        c.persistAndFlush();
        organisationChanged.fire(new OrganisationChanged("category"));
        audit.record(actor, "category.create", Target.of("category", c.id), c.code);
        return CategoryView.of(c);
    }

    @Transactional
    public CategoryView updateCategory(long id, CategoryData d, Actor actor) {
        actor.requireServiceWide();
        HazardCategory c = HazardCategory.findById(id);
        if (c == null) {
            throw ApiException.notFound("category-not-found", id);
        }
        apply(c, d);
        organisationChanged.fire(new OrganisationChanged("category"));
        audit.record(
                actor,
                "category.update",
                Target.of("category", c.id),
                c.code + " autoDispatch=" + c.autoDispatch + " active=" + c.active);
        return CategoryView.of(c);
    }

    private static void apply(HazardCategory c, CategoryData d) {
        c.nameZh = d.nameZh();
        c.nameEn = d.nameEn();
        c.defaultSeverity = d.defaultSeverity();
        c.autoDispatch = d.autoDispatch() == null || d.autoDispatch();
        if (d.active() != null) {
            c.active = d.active();
        }
    }

    /** The unit, if it serves only regions within the caller's scope; otherwise 404 as if unknown. */
    private static Unit visibleUnit(long id, Actor actor) {
        Unit u = Unit.findById(id);
        if (u == null) {
            throw ApiException.notFound("unit-not-found", id);
        }
        RegionScope.requireVisible(actor, u.regionIds, "unit-not-found", id);
        return u;
    }
}
