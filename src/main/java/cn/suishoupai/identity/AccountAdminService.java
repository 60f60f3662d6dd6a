package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Problem.FieldError;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.RegionScope;
import cn.suishoupai.region.Unit;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Staff account administration (role admin); every change is audited. */
@ApplicationScoped
public class AccountAdminService {

    public record NewStaff(
            String username,
            String displayName,
            String password,
            String phone,
            Set<String> roles,
            Long unitId,
            Set<Long> regionIds) {}

    public record Scope(Set<String> roles, Long unitId, Set<Long> regionIds) {}

    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final Audit audit;
    private final Clock clock;
    private final EntityManager em;
    private final ReportingResidents reportingResidents;
    private final RegionNames regionNames;

    AccountAdminService(
            PasswordHasher hasher,
            TokenService tokens,
            Audit audit,
            Clock clock,
            EntityManager em,
            ReportingResidents reportingResidents,
            RegionNames regionNames) {
        this.regionNames = regionNames;
        this.em = em;
        this.reportingResidents = reportingResidents;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A regional admin manages only staff whose scope lies within theirs: unit staff of units
     * serving their regions, regional staff of their regions. Service-wide accounts and residents
     * are for service-wide admins.
     */
    private void requireInScope(Actor actor, Account.Kind kind, Long unitId, Set<Long> regionIds) {
        if (!inScope(actor, kind, unitId, regionIds)) {
            throw ApiException.forbidden("out-of-scope");
        }
    }

    private boolean inScope(Actor actor, Account.Kind kind, Long unitId, Set<Long> regionIds) {
        List<Long> scope = actor.regionIds();
        if (scope.isEmpty()) {
            return true;
        }
        if (kind == Account.Kind.RESIDENT) {
            return false;
        }
        Set<Long> regions = regionIds;
        if (unitId != null) {
            Unit u = regionNames.unit(unitId);
            regions = u == null ? Set.of() : u.regionIds;
        }
        return regions != null && !regions.isEmpty() && regions.stream().allMatch(r -> RegionScope.covers(scope, r));
    }

    /**
     * The account, if the caller may see it: a regional admin sees the staff within their scope and
     * the residents who reported in their regions. Anything else is 404, as if it did not exist.
     */
    private Account loadInScope(long id, Actor actor) {
        Account a = load(id);
        boolean visible = a.kind == Account.Kind.RESIDENT
                ? actor.serviceWide() || reportedHere(actor).contains(a.id)
                : inScope(actor, a.kind, a.unitId, a.regionIds);
        if (!visible) {
            throw ApiException.notFound("account-not-found", id);
        }
        return a;
    }

    /** For changes: a regional admin sees residents but manages only staff (403 out-of-scope). */
    private Account loadForChange(long id, Actor actor) {
        Account a = loadInScope(id, actor);
        requireInScope(actor, a.kind, a.unitId, a.regionIds);
        return a;
    }

    /** Residents who reported in the caller's regions (by the report's township or grid). */
    private Set<Long> reportedHere(Actor actor) {
        return reportingResidents.reportedIn(actor.regionIds());
    }

    /** Residents' names and phones are personal data: each admin read of them is audited (DOMAIN §9). */
    private void auditResidentsRead(List<AccountView> shown, Actor actor) {
        List<Long> residents = shown.stream()
                .filter(v -> Account.Kind.RESIDENT.name().equals(v.kind()))
                .map(AccountView::id)
                .toList();
        if (!residents.isEmpty()) {
            audit.record(actor, "account.list-residents", Target.of("account"), "residents=" + residents);
        }
    }

    @Transactional
    public Page<AccountView> list(
            String kind, String role, Long unitId, Boolean enabled, String q, int page, int size, Actor actor) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (kind != null) {
            where.append(" and kind = :kind");
            p.and("kind", Account.Kind.valueOf(kind));
        }
        if (role != null) {
            where.append(" and :role member of roles");
            p.and("role", role);
        }
        if (unitId != null) {
            where.append(" and unitId = :unitId");
            p.and("unitId", unitId);
        }
        if (enabled != null) {
            where.append(" and enabled = :enabled");
            p.and("enabled", enabled);
        }
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(username) like :q or lower(displayName) like :q)");
            p.and("q", "%" + q.toLowerCase() + "%");
        }
        if (!actor.serviceWide()) {
            // a regional admin sees the staff within their scope and the residents who reported in their
            // regions; the staff part is small enough to filter here, residents come from their reports
            Set<Long> residents = reportedHere(actor);
            // one array parameter: a county's reporting residents may be more than a statement's 65 535
            where.append(" and (kind = :staff or array_contains(:residents, id))");
            p.and("staff", Account.Kind.STAFF).and("residents", residents.toArray(Long[]::new));
            List<AccountView> visible = Account.<Account>find(where.toString(), Sort.by("id"), p).stream()
                    .filter(a -> a.kind == Account.Kind.RESIDENT || inScope(actor, a.kind, a.unitId, a.regionIds))
                    .map(AccountView::of)
                    .toList();
            int from = Math.min(visible.size(), page * size);
            List<AccountView> items = visible.subList(from, Math.min(visible.size(), from + size));
            auditResidentsRead(items, actor);
            return new Page<>(items, visible.size(), page, size);
        }
        var query = Account.<Account>find(where.toString(), Sort.by("id"), p);
        long total = query.count();
        List<AccountView> items =
                query.page(page, size).list().stream().map(AccountView::of).toList();
        auditResidentsRead(items, actor);
        return new Page<>(items, total, page, size);
    }

    @Transactional
    public AccountView get(long id, Actor actor) {
        Account a = loadInScope(id, actor);
        if (a.kind == Account.Kind.RESIDENT) {
            audit.record(actor, "account.read-resident", Target.of("account", a.id), null);
        }
        return AccountView.of(a);
    }

    @Transactional
    public AccountView create(NewStaff s, Actor actor) {
        List<FieldError> errors = new ArrayList<>(StaffScopeRules.check(s.roles(), s.unitId(), s.regionIds()));
        errors.addAll(PasswordRules.check("password", s.password()));
        errors.addAll(checkReferences(s.unitId(), s.regionIds()));
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-account", errors);
        }
        requireInScope(actor, Account.Kind.STAFF, s.unitId(), s.regionIds());
        if (Account.count("lower(username) = ?1", s.username().toLowerCase()) > 0) {
            throw ApiException.conflict("username-taken", s.username());
        }
        Instant now = clock.instant();
        Account a = new Account();
        a.kind = Account.Kind.STAFF;
        a.username = s.username();
        a.displayName = s.displayName();
        a.phone = s.phone();
        a.passwordHash = hasher.hash(s.password());
        a.roles = new HashSet<>(s.roles());
        a.unitId = s.unitId();
        a.regionIds = s.regionIds() == null ? new HashSet<>() : new HashSet<>(s.regionIds());
        a.createdAt = now;
        a.updatedAt = now;
        a.persistAndFlush();
        audit.record(actor, "account.create", Target.of("account", a.id), describe(a));
        return AccountView.of(a);
    }

    @Transactional
    public AccountView rescope(long id, Scope scope, Actor actor) {
        Account a = loadStaff(id, actor);
        List<FieldError> errors =
                new ArrayList<>(StaffScopeRules.check(scope.roles(), scope.unitId(), scope.regionIds()));
        errors.addAll(checkReferences(scope.unitId(), scope.regionIds()));
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-account", errors);
        }
        requireInScope(actor, Account.Kind.STAFF, scope.unitId(), scope.regionIds());
        if (a.id.equals(actor.id()) && !scope.roles().contains(Role.ADMIN_)) {
            throw ApiException.conflict("cannot-demote-self");
        }
        String before = describe(a);
        a.roles.clear();
        a.roles.addAll(scope.roles());
        a.unitId = scope.unitId();
        a.regionIds.clear();
        if (scope.regionIds() != null) {
            a.regionIds.addAll(scope.regionIds());
        }
        a.updatedAt = clock.instant();
        // Tokens carry the scope: end every session now, so the old scope is not used one request more.
        tokens.endSessions(a);
        audit.record(actor, "account.rescope", Target.of("account", a.id), before + " -> " + describe(a));
        return AccountView.of(a);
    }

    @Transactional
    public AccountView setEnabled(long id, boolean enabled, Actor actor) {
        Account a = loadForChange(id, actor);
        if (!enabled && a.id.equals(actor.id())) {
            throw ApiException.conflict("cannot-disable-self");
        }
        a.enabled = enabled;
        a.updatedAt = clock.instant();
        if (!enabled) {
            tokens.endSessions(a);
        }
        audit.record(actor, enabled ? "account.enable" : "account.disable", Target.of("account", a.id), null);
        return AccountView.of(a);
    }

    @Transactional
    public AccountView resetPassword(long id, String newPassword, Actor actor) {
        Account a = loadStaff(id, actor);
        List<FieldError> errors = PasswordRules.check("newPassword", newPassword);
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-account", errors);
        }
        a.passwordHash = hasher.hash(newPassword);
        a.apply(LockoutPolicy.State.CLEAR, clock.instant());
        tokens.endSessions(a);
        audit.record(actor, "account.reset-password", Target.of("account", a.id), null);
        return AccountView.of(a);
    }

    @Transactional
    public AccountView unlock(long id, Actor actor) {
        Account a = loadStaff(id, actor);
        a.apply(LockoutPolicy.State.CLEAR, clock.instant());
        audit.record(actor, "account.unlock", Target.of("account", a.id), null);
        return AccountView.of(a);
    }

    private Account load(long id) {
        Account a = Account.findById(id);
        if (a == null) {
            throw ApiException.notFound("account-not-found", id);
        }
        return a;
    }

    private Account loadStaff(long id, Actor actor) {
        Account a = loadForChange(id, actor);
        if (!a.isStaff()) {
            throw ApiException.conflict("not-a-staff-account", id);
        }
        return a;
    }

    private List<FieldError> checkReferences(Long unitId, Set<Long> regionIds) {
        List<FieldError> errors = new ArrayList<>();
        if (unitId != null) {
            Unit u = regionNames.unit(unitId);
            if (u == null || !u.active) {
                errors.add(new FieldError("unitId", "unit.unknown"));
            }
        }
        if (regionIds != null && !regionIds.isEmpty()) {
            if (!regionNames.allActiveRegions(regionIds)) {
                errors.add(new FieldError("regionIds", "region.unknown"));
            }
        }
        return errors;
    }

    private static String describe(Account a) {
        return "roles=" + a.roles.stream().sorted().toList() + " unit=" + a.unitId + " regions="
                + a.regionIds.stream().sorted().toList();
    }
}
