package cn.suishoupai.report;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Pii;
import cn.suishoupai.common.Position;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Texts;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.Photos;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.region.Severity;
import cn.suishoupai.region.Units;
import cn.suishoupai.routing.RoutingDecision;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.ticket.IllegalTransition;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketEvent;
import cn.suishoupai.ticket.TicketStates;
import cn.suishoupai.ticket.TicketWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The dispatcher's queue (DOMAIN §4): reports the router could not dispatch on its own, with every
 * reason, and the four decisions on them. A dispatcher sees and decides only within their regions;
 * anything else is 404, as if it did not exist.
 */
@ApplicationScoped
public class ReviewService {

    @Schema(name = "DuplicateTicket")
    public record Duplicate(long ticketId, String kind, Double distanceMeters, String ticketState) {}

    /** Another report that may be the same hazard (both were in the queue at once); its ticket once decided. */
    public record DuplicateReport(
            long reportId, String kind, Double distanceMeters, Report.Status status, Long ticketId) {}

    @Schema(name = "ReviewRegionRef")
    public record Region(long id, String code, String name) {}

    /** lat/lng: where the report is, in crs (WGS84 unless the caller asked for another system). */
    @Schema(name = "ReviewQueueItem")
    public record QueueItem(
            long id,
            Report.Status status,
            Instant createdAt,
            ReportViews.Category category,
            String suggestedCategory,
            Region township,
            Region grid,
            double lat,
            double lng,
            Crs crs,
            String address,
            String description,
            List<String> reviewReasons,
            int photoCount,
            List<String> photoFlags,
            List<Duplicate> duplicates,
            List<DuplicateReport> duplicateReports,
            boolean anonymous,
            Long ticketId,
            Instant reviewDueAt,
            boolean overdue) {}

    /** exifLat/exifLng: the photo's EXIF GPS position in exifCrs (all three null when it has none). */
    @Schema(name = "StaffReportPhoto")
    public record StaffPhoto(
            long id,
            int seq,
            String format,
            long bytes,
            int width,
            int height,
            Double exifLat,
            Double exifLng,
            Crs exifCrs,
            Instant takenAt,
            List<String> flags,
            String url,
            String thumbnailUrl,
            String originalUrl) {}

    /**
     * lat/lng: the report's position in crs (the caller's choice, WGS84 by default), as in report;
     * inputLat/inputLng: exactly what the client sent, in inputCrs.
     */
    @Schema(name = "StaffReportDetail")
    public record StaffDetail(
            QueueItem report,
            double lat,
            double lng,
            Crs crs,
            double inputLat,
            double inputLng,
            Crs inputCrs,
            Double accuracyMeters,
            String rejectReason,
            String rejectNote,
            List<StaffPhoto> photos,
            JsonNode routing) {}

    /** Who sent the report, and its description as typed (staff views mask numbers in it; this audited read does not). */
    public record ReporterIdentity(
            long reportId,
            Long accountId,
            String name,
            String phone,
            String wechatOpenid,
            String role,
            String description) {}

    /**
     * mergeDuplicates: other pending reports of the same hazard, merged into the new ticket in the same call.
     * confirmNewTicket: accept although the report is a suspected duplicate of an open ticket (else 409).
     */
    @Schema(name = "ReportAcceptBody")
    public record AcceptBody(
            String category,
            Severity severity,
            Long gridId,
            Long leadUnitId,
            Set<Long> assistingUnitIds,
            @FreeText String note,
            List<Long> mergeDuplicates,
            Boolean confirmNewTicket) {

        public static final AcceptBody EMPTY = new AcceptBody(null, null, null, null, null, null, null, null);
    }

    @Schema(name = "ReportRejectBody")
    public record RejectBody(
            @Required RejectReason reason, @FreeText String note) {}

    @Schema(name = "ReportMergeBody")
    public record MergeBody(
            @Required Long ticketId, @FreeText String note) {}

    @Schema(name = "ReportNoteBody")
    public record NoteBody(@FreeText String note) {}

