package cn.suishoupai.ticket;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Pii;
import cn.suishoupai.common.Position;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Times;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.Photos;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.region.Severity;
import cn.suishoupai.region.Unit;
import cn.suishoupai.region.Units;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What staff see of tickets: one ticket in full, the inboxes and lists, and on-time rates. */
@ApplicationScoped
public class TicketViews {

    /** The named lists of DOMAIN §2: a unit's inbox, the dispatcher's and the leaders' lists. */
    @Schema(name = "TicketBox")
    public enum Box {
        /** unit: dispatched to me, not yet signed */
        TO_SIGN,
        /** unit: signed, being fixed */
        IN_PROGRESS,
        /** unit: a failed re-check sent it back to me (退回重改) */
        REWORK,
        /** unit: I assist on it */
        ASSISTING,
        /** dispatcher: returned by a unit (退回) */
        RETURNED,
        /** dispatcher: a unit asks for more time */
        EXTENSION_REQUESTED,
        /** dispatcher, leader: escalated for a missed deadline */
        ESCALATED,
        /** leader: escalated to leaders (督办) */
        LEADER_ESCALATED,
        /** leader, dispatcher: major hazards under 挂牌督办 */
        SUPERVISED,
        /** grid worker, dispatcher: rectified, waiting for 复查 */
        TO_RECHECK,
        /** grid worker, dispatcher: not yet verified on site — open, or closed before a passing re-check recorded it */
        TO_VERIFY,
        /** dispatcher: a reporter rated it 不满意 and nobody has followed up yet (回访) */
        FOLLOW_UP
    }

    @Schema(name = "TicketViewRef")
    public record Ref(long id, String code, String name) {}