    private final EntityManager em;
    private final RoutingService routing;
    private final ObjectStorage storage;
    private final Audit audit;
    private final Clock clock;
    private final Json json;
    private final TicketWorkflow workflow;
    private final Event<ReportUnmergeRequested> events;
    private final Event<Object> decided;
    private final TicketStates ticketStates;
    private final Photos photos;
    private final RegionNames regionNames;
    private final AccountFacts accountFacts;

    ReviewService(
            EntityManager em,
            RoutingService routing,
            ObjectStorage storage,
            Audit audit,
            Clock clock,
            Json json,
            TicketWorkflow workflow,
            Event<ReportUnmergeRequested> events,
            TicketStates ticketStates,
            Photos photos,
            RegionNames regionNames,
            AccountFacts accountFacts,
            Event<Object> decided) {
        this.photos = photos;
        this.regionNames = regionNames;
        this.accountFacts = accountFacts;
        this.events = events;
        this.decided = decided;
        this.ticketStates = ticketStates;
        this.em = em;
        this.routing = routing;
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.workflow = workflow;
    }

    @Transactional
    public Page<QueueItem> queue(
            Report.Status status,
            String reason,
            String category,
            Long regionId,
            Instant from,
            Instant to,
            Boolean overdue,
            int page,
            int size,
            Actor actor,
            Crs crs) {
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        StringBuilder where =
                new StringBuilder(ScopeTree.hql("coalesce(gridId, townshipId)", ":scope") + " and status = :status");
        Parameters p = Parameters.with("scope", scope.roots())
                .and("status", status == null ? Report.Status.PENDING_REVIEW : status);
        if (reason != null) {
            where.append(" and array_contains(reviewReasons, :reason)");
            p.and("reason", reason);
        }
        if (category != null) {
            where.append(" and (suggestedCategory = :category)");
            p.and("category", category);
        }
        if (regionId != null) {
            where.append(" and ").append(ScopeTree.hql("coalesce(gridId, townshipId)", ":under"));
            p.and("under", ScopeTree.roots(regionId));
        }
        if (from != null) {
            where.append(" and createdAt >= :from");
            p.and("from", from);
        }
        if (to != null) {
            where.append(" and createdAt < :to");
            p.and("to", to);
        }
        if (overdue != null) {
            // the dispatchers' own lateness: queued reports past their review deadline
            where.append(overdue ? " and reviewDueAt < :now" : " and (reviewDueAt is null or reviewDueAt >= :now)");
            p.and("now", clock.instant());
        }
        var q = Report.<Report>find(where.toString(), Sort.ascending("createdAt", "id"), p);
        List<Report> rows = q.page(page, size).list();
        regionNames.preload(
                rows.stream()
                        .flatMap(r -> java.util.stream.Stream.of(r.townshipId, r.gridId))
                        .toList(),
                List.of(),
                rows.stream().map(r -> r.categoryId).toList());
        return new Page<>(items(rows, crs), q.count(), page, size);
    }

    @Transactional
    public StaffDetail detail(long id, Actor actor, Crs crs) {
        Report r = inScope(ScopeTree.reach(em, actor.regionIds()), id);
        List<Photo> stored = this.photos.ofReport(r.id);
        List<StaffPhoto> photos = stored.stream()
                .map(p -> {
                    // EXIF GPS is WGS-84; shown in the caller's system so it compares with the report's point
                    Position exif = p.exifLat == null || p.exifLng == null
                            ? null
                            : Position.wgs84(p.exifLat, p.exifLng).in(crs);
                    return new StaffPhoto(
                            p.id,
                            p.seq,
                            p.format,
                            p.bytes,
                            p.width,
                            p.height,
                            exif == null ? null : exif.lat(),
                            exif == null ? null : exif.lng(),
                            exif == null ? null : exif.crs(),
                            p.takenAt,
                            p.flags,
                            storage.presignedGet(p.displayKey),
                            storage.presignedGet(p.thumbKey),
                            storage.presignedGet(p.originalKey));
                })
                .toList();
        Position at = r.position(crs);
        return new StaffDetail(
                item(r, stored, duplicates(r), duplicateReports(List.of(r)).getOrDefault(r.id, List.of()), crs),
                at.lat(),
                at.lng(),
                at.crs(),
                r.inputLat,
                r.inputLng,
                Crs.valueOf(r.inputCrs),
                r.accuracyM,
                r.rejectReason,
                Pii.mask(r.rejectNote),
                photos,
                json.tree(r.routing));
    }

    /** The reporter's identity: only on this explicit request, and every read is audited (DOMAIN §9). */
    @Transactional
    public ReporterIdentity reporter(long id, Actor actor) {
        Report r = inScope(ScopeTree.reach(em, actor.regionIds()), id);
        if (r.reporterId == null) {
            throw ApiException.notFound("reporter-anonymous", id);
        }
        Account a = accountFacts.account(r.reporterId);
        audit.record(
                actor, "REPORTER_IDENTITY_VIEWED", Target.of("report", r.id), "{\"reporterId\":" + r.reporterId + "}");
        return new ReporterIdentity(r.id, a.id, a.displayName, a.phone, a.wechatOpenid, r.reporterRole, r.description);
    }

    /** Creates the ticket the dispatcher describes and dispatches it; blanks default to the router's answer. */
    @Transactional
    public QueueItem accept(long id, AcceptBody body, Actor actor, Crs crs) {
        String note = Texts.trimmed(body.note());
        Set<Long> toMerge = new LinkedHashSet<>();
        if (body.mergeDuplicates() != null) {
            for (Long other : body.mergeDuplicates()) {
                if (other == null || other == id) {
                    throw ApiException.invalidField("mergeDuplicates", "field.merge-duplicates.invalid");
                }
                toMerge.add(other);
            }
        }
        lockWithDuplicates(id, toMerge);
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        Report r = inScope(scope, id);
        List<Report> merged = new ArrayList<>();
        for (Long other : toMerge) {
            merged.add(inScope(scope, other));
        }
        if (!Boolean.TRUE.equals(body.confirmNewTicket())) {
            List<Long> open = duplicates(r).stream()
                    .filter(d -> Ticket.State.valueOf(d.ticketState()).open())
                    .map(Duplicate::ticketId)
                    .toList();
            if (!open.isEmpty()) {
                throw ApiException.conflict("duplicate-ticket-open", r.id, open.toString())
                        .with("reportId", r.id)
                        .with("ticketIds", open);
            }
        }
        String categoryCode = body.category() != null ? body.category() : r.suggestedCategory;
        HazardCategory category = categoryCode == null ? null : HazardCategory.activeByCode(categoryCode);
        if (category == null) {
            throw ApiException.invalidField("category", "field.category.unknown");
        }
        Long gridId = body.gridId() != null ? body.gridId() : r.gridId;
        // qualified: Region in this class is the view record above
        cn.suishoupai.region.Region grid = regionNames.region(gridId);
        if (grid == null
                || grid.level != cn.suishoupai.region.Region.Level.GRID
                || grid.retiredAt != null
                || !scope.contains(grid.id)) {
            throw ApiException.invalidField("gridId", "field.grid.invalid");
        }
        Long lead = body.leadUnitId();
        Set<Long> assisting = body.assistingUnitIds();
        RoutingDecision suggestion = routing.route(r.lat, r.lng, Crs.WGS84, category.code);
        if (lead == null) {
            if (suggestion.leadUnit() == null
                    || suggestion.grid() == null
                    || suggestion.grid().id() != grid.id) {
                throw ApiException.invalidField("leadUnitId", "field.lead-unit.required");
            }
            lead = suggestion.leadUnit().id();
            if (assisting == null) {
                assisting = new LinkedHashSet<>(suggestion.assistingUnits().stream()
                        .map(RoutingDecision.UnitRef::id)
                        .toList());
            }
        }
        assisting = assisting == null ? Set.of() : assisting;
        Units.requireServing(em, "leadUnitId", List.of(lead), r.townshipId);
        Units.requireServing(em, "assistingUnitIds", assisting, r.townshipId);
        Instant now = clock.instant();
        Severity severity = body.severity() != null ? body.severity() : Severity.valueOf(category.defaultSeverity);
        Ticket t = Ticket.open(
                ReportIntake.opening(r, category.id, severity, grid.id, grid.parentId), lead, assisting, now);
        t.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("auto", false);
        details.put("reportId", r.id);
        details.put("leadUnitId", lead);
        details.put("assistingUnitIds", t.assistingUnitIds);
        details.put(
                "routerSuggestedLeadUnitId",
                suggestion.leadUnit() == null ? null : suggestion.leadUnit().id());
        TicketEvent.append(t.id, "DISPATCHED", now, actor.id(), "dispatcher", note, json.write(details));
        workflow.started(t, now);
        r.accept(t, now);
        workflow.reportDecided(r.id);
        ReportEvent.append(r.id, ReportEvent.Type.ACCEPTED, now, null);
        decided.fire(new ReportAccepted(r.id, r.reporterId, t.id, false));
        details.put("mergedReportIds", toMerge);
        for (Report other : merged) {
            attach(other, t, note, now, actor);
        }
        em.flush(); // a concurrent decision on the same report fails here, as a 409, before the audit
        audit.record(actor, "REPORT_ACCEPTED", Target.of("report", r.id), json.write(details));
        for (Report other : merged) {
            audit.record(
                    actor,
                    "REPORT_MERGED",
                    Target.of("report", other.id),
                    json.write(Map.of("ticketId", t.id, "acceptedReportId", r.id)));
        }
        return item(r, crs);
    }