    /** lat/lng: where the hazard is, in crs (WGS84 unless the caller asked for another system). */
    @Schema(name = "TicketSummary")
    public record Summary(
            long id,
            Ticket.State state,
            Severity severity,
            Ref category,
            Ref grid,
            double lat,
            double lng,
            Crs crs,
            Ref leadUnit,
            String address,
            Instant dueAt,
            Attribution.Owner dueOwner,
            boolean overdue,
            boolean rework,
            boolean designatedLead,
            boolean supervised,
            Boolean verified,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    @Schema(name = "TicketDeadlines")
    public record Deadlines(
            Instant signDueAt,
            Instant rectifyDueAt,
            Instant recheckDueAt,
            Instant dueAt,
            Attribution.Owner dueOwner,
            boolean overdue,
            Instant verifyDueAt,
            boolean verifyOverdue,
            JsonNode plan) {}

    @Schema(name = "TicketExtension")
    public record Extension(
            long id,
            TicketExtension.Status status,
            Instant requestedAt,
            Instant currentDueAt,
            Instant requestedDueAt,
            String reason,
            Instant decideDueAt,
            Instant decidedAt,
            Instant grantedDueAt,
            String decisionNote) {}

    @Schema(name = "TicketPhotoLink")
    public record PhotoLink(
            long id, Photo.Kind kind, int seq, int width, int height, String url, String thumbnailUrl) {}

    @Schema(name = "TicketEvent")
    public record Event(
            long id,
            String type,
            Instant at,
            Long actorId,
            String actorRole,
            String note,
            JsonNode details,
            List<PhotoLink> photos) {}

    public record AttachedReport(
            long id,
            Instant createdAt,
            boolean anonymous,
            String description,

            @Schema(description = "the reporter's device location accuracy in metres, when the client sent it")
            Double accuracyMeters,

            List<PhotoLink> photos) {}

    @Schema(name = "TicketChase")
    public record Chased(String deadline, Instant deadlineAt, String type, Instant raisedAt) {}

    /** A reporter's 综合评价, by content only: never who gave it. followUpId: the 回访 that answered it. */
    public record RatingView(TicketWorkflow.Rating rating, String comment, Instant ratedAt, Long followUpId) {}

    /** A dispatcher's 回访. */
    @Schema(name = "TicketFollowUp")
    public record FollowUp(
            long id, Instant at, Long actorId, TicketWorkflow.FollowUpOutcome outcome, String note, Long newTicketId) {}

    /**
     * lat/lng: as in ticket, in crs. routing is the stored explanation: its input and wgs84 points keep
     * the systems they were recorded in (each says which).
     */
    @Schema(name = "TicketDetail")
    public record Detail(
            Summary ticket,
            List<Ref> assistingUnits,
            double lat,
            double lng,
            Crs crs,
            String description,
            Deadlines deadlines,
            Instant dispatchedAt,
            Instant signedAt,
            Instant rectifiedAt,
            Instant closedAt,
            Instant cancelledAt,
            String cancelReason,
            int returnCount,
            int reworkCount,
            Long parentTicketId,
            Extension pendingExtension,
            List<Extension> extensions,
            List<Chased> chase,
            List<AttachedReport> reports,
            List<Event> timeline,
            JsonNode routing,
            List<RatingView> ratings,
            boolean followUpPending,
            List<FollowUp> followUps,

            @Schema(
                    description =
                            "the actions the caller may take now (paths of /api/v1/tickets/{id}/actions/{action}), "
                                    + "from the caller's role and scope, the state and the ticket's conditions; what only "
                                    + "the request body decides (dates, reasons) is checked by the action itself")
            List<String> allowedActions,

            @Schema(
                    description =
                            "dispatch and redispatch must set designateLead=true (首查负责制): the ticket was returned twice")
            boolean designationRequired,

            @Schema(
                    description =
                            "the caller may read a report's reporter (GET /api/v1/dispatch/reports/{id}/reporter, "
                                    + "audited): dispatchers only; anonymous reports have none")
            boolean reporterRevealable,

            @Schema(
                    description =
                            "the units the ticket may be given to (active, serving its township) when the caller may "
                                    + "dispatch, redispatch or designate a lead; else empty")
            List<Ref> unitChoices) {}

    /** What the caller's tickets can be filtered by: the values present among them, with names. */
    @Schema(name = "TicketFacets")
    public record Facets(
            @Schema(description = "categories (code for the category filter)")
            List<Ref> categories,

            @Schema(description = "lead units (id for unitId)")
            List<Ref> units,

            @Schema(description = "grids (id for regionId)") List<Ref> grids) {}

    /** owner: whose deadlines overdue/dueWithin look at (a unit's lists: always its own, UNIT). */
    public record Filter(
            Box box,
            Ticket.State state,
            Boolean overdue,
            Duration dueWithin,
            String category,
            Long regionId,
            Long unitId,
            Severity severity,
            Attribution.Owner owner) {}

    public record UnitRate(
            long unitId,
            String unitName,
            long dispatched,
            long signed,
            long signedOnTime,
            long rectified,
            long rectifiedOnTime,
            long closed,
            long overdueNow,
            Double signOnTimeRate,
            Double rectifyOnTimeRate) {}

    private final EntityManager em;
    private final TicketAccess access;
    private final ObjectStorage storage;
    private final Clock clock;
    private final Json json;
    private final TicketReports reports;
    private final RegionNames regionNames;

    private final Photos photos;

    TicketViews(
            EntityManager em,
            TicketAccess access,
            ObjectStorage storage,
            Clock clock,
            Json json,
            TicketReports reports,
            RegionNames regionNames,
            Photos photos) {
        this.photos = photos;
        this.regionNames = regionNames;
        this.reports = reports;
        this.em = em;
        this.access = access;
        this.storage = storage;
        this.clock = clock;
        this.json = json;
    }

    /** crs: the system of the answer's coordinates. */
    @Transactional
    public Detail detail(long id, Actor actor, Crs crs) {
        Ticket t = access.readable(id, actor);
        return detail(t, actor, crs);
    }

    /** The ticket as it is now, for the caller whose action on it was just allowed (no second scope check). */
    @Transactional
    public Detail afterAction(long id, Actor actor, Crs crs) {
        return detail((Ticket) Ticket.findById(id), actor, crs);
    }

    Detail detail(Ticket t, Actor actor, Crs crs) {
        Instant now = clock.instant();
        List<Photo> photos = this.photos.ofTicket(t.id);
        Map<Long, List<PhotoLink>> byEvent = photos.stream()
                .filter(p -> p.ticketEventId != null)
                .collect(Collectors.groupingBy(
                        p -> p.ticketEventId, LinkedHashMap::new, Collectors.mapping(this::link, Collectors.toList())));
        List<Event> timeline = TicketEvent.<TicketEvent>list("ticketId = ?1 order by id", t.id).stream()
                .map(e -> new Event(
                        e.id,
                        e.type,
                        e.at,
                        e.actorId,
                        e.actorRole,
                        Pii.mask(e.note),
                        json.tree(e.details),
                        byEvent.getOrDefault(e.id, List.of())))
                .toList();
        List<Extension> extensions = TicketExtension.<TicketExtension>list("ticketId = ?1 order by id", t.id).stream()
                .map(TicketViews::extension)
                .toList();
        Extension pending = extensions.stream()
                .filter(e -> e.status() == TicketExtension.Status.PENDING)
                .findFirst()
                .orElse(null);
        @SuppressWarnings("unchecked")
        List<Object[]> chased = em.createNativeQuery(
                        "select details->>'deadline', (details->>'deadlineAt')::timestamptz, type, at "
                                + "from ticket_event where ticket_id = ?1 and type in " + CHASE_EVENTS + " order by id")
                .setParameter(1, t.id)
                .getResultList();
        // Reports: content and photos, never who sent them (units and grid workers must not learn it).
        // Free text is shown with phone and ID-card numbers masked (Pii), here as in every staff view.
        List<AttachedReport> attached = new ArrayList<>();
        for (TicketReports.Attached r : reports.attachedTo(t.id)) {
            attached.add(new AttachedReport(
                    r.id(),
                    r.createdAt(),
                    r.anonymous(),
                    Pii.mask(r.description()),
                    r.accuracyMeters(),
                    this.photos.ofReport(r.id()).stream().map(this::link).toList()));
        }
        List<Ref> assisting = t.assistingUnitIds.stream().map(this::unit).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> ratingRows = em.createNativeQuery(
                        "select rating, comment, rated_at, follow_up_id from ticket_rating "
                                + "where ticket_id = ?1 order by rated_at, account_id")
                .setParameter(1, t.id)
                .getResultList();
        List<RatingView> ratings = ratingRows.stream()
                .map(r -> new RatingView(
                        TicketWorkflow.Rating.valueOf((String) r[0]),
                        Pii.mask((String) r[1]),
                        Times.instant(r[2]),
                        r[3] == null ? null : ((Number) r[3]).longValue()))
                .toList();
        @SuppressWarnings("unchecked")
        List<Object[]> followUpRows = em.createNativeQuery("select id, done_at, done_by, outcome, note, new_ticket_id "
                        + "from ticket_follow_up where ticket_id = ?1 order by id")
                .setParameter(1, t.id)
                .getResultList();
        List<FollowUp> followUps = followUpRows.stream()
                .map(f -> new FollowUp(
                        ((Number) f[0]).longValue(),
                        Times.instant(f[1]),
                        ((Number) f[2]).longValue(),
                        TicketWorkflow.FollowUpOutcome.valueOf((String) f[3]),
                        Pii.mask((String) f[4]),
                        f[5] == null ? null : ((Number) f[5]).longValue()))
                .toList();
        boolean followUpPending = ratings.stream()
                .anyMatch(r -> r.rating() == TicketWorkflow.Rating.DISSATISFIED && r.followUpId() == null);
        Summary summary = summary(t, now, crs);
        boolean regional = actor.roles().stream().anyMatch(r -> !Role.UNIT_.equals(r));
        List<String> allowed = AllowedActions.of(
                t,
                actor,
                new AllowedActions.Facts(
                        regional && access.regionScope(actor).contains(TicketAccess.place(t)),
                        pending != null,
                        followUpPending));
        return new Detail(
                summary,
                assisting,
                summary.lat(),
                summary.lng(),
                summary.crs(),
                Pii.mask(t.description),
                new Deadlines(
                        t.signDueAt,
                        t.rectifyDueAt,
                        t.recheckDueAt,
                        t.dueAt,
                        t.dueOwner,
                        overdue(t, now),
                        t.verifyDueAt,
                        verifyOverdue(t, now),
                        json.tree(t.deadlinePlan)),
                t.dispatchedAt,
                t.signedAt,
                t.rectifiedAt,
                t.closedAt,
                t.cancelledAt,
                Pii.mask(t.cancelReason),
                t.returnCount,
                t.reworkCount,
                t.parentTicketId,
                pending,
                extensions,
                chased.stream()
                        .map(c -> new Chased((String) c[0], Times.instant(c[1]), (String) c[2], Times.instant(c[3])))
                        .toList(),
                attached,
                timeline,
                json.tree(t.routing),
                ratings,
                followUpPending,
                followUps,
                allowed,
                t.mustDesignate(),
                actor.hasRole(Role.DISPATCHER_),
                allowed.stream().anyMatch(UNIT_CHOICE_ACTIONS::contains)
                        ? Units.serving(em, t.townshipId).stream()
                                .map(u -> new Ref(u.id, u.code, u.name))
                                .toList()
                        : List.of());
    }

    private static final Set<String> UNIT_CHOICE_ACTIONS =
            Set.of(Action.DISPATCH.path, Action.REDISPATCH.path, Action.DESIGNATE_LEAD.path);

    /** The categories, lead units and grids of the caller's tickets (as the list scopes them), by name. */
    @Transactional
    public Facets facets(Actor actor) {
        StringBuilder where = new StringBuilder(" from ticket t where true");
        Map<String, Object> p = new HashMap<>();
        if (unitView(actor)) {
            where.append(" and (t.lead_unit_id = :me or exists (select 1 from ticket_assist_unit a "
                    + "where a.ticket_id = t.id and a.unit_id = :me))");
            p.put("me", actor.unitId().orElseThrow(() -> ApiException.forbidden("forbidden")));
        } else {
            ScopeTree.Reach scope = access.regionScope(actor);
            if (scope.isEmpty()) {
                return new Facets(List.of(), List.of(), List.of());
            }
            where.append(" and ").append(TicketAccess.inScope("scope"));
            p.put("scope", scope.roots());
        }
        // one scan for the three (grouping sets), not one per column: the scope's semi-join is most of the cost
        Query q = em.createNativeQuery(
                "select x.g, x.id from (select grouping(t.category_id, t.lead_unit_id, t.grid_id) as g, "
                        + "coalesce(t.category_id, t.lead_unit_id, t.grid_id) as id" + where
                        + " group by grouping sets ((t.category_id), (t.lead_unit_id), (t.grid_id))) x "
                        + "where x.id is not null");
        p.forEach(q::setParameter);
        List<Long> categories = new ArrayList<>();
        List<Long> units = new ArrayList<>();
        List<Long> grids = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        for (Object[] row : rows) {
            // grouping(): a bit set for each column the row is not grouped by (category_id the highest)
            long id = ((Number) row[1]).longValue();
            switch (((Number) row[0]).intValue()) {
                case 0b011 -> categories.add(id);
                case 0b101 -> units.add(id);
                case 0b110 -> grids.add(id);
                default -> throw new IllegalStateException("grouping " + row[0]);
            }
        }
        return new Facets(
                regionNames.categories(categories).values().stream()
                        .map(c -> new Ref(c.id(), c.code(), c.nameZh()))
                        .toList(),
                regionNames.units(units).entrySet().stream()
                        .map(e -> new Ref(e.getKey(), null, e.getValue()))
                        .toList(),
                regionNames.regions(grids).entrySet().stream()
                        .map(e -> new Ref(e.getKey(), null, e.getValue()))
                        .toList());
    }

    /** A unit's staff (no regional role): they see their own unit's tickets, not a region's. */
    private static boolean unitView(Actor actor) {
        return actor.hasRole(Role.UNIT_)
                && !actor.hasRole(Role.DISPATCHER_)
                && !actor.hasRole(Role.LEADER_)
                && !actor.hasRole(Role.GRID_WORKER_);
    }

    /**
     * The caller's tickets: a unit's own (lead, or assisting with box ASSISTING), everyone else's
     * within their regions; filtered by box, state, overdue, due-soon, category, region, unit, severity.
     */
    @Transactional
    public Page<Summary> list(Actor actor, Filter f, int page, int size, Crs crs) {
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder(" from ticket t where true");
        Map<String, Object> p = new HashMap<>();
        boolean unitView = unitView(actor);
        if (unitView) {
            Long unit = actor.unitId().orElseThrow(() -> ApiException.forbidden("forbidden"));
            if (f.box() == Box.ASSISTING) {
                where.append(
                        " and exists (select 1 from ticket_assist_unit a where a.ticket_id = t.id and a.unit_id = :me)");
            } else {
                where.append(" and t.lead_unit_id = :me");
            }
            p.put("me", unit);
        } else {
            ScopeTree.Reach scope = access.regionScope(actor);
            if (scope.isEmpty()) {
                return new Page<>(List.of(), 0, page, size);
            }
            where.append(" and ").append(TicketAccess.inScope("scope"));
            p.put("scope", scope.roots());
        }
        if (f.box() != null) {
            where.append(" and ").append(boxCondition(f.box()));
        }
        if (f.state() != null) {
            where.append(" and t.state = :state");
            p.put("state", f.state().name());
        }
        // a unit is charged with its own deadlines only: a late re-check or re-dispatch is not its lateness
        Attribution.Owner owner = unitView ? Attribution.Owner.UNIT : f.owner();
        if (unitView && f.owner() != null && f.owner() != Attribution.Owner.UNIT) {
            where.append(" and false");
        }
        if (Boolean.TRUE.equals(f.overdue())) {
            where.append(" and ").append(overdueCondition(owner));
        } else if (Boolean.FALSE.equals(f.overdue())) {
            where.append(" and not (").append(overdueCondition(owner)).append(")");
        }
        if (f.dueWithin() != null) {
            where.append(" and t.due_at >= :now and t.due_at < :soon");
            if (owner != null) {
                where.append(" and t.due_owner = :owner");
                p.put("owner", owner.name());
            }
            p.put("soon", now.plus(f.dueWithin()));
        }
        if (f.overdue() != null
                || f.dueWithin() != null
                || f.box() == Box.ESCALATED
                || f.box() == Box.LEADER_ESCALATED) {
            p.put("now", now);
        }
        if (f.category() != null) {
            Long categoryId = regionNames.categoryId(f.category());
            where.append(" and t.category_id = :category");
            p.put("category", categoryId == null ? -1L : categoryId); // an unknown code matches nothing
        }
        if (f.regionId() != null) {
            where.append(" and ").append(TicketAccess.inScope("under"));
            p.put("under", ScopeTree.roots(f.regionId()));
        }
        if (f.unitId() != null) {
            where.append(" and t.lead_unit_id = :unit");
            p.put("unit", f.unitId());
        }
        if (f.severity() != null) {
            where.append(" and t.severity = :severity");
            p.put("severity", f.severity().name());
        }
        // overdue lists read most urgent first; everything else oldest first
        String order = f.overdue() != null || f.dueWithin() != null || f.box() != null
                ? " order by t.due_at nulls last, t.id"
                : " order by t.id";
        Query ids = em.createNativeQuery("select t.id" + where + order);
        p.forEach(ids::setParameter);
        @SuppressWarnings("unchecked")
        List<Number> pageIds =
                ids.setFirstResult(page * size).setMaxResults(size).getResultList();
        List<Long> idList = pageIds.stream().map(Number::longValue).toList();
        Map<Long, Ticket> byId = idList.isEmpty()
                ? Map.of()
                : Ticket.<Ticket>list("id in ?1", idList).stream()
                        .collect(Collectors.toMap(t -> t.id, Function.identity()));
        regionNames.preload(
                byId.values().stream().map(t -> t.gridId).toList(),
                byId.values().stream().map(t -> t.leadUnitId).toList(),
                byId.values().stream().map(t -> t.categoryId).toList());
        List<Summary> items =
                idList.stream().map(byId::get).map(t -> summary(t, now, crs)).toList();
        long before = (long) page * size;
        if (idList.size() < size && (!idList.isEmpty() || page == 0)) {
            return new Page<>(items, before + idList.size(), page, size); // the last page: nothing to count
        }
        // count at most COUNT_LIMIT + 1 rows: a county's 200,000 tickets would be scanned on every page
        Query count =
                em.createNativeQuery("select count(*) from (select 1" + where + " limit " + (COUNT_LIMIT + 1) + ") c");
        p.forEach(count::setParameter);
        long counted = ((Number) count.getSingleResult()).longValue();
        if (counted > COUNT_LIMIT) {
            return new Page<>(items, Math.max(COUNT_LIMIT, before + idList.size()), page, size, true);
        }
        return new Page<>(items, counted, page, size);
    }

    /**
     * The ticket list counts its matches up to this many; past it, the page's total is this (or the
     * end of the page, when that is further) and Page.totalCapped says it is a lower bound. Nobody
     * pages through 10,000 tickets; an exact count of a county's 200,000 cost more than the page.
     */
    static final int COUNT_LIMIT = 10_000;

    /**
     * Overdue deadlines of this owner (null: of anyone): the current deadline when it is the owner's,
     * and for verifiers an open ticket past its verification deadline unverified, for dispatchers a
     * pending extension request past its decision deadline. Never null-valued (safe under "not").
     */
    static String overdueCondition(Attribution.Owner owner) {
        String current = "(t.due_at is not null and t.due_at < :now"
                + (owner == null ? "" : " and t.due_owner = '" + owner.name() + "'") + ")";
        String verify = "(t.verify_due_at is not null and t.verified is null and t.verify_due_at < :now and t.state in "
                + Ticket.OPEN_STATES_SQL + ")";
        // an id list (the few overdue requests, found by ticket_extension_one_pending), not "or exists (…)": an
        // exists under OR is a filter on every row, while three indexable arms make a BitmapOr (V38's indexes)
        String decide = "t.id = any(array(select e.ticket_id from ticket_extension e where e.status = 'PENDING' "
                + "and e.decide_due_at < :now))";
        if (owner == null) {
            return "(" + current + " or " + verify + " or " + decide + ")";
        }
        return switch (owner) {
            case UNIT -> current;
            case VERIFIER -> "(" + current + " or " + verify + ")";
            case DISPATCHER -> "(" + current + " or " + decide + ")";
        };
    }

    private static String boxCondition(Box box) {
        switch (box) {
            case TO_SIGN:
                return "t.state = 'DISPATCHED'";
            case IN_PROGRESS:
                return "t.state = 'IN_PROGRESS'";
            case REWORK:
                return "t.state = 'IN_PROGRESS' and t.rework";
            case ASSISTING:
                return "t.state in " + Ticket.OPEN_STATES_SQL;
            case RETURNED:
                return "t.state = 'RETURNED'";
            case EXTENSION_REQUESTED:
                return "exists (select 1 from ticket_extension e where e.ticket_id = t.id and e.status = 'PENDING')";
            case ESCALATED:
                return escalated("'ESCALATED_TO_DISPATCHER', 'ESCALATED_TO_LEADERS'");
            case LEADER_ESCALATED:
                return escalated("'ESCALATED_TO_LEADERS'");
            case SUPERVISED:
                return "t.supervised and t.state in " + Ticket.OPEN_STATES_SQL;
            case TO_RECHECK:
                return "t.state = 'RECTIFIED'";
            case TO_VERIFY:
                return "t.verified is null and (t.state in " + Ticket.OPEN_STATES_SQL + " or t.state = 'CLOSED')";
            case FOLLOW_UP:
                return "exists (select 1 from ticket_rating r where r.ticket_id = t.id and r.rating = 'DISSATISFIED' "
                        + "and r.follow_up_id is null)";
            default:
                throw new IllegalArgumentException(box.name());
        }
    }

    /** The timeline events the chase writes (ChaseSweep). */
    static final String CHASE_EVENTS =
            "('DEADLINE_REMINDER', 'TICKET_OVERDUE', 'ESCALATED_TO_DISPATCHER', 'ESCALATED_TO_LEADERS')";

    /** Escalated for the deadline the ticket has now: meeting it (or a new one) ends the escalation. */
    private static String escalated(String types) {
        return "t.due_at < :now and exists (select 1 from ticket_event e where e.ticket_id = t.id and e.type in ("
                + types + ") " + "and (e.details->>'deadlineAt')::timestamptz = t.due_at)";
    }

    /**
     * On-time rates per lead unit over tickets dispatched in [from, to): signed on time, rectified on
     * time (the last submission against the deadline in force), closed, and overdue now.
     */
    @Transactional
    public List<UnitRate> onTimeRates(Actor actor, Instant from, Instant to) {
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder(
                " where t.dispatched_at >= :from and t.dispatched_at < :to and t.lead_unit_id is not null");
        Map<String, Object> p = new HashMap<>();
        p.put("from", from);
        p.put("to", to);
        p.put("now", now);
        if (actor.hasRole(Role.UNIT_) && !actor.hasRole(Role.DISPATCHER_) && !actor.hasRole(Role.LEADER_)) {
            where.append(" and t.lead_unit_id = :me");
            p.put("me", actor.unitId().orElseThrow(() -> ApiException.forbidden("forbidden")));
        } else {
            ScopeTree.Reach scope = access.regionScope(actor);
            if (scope.isEmpty()) {
                return List.of();
            }
            where.append(" and ").append(TicketAccess.inScope("scope"));
            p.put("scope", scope.roots());
        }
        Query q = em.createNativeQuery("select t.lead_unit_id, count(*), "
                + "count(t.signed_at), count(*) filter (where t.signed_at <= t.sign_due_at), "
                + "count(t.rectified_at), count(*) filter (where t.rectified_at <= t.rectify_due_at), "
                + "count(t.closed_at), count(*) filter (where t.due_owner = 'UNIT' and t.due_at < :now) "
                + "from ticket t" + where + " group by t.lead_unit_id");
        p.forEach(q::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        Map<Long, Object[]> byUnit = new HashMap<>();
        rows.forEach(r -> byUnit.put(n(r[0]), r));
        // the unit names come from region, in its query's order (by name, then id): the rates follow it
        List<UnitRate> out = new ArrayList<>();
        for (Map.Entry<Long, String> unit : regionNames.units(byUnit.keySet()).entrySet()) {
            Object[] r = byUnit.get(unit.getKey());
            String name = unit.getValue();
            long signed = n(r[2]);
            long signedOnTime = n(r[3]);
            long rectified = n(r[4]);
            long rectifiedOnTime = n(r[5]);
            out.add(new UnitRate(
                    n(r[0]),
                    name,
                    n(r[1]),
                    signed,
                    signedOnTime,
                    rectified,
                    rectifiedOnTime,
                    n(r[6]),
                    n(r[7]),
                    signed == 0 ? null : (double) signedOnTime / signed,
                    rectified == 0 ? null : (double) rectifiedOnTime / rectified));
        }
        return out;
    }

    /** The ticket's position (stored in WGS-84) in {@code crs}. */
    static Position position(Ticket t, Crs crs) {
        return Position.wgs84(t.lat, t.lng).in(crs);
    }

    Summary summary(Ticket t, Instant now, Crs crs) {
        RegionNames.CategoryName c = regionNames.category(t.categoryId);
        Region g = regionNames.region(t.gridId);
        Position at = position(t, crs);
        return new Summary(
                t.id,
                t.state,
                t.severity,
                c == null ? null : new Ref(c.id(), c.code(), c.nameZh()),
                g == null ? null : new Ref(g.id, g.code, g.name),
                at.lat(),
                at.lng(),
                at.crs(),
                t.leadUnitId == null ? null : unit(t.leadUnitId),
                t.address,
                t.dueAt,
                t.dueOwner,
                overdue(t, now),
                t.rework,
                t.designatedLead,
                t.supervised,
                t.verified,
                t.createdAt,
                t.updatedAt,
                t.version);
    }

    static boolean overdue(Ticket t, Instant now) {
        return t.dueAt != null && t.dueAt.isBefore(now);
    }

    static boolean verifyOverdue(Ticket t, Instant now) {
        return t.verifyDueAt != null && t.verified == null && t.state.open() && t.verifyDueAt.isBefore(now);
    }

    private Ref unit(long id) {
        Unit u = regionNames.unit(id);
        return u == null ? new Ref(id, null, null) : new Ref(u.id, u.code, u.name);
    }

    private PhotoLink link(Photo p) {
        return new PhotoLink(
                p.id,
                p.kind,
                p.seq,
                p.width,
                p.height,
                storage.presignedGet(p.displayKey),
                storage.presignedGet(p.thumbKey));
    }

    private static Extension extension(TicketExtension e) {
        return new Extension(
                e.id,
                e.status,
                e.requestedAt,
                e.currentDueAt,
                e.requestedDueAt,
                Pii.mask(e.reason),
                e.decideDueAt,
                e.decidedAt,
                e.grantedDueAt,
                Pii.mask(e.decisionNote));
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