    @Transactional
    public QueueItem reject(long id, RejectBody body, Actor actor, Crs crs) {
        if (body == null) {
            throw ApiException.invalidField("reason", "field.required");
        }
        String note = Texts.trimmed(body.note());
        if (body.reason() == RejectReason.OTHER && note == null) {
            throw ApiException.invalidField("note", "field.reject-note.required");
        }
        Report r = inScope(ScopeTree.reach(em, actor.regionIds()), id);
        Instant now = clock.instant();
        r.reject(body.reason().name(), note, now);
        workflow.reportDecided(r.id);
        ReportEvent.append(r.id, ReportEvent.Type.REJECTED, now, note);
        decided.fire(new ReportRejected(r.id, r.reporterId, body.reason(), note));
        em.flush();
        audit.record(
                actor,
                "REPORT_REJECTED",
                Target.of("report", r.id),
                json.write(Map.of("reason", body.reason().name())));
        return item(r, crs);
    }

    /** Attaches the report to an existing open ticket in the dispatcher's regions (a confirmed duplicate). */
    @Transactional
    public QueueItem merge(long id, MergeBody body, Actor actor, Crs crs) {
        if (body == null) {
            throw ApiException.invalidField("ticketId", "field.required");
        }
        String note = Texts.trimmed(body.note());
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        Report r = inScope(scope, id);
        Ticket target = ticketStates.ticket(body.ticketId());
        if (target == null || !scope.contains(target.gridId != null ? target.gridId : target.townshipId)) {
            throw ApiException.notFound("ticket-not-found", body.ticketId());
        }
        if (!target.state.open()) {
            throw IllegalTransition.of(target, "open");
        }
        Instant now = clock.instant();
        attach(r, target, note, now, actor);
        em.flush();
        audit.record(actor, "REPORT_MERGED", Target.of("report", r.id), json.write(Map.of("ticketId", target.id)));
        return item(r, crs);
    }

    /** Undoes a merge made in error: the report returns to the queue. */
    @Transactional
    public QueueItem unmerge(long id, NoteBody body, Actor actor, Crs crs) {
        String note = body == null ? null : Texts.trimmed(body.note());
        Report r = inScope(ScopeTree.reach(em, actor.regionIds()), id);
        Long from = r.ticketId;
        events.fire(new ReportUnmergeRequested(r.id)); // reward refuses it for a rewarded report (409 report-rewarded)
        Instant now = clock.instant();
        r.unmerge(now);
        r.reviewDueAt = workflow.reportQueued(r.id, r.townshipId, now); // back in the queue: reviewed anew
        ReportEvent.append(r.id, ReportEvent.Type.UNMERGED, now, null);
        TicketEvent.append(
                from, "REPORT_UNMERGED", now, actor.id(), "dispatcher", note, json.write(Map.of("reportId", r.id)));
        em.flush();
        audit.record(actor, "REPORT_UNMERGED", Target.of("report", r.id), json.write(Map.of("ticketId", from)));
        return item(r, crs);
    }

    private void attach(Report r, Ticket target, String note, Instant now, Actor actor) {
        r.mergeInto(target, now);
        workflow.reportDecided(r.id);
        ReportEvent.append(r.id, ReportEvent.Type.MERGED, now, null);
        decided.fire(new ReportMerged(r.id, r.reporterId, target.id));
        TicketEvent.append(
                target.id, "REPORT_MERGED", now, actor.id(), "dispatcher", note, json.write(Map.of("reportId", r.id)));
    }

    /**
     * Serialises decisions on one hazard: the report, the queued reports linked to it as suspected duplicates and
     * those to merge are locked in id order (no deadlock between two accepts). A dispatcher accepting a duplicate
     * of a report another dispatcher is accepting at that moment waits, then sees the other's ticket.
     */
    private void lockWithDuplicates(long id, Set<Long> toMerge) {
        Set<Long> ids = new TreeSet<>(toMerge);
        ids.add(id);
        em.createNativeQuery("select id from report where id in (?2) or id in (select other_report_id from "
                        + "report_duplicate_report where report_id = ?1) order by id for update")
                .setParameter(1, id)
                .setParameter(2, ids)
                .getResultList();
    }

    /**
     * The open tickets each report may duplicate: those found when it arrived, and the tickets its suspected
     * duplicates among queued reports have since been accepted or merged into (issue 11: both directions). One
     * query for a page of reports, and one for the tickets' states.
     */
    private Map<Long, List<Duplicate>> duplicates(List<Report> reports) {
        Map<Long, List<Duplicate>> out = new HashMap<>();
        if (reports.isEmpty()) {
            return out;
        }
        // linked: the ticket a queued duplicate went to, offered only while open (states from ticket)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select report_id, ticket_id, kind, distance_m, linked from ("
                        + "select d.report_id, d.ticket_id, d.kind, d.distance_m, false as linked "
                        + "from report_duplicate d where d.report_id = any(?1) "
                        + "union all select l.report_id, o.ticket_id, l.kind, l.distance_m, true "
                        + "from report_duplicate_report l join report o on o.id = l.other_report_id "
                        + "where l.report_id = any(?1) and o.ticket_id is not null) x "
                        + "order by report_id, distance_m nulls first, ticket_id")
                .setParameter(1, reports.stream().map(r -> r.id).toArray(Long[]::new))
                .getResultList();
        // a linked ticket is not offered to the report that went to it itself (its ticket as held here, which this
        // transaction may just have set)
        Map<Long, Long> ownTicket = new HashMap<>();
        reports.forEach(r -> ownTicket.put(r.id, r.ticketId));
        Map<Long, Ticket.State> states = ticketStates.of(
                rows.stream().map(d -> ((Number) d[1]).longValue()).distinct().toList());
        Map<Long, Map<Long, Duplicate>> byReport = new HashMap<>();
        for (Object[] d : rows) {
            long ticketId = ((Number) d[1]).longValue();
            Ticket.State state = states.get(ticketId);
            long reportId = ((Number) d[0]).longValue();
            boolean linked = (Boolean) d[4];
            if (state == null
                    || (linked && (!state.open() || Long.valueOf(ticketId).equals(ownTicket.get(reportId))))) {
                continue;
            }
            byReport.computeIfAbsent(reportId, k -> new LinkedHashMap<>())
                    .putIfAbsent(
                            ticketId,
                            new Duplicate(
                                    ticketId,
                                    (String) d[2],
                                    d[3] == null ? null : ((Number) d[3]).doubleValue(),
                                    state.name()));
        }
        byReport.forEach((id, m) -> out.put(id, List.copyOf(m.values())));
        return out;
    }

    private List<Duplicate> duplicates(Report r) {
        return duplicates(List.of(r)).getOrDefault(r.id, List.of());
    }

    /** The queued reports each report was found to duplicate, with where they went: one query for a page. */
    private Map<Long, List<DuplicateReport>> duplicateReports(List<Report> reports) {
        Map<Long, List<DuplicateReport>> out = new HashMap<>();
        if (reports.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select l.report_id, l.other_report_id, l.kind, l.distance_m, o.status, o.ticket_id "
                                + "from report_duplicate_report l join report o on o.id = l.other_report_id "
                                + "where l.report_id = any(?1) "
                                + "order by l.report_id, l.distance_m nulls first, l.other_report_id")
                .setParameter(1, reports.stream().map(r -> r.id).toArray(Long[]::new))
                .getResultList();
        for (Object[] d : rows) {
            out.computeIfAbsent(((Number) d[0]).longValue(), k -> new ArrayList<>())
                    .add(new DuplicateReport(
                            ((Number) d[1]).longValue(),
                            (String) d[2],
                            d[3] == null ? null : ((Number) d[3]).doubleValue(),
                            Report.Status.valueOf((String) d[4]),
                            d[5] == null ? null : ((Number) d[5]).longValue()));
        }
        return out;
    }

    private static Report inScope(ScopeTree.Reach scope, long id) {
        Report r = Report.findById(id);
        if (r == null || !scope.contains(r.gridId != null ? r.gridId : r.townshipId)) {
            throw ApiException.notFound("report-not-found", id);
        }
        return r;
    }

    private QueueItem item(Report r, Crs crs) {
        return items(List.of(r), crs).get(0);
    }

    /**
     * Queue rows for a page of reports with a fixed number of queries, not a few per row: their photos, their
     * duplicate tickets (and those tickets' states) and their duplicate reports are each read for the whole page.
     */
    private List<QueueItem> items(List<Report> reports, Crs crs) {
        Map<Long, List<Photo>> photos =
                this.photos.ofReports(reports.stream().map(r -> r.id).toList());
        Map<Long, List<Duplicate>> duplicates = duplicates(reports);
        Map<Long, List<DuplicateReport>> duplicateReports = duplicateReports(reports);
        return reports.stream()
                .map(r -> item(
                        r,
                        photos.getOrDefault(r.id, List.of()),
                        duplicates.getOrDefault(r.id, List.of()),
                        duplicateReports.getOrDefault(r.id, List.of()),
                        crs))
                .toList();
    }

    private QueueItem item(
            Report r, List<Photo> photos, List<Duplicate> duplicates, List<DuplicateReport> duplicateReports, Crs crs) {
        Set<String> flags = new LinkedHashSet<>();
        photos.forEach(p -> flags.addAll(p.flags));
        Position at = r.position(crs);
        return new QueueItem(
                r.id,
                r.status,
                r.createdAt,
                ReportViews.category(regionNames.category(r.categoryId)),
                r.suggestedCategory,
                region(r.townshipId),
                region(r.gridId),
                at.lat(),
                at.lng(),
                at.crs(),
                r.address,
                Pii.mask(r.description),
                r.reviewReasons,
                photos.size(),
                List.copyOf(flags),
                duplicates,
                duplicateReports,
                r.anonymous,
                r.ticketId,
                r.reviewDueAt,
                r.reviewDueAt != null && r.reviewDueAt.isBefore(clock.instant()));
    }

    private Region region(Long id) {
        // qualified: Region in this class is the view record above
        cn.suishoupai.region.Region g = regionNames.region(id);
        return g == null ? null : new Region(g.id, g.code, g.name);
    }
}
