package cn.suishoupai.report;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.ClockProducer;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Geo;
import cn.suishoupai.common.Json;
import cn.suishoupai.media.PerceptualHash;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.PhotoConfig;
import cn.suishoupai.media.PhotoFlags;
import cn.suishoupai.media.PhotoHashes;
import cn.suishoupai.media.PhotoStore;
import cn.suishoupai.media.Uploads;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Severity;
import cn.suishoupai.routing.RoutingDecision;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.ticket.DuplicateFinder;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketEvent;
import cn.suishoupai.ticket.TicketOpening;
import cn.suishoupai.ticket.TicketStates;
import cn.suishoupai.ticket.TicketWorkflow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Report intake (DOMAIN §4): check the form, refuse what is not ours, store the photos, route, look
 * for duplicates, then either dispatch a ticket at once or queue the report for a dispatcher with
 * every reason. The database work is one transaction at the very end, after the slow part (photos)
 * has succeeded; object storage is kept in step by {@link PhotoStore}'s upload journal. With an
 * Idempotency-Key, that transaction is the caller's ({@code common.Idempotency}), which records the
 * answer in it too: the report and its answer commit together or not at all.
 */
@ApplicationScoped
public class ReportIntake {

    /** Why a report waits for a dispatcher, beyond the router's own reasons. */
    public enum Reason {
        NO_CATEGORY,
        SUSPECTED_DUPLICATE,
        PHOTO_FLAGGED,
        /** Every photo of a photo-first report turned out unusable (undecodable …): a dispatcher decides. */
        NO_USABLE_PHOTO,
        /**
         * The point is not the reporter's but a region's representative point, placed from an address (an Open311
         * {@code address_string} without lat/long): a dispatcher confirms the place before anything is dispatched.
         */
        APPROXIMATE_LOCATION
    }

    /** Who submits: account, role, and the IP for the audit log. */
    public record Submitter(long accountId, String role, String clientIp) {}

    /** The answer to a submission. claimCode is shown once, for anonymous reports only. */
    @Schema(name = "ReportSubmitted")
    public record Submitted(
            long id,
            String status,
            String statusLabel,
            Long ticketId,
            List<String> reviewReasons,
            String claimCode,
            Instant createdAt) {}

    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final RoutingService routing;
    private final PhotoStore photos;
    private final PhotoConfig photoConfig;
    private final ReportConfig config;
    private final DuplicateFinder duplicates;
    private final PendingDuplicates pendingDuplicates;
    private final TicketStates ticketStates;
    private final PhotoHashes photoHashes;
    private final EntityManager em;
    private final Audit audit;
    private final Clock clock;
    private final Json json;
    private final TicketWorkflow workflow;
    private final ClaimCodeAccess claimCodes;
    private final Uploads uploads;
    private final Event<ReportPhotoDropped> photoDropped;

    /** The reporter hears that the report was taken on (notify observes it in this transaction). */
    @Inject
    Event<ReportAccepted> accepted;

    /** Counted on /q/metrics after commit (ReportMetrics). */
    @Inject
    Event<ReportReceived> received;

    ReportIntake(
            RoutingService routing,
            PhotoStore photos,
            PhotoConfig photoConfig,
            ReportConfig config,
            DuplicateFinder duplicates,
            EntityManager em,
            Audit audit,
            Clock clock,
            Json json,
            TicketWorkflow workflow,
            ClaimCodeAccess claimCodes,
            PendingDuplicates pendingDuplicates,
            TicketStates ticketStates,
            PhotoHashes photoHashes,
            Uploads uploads,
            Event<ReportPhotoDropped> photoDropped) {
        this.uploads = uploads;
        this.photoDropped = photoDropped;
        this.pendingDuplicates = pendingDuplicates;
        this.ticketStates = ticketStates;
        this.photoHashes = photoHashes;
        this.claimCodes = claimCodes;
        this.routing = routing;
        this.photos = photos;
        this.photoConfig = photoConfig;
        this.config = config;
        this.duplicates = duplicates;
        this.em = em;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.workflow = workflow;
    }

    public Submitted submit(Submitter who, ReportInput.Form form, List<PhotoStore.Upload> uploads) {
        ReportInput in = ReportInput.parse(form, uploads.size(), photoConfig.maxPerReport());
        RoutingDecision decision = routeOrRefuse(in);
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ClockProducer.BUSINESS_ZONE);
        // outside the caller's transaction (if any): it must not hold a connection while the photos are processed
        long used = QuarkusTransaction.suspendingExisting().call(() -> usedToday(who.accountId(), day));
        if (used >= config.dailyLimit()) {
            throw rateLimited(now, day); // before any photo work: refusing is cheap
        }
        String prefix = "reports/" + DAY_PATH.format(day) + "/" + UUID.randomUUID();
        PhotoStore.Batch batch = photos.begin(prefix, uploads.size());
        try {
            List<PhotoStore.Stored> stored = photos.store(batch, uploads);
            // the caller's transaction when it has one (Idempotency records the answer in it), else its own
            return QuarkusTransaction.joiningExisting().call(() -> record(who, in, decision, stored, batch, day));
        } catch (RuntimeException e) {
            photos.abandon(batch);
            throw e;
        }
    }

    /**
     * A report of photos uploaded before ({@code POST /api/v1/uploads}, issue 14). Nothing heavy happens here: the
     * uploads are checked (the caller's own, unused, unexpired: {@link Uploads#reserve}) and taken, the point routed
     * and the report recorded in one transaction. If every photo is processed already, the intake finishes as for
     * the form (duplicates, dispatch or queue); otherwise the report waits in PHOTOS_PROCESSING and the worker that
     * finishes its last photo finishes it ({@link #photosDone}).
     */
    public Submitted submitUploads(Submitter who, ReportInput in, List<Long> photoIds) {
        String problem = PhotoIds.problem(photoIds, photoConfig.maxPerReport());
        if (problem != null) {
            throw ApiException.invalidField("photoIds", problem, photoConfig.maxPerReport());
        }
        RoutingDecision decision = routeOrRefuse(in);
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ClockProducer.BUSINESS_ZONE);
        if (usedToday(who.accountId(), day) >= config.dailyLimit()) {
            throw rateLimited(now, day);
        }
        // the caller's transaction when it has one (Idempotency records the answer in it), else its own
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<Long, Uploads.Status> states = uploads.reserve(who.accountId(), photoIds);
            Instant at = clock.instant();
            consumeQuota(who.accountId(), day, at);
            String claimCode = in.anonymous() ? ClaimCodes.generate() : null;
            Report r = newReport(
                    in.anonymous() ? null : who.accountId(),
                    who.role(),
                    in,
                    decision,
                    claimCode,
                    Report.Status.PHOTOS_PROCESSING,
                    at);
            uploads.attach(photoIds, r.id, in.anonymous());
            Intake result = null;
            if (!states.containsValue(Uploads.Status.PROCESSING)) {
                result = finish(r, decision, at);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("photosProcessing", result == null);
            details.put("uploads", photoIds.size());
            if (result != null) {
                details.putAll(result.details());
            }
            details.put("routingDataVersion", decision.dataVersion());
            auditSubmitted(who, in.anonymous(), r, details);
            return submitted(r, result, claimCode);
        });
    }

    /**
     * A report filed by a partner system through the Open311 facade (issue 16): the same routing, duplicate check,
     * dispatch or queue and audit as a resident's form, with the photos the facade fetched (none is allowed: a
     * hotline has none). {@code residentId} is the linked resident account (then it counts against that resident's
     * daily quota and may earn a reward) or null: a partner's report, role {@code partner}, never rewarded.
     * {@code townships}: where the partner's key may file; a point routed elsewhere is 403 {@code open311-out-of-scope}.
     * {@code severity}: the client's choice, or null for the category's default. {@code approximate}: the point was
     * placed from the address (a region's representative point), so the report waits for a dispatcher
     * ({@link Reason#APPROXIMATE_LOCATION}) with the address as given.
     */
    public Submitted submitPartner(
            Actor actor,
            Long residentId,
            ReportInput in,
            Severity severity,
            List<PhotoStore.Upload> uploads,
            Set<Long> townships,
            boolean approximate,
            Map<String, Object> auditDetails) {
        RoutingDecision decision = routeOrRefuse(in);
        if (!townships.contains(decision.township().id())) {
            throw ApiException.forbidden("open311-out-of-scope");
        }
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ClockProducer.BUSINESS_ZONE);
        if (residentId != null && usedToday(residentId, day) >= config.dailyLimit()) {
            throw rateLimited(now, day);
        }
        String prefix = "reports/" + DAY_PATH.format(day) + "/" + UUID.randomUUID();
        PhotoStore.Batch batch = uploads.isEmpty() ? null : photos.begin(prefix, uploads.size());
        try {
            List<PhotoStore.Stored> stored = batch == null ? List.of() : photos.store(batch, uploads);
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant at = clock.instant();
                if (residentId != null) {
                    consumeQuota(residentId, day, at);
                }
                String role = residentId != null ? "resident" : "partner";
                Report r = newReport(residentId, role, in, decision, null, Report.Status.PENDING_REVIEW, at);
                Set<String> extra = approximate ? Set.of(Reason.APPROXIMATE_LOCATION.name()) : Set.of();
                Intake result = decide(r, decision, stored, extra, severity, at);
                if (batch != null) {
                    photos.commit(batch);
                }
                Map<String, Object> details = result.details();
                details.putAll(auditDetails);
                details.put("linkedResident", residentId != null);
                details.put("routingDataVersion", decision.dataVersion());
                audit.record(actor, "REPORT_SUBMITTED_OPEN311", Target.of("report", r.id), json.write(details));
                return submitted(r, result, null);
            });
        } catch (RuntimeException e) {
            if (batch != null) {
                photos.abandon(batch);
            }
            throw e;
        }
    }

    private RoutingDecision routeOrRefuse(ReportInput in) {
        RoutingDecision decision = routing.route(in.lat(), in.lng(), in.crs(), in.category());
        if (decision.reasons().contains(RoutingDecision.Reason.OUTSIDE_COVERAGE)) {
            throw ApiException.unprocessable("outside-coverage");
        }
        return decision;
    }

    /**
     * One of a report's uploads was processed ({@code media.UploadProcessed}, in the worker's transaction): if it was
     * the last one still processing, finish the report's intake, once. The report row is locked first, so of two
     * workers finishing its last two photos at the same time the second waits, then sees the first's photo done
     * (and finishes) or the report no longer waiting (and does nothing).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void photosDone(long reportId) {
        Report r = em.find(Report.class, reportId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || r.status != Report.Status.PHOTOS_PROCESSING) {
            return;
        }
        if (uploads.ofReport(reportId).stream().anyMatch(o -> o.status() == Uploads.Status.PROCESSING)) {
            return;
        }
        Instant now = clock.instant();
        // routed again: the routing data may have moved since the submission (it is the same point)
        RoutingDecision decision = routing.route(r.inputLat, r.inputLng, Crs.valueOf(r.inputCrs), r.suggestedCategory);
        Intake result = finish(r, decision, now);
        Map<String, Object> details = new LinkedHashMap<>(result.details());
        details.put("routingDataVersion", decision.dataVersion());
        audit.record(Actor.NOBODY, "REPORT_PHOTOS_PROCESSED", Target.of("report", r.id), json.write(details));
    }

    /** The outcome of an intake: the ticket if it was dispatched at once, the review reasons, what it had. */
    private record Intake(Ticket ticket, Set<String> reasons, int photos, int dropped) {

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("autoDispatched", ticket != null);
            d.put("ticketId", ticket == null ? null : ticket.id);
            d.put("reasons", reasons);
            d.put("photos", photos);
            if (dropped > 0) {
                d.put("photosDropped", dropped);
            }
            return d;
        }
    }

    /**
     * Finishes a report whose uploads are all processed: the undecodable ones are dropped (a timeline event and a
     * notice to the reporter), the rest become its photos, and it is dispatched or queued as a form report would be;
     * with no usable photo left it goes to the dispatcher (NO_USABLE_PHOTO).
     */
    private Intake finish(Report r, RoutingDecision decision, Instant now) {
        List<PhotoStore.Stored> stored = new ArrayList<>();
        List<Uploads.Outcome> dropped = new ArrayList<>();
        for (Uploads.Outcome o : uploads.ofReport(r.id)) {
            if (o.status() == Uploads.Status.READY) {
                stored.add(o.stored());
            } else {
                dropped.add(o);
            }
        }
        for (Uploads.Outcome o : dropped) {
            ReportEvent.append(r.id, ReportEvent.Type.PHOTO_DROPPED, now, "#" + (o.position() + 1) + " " + o.failure());
            photoDropped.fire(
                    new ReportPhotoDropped(r.id, r.reporterId, o.uploadId(), o.position(), o.failure(), stored.size()));
        }
        r.status = Report.Status.PENDING_REVIEW;
        Intake result = decide(
                r, decision, stored, stored.isEmpty() ? Set.of(Reason.NO_USABLE_PHOTO.name()) : Set.of(), null, now);
        uploads.consumed(r.id);
        return new Intake(result.ticket(), result.reasons(), stored.size(), dropped.size());
    }

    private Submitted record(
            Submitter who,
            ReportInput in,
            RoutingDecision decision,
            List<PhotoStore.Stored> stored,
            PhotoStore.Batch batch,
            LocalDate day) {
        Instant now = clock.instant();
        consumeQuota(who.accountId(), day, now);
        String claimCode = in.anonymous() ? ClaimCodes.generate() : null;
        Report r = newReport(
                in.anonymous() ? null : who.accountId(),
                who.role(),
                in,
                decision,
                claimCode,
                Report.Status.PENDING_REVIEW,
                now);
        Intake result = decide(r, decision, stored, Set.of(), null, now);
        photos.commit(batch);
        Map<String, Object> details = result.details();
        details.put("routingDataVersion", decision.dataVersion());
        auditSubmitted(who, in.anonymous(), r, details);
        return submitted(r, result, claimCode);
    }

    private static Submitted submitted(Report r, Intake result, String claimCode) {
        Ticket ticket = result == null ? null : result.ticket();
        Status s = Status.of(r, ticket == null ? null : ticket.state);
        return new Submitted(r.id, s.name(), s.label, r.ticketId, r.reviewReasons, claimCode, r.createdAt);
    }

    private void auditSubmitted(Submitter who, boolean anonymous, Report r, Map<String, Object> details) {
        // An anonymous report is not tied to its submitter anywhere, the audit log included.
        Actor actor = anonymous ? Actor.NOBODY : Actor.of(who.accountId(), null, who.clientIp());
        audit.record(actor, "REPORT_SUBMITTED", Target.of("report", r.id), json.write(details));
    }

    /** The report row as submitted: who, where, what; its status and review reasons are set by the intake. */
    private Report newReport(
            Long reporterId,
            String reporterRole,
            ReportInput in,
            RoutingDecision decision,
            String claimCode,
            Report.Status status,
            Instant now) {
        Report r = new Report();
        r.reporterId = reporterId;
        r.reporterRole = reporterRole;
        r.anonymous = in.anonymous();
        r.claimCodeHash = claimCode == null ? null : claimCodes.stored(claimCode);
        HazardCategory category = in.category() == null ? null : HazardCategory.activeByCode(in.category());
        r.categoryId = category == null ? null : category.id;
        r.suggestedCategory = in.category();
        r.inputLat = in.lat();
        r.inputLng = in.lng();
        r.inputCrs = in.crs().name();
        r.lat = decision.wgs84().lat();
        r.lng = decision.wgs84().lng();
        r.accuracyM = in.accuracy();
        r.address = in.address();
        r.description = in.description();
        r.townshipId = decision.township().id();
        r.gridId = decision.grid() == null ? null : decision.grid().id();
        r.routing = json.write(decision);
        r.reviewReasons = new ArrayList<>();
        r.status = status;
        r.createdAt = now;
        r.updatedAt = now;
        r.persist();
        ReportEvent.append(r.id, ReportEvent.Type.SUBMITTED, now, null);
        received.fire(new ReportReceived(r.id));
        return r;
    }

    /**
     * Flags, duplicates, photo rows, then a ticket at once or the queue with every reason. {@code r} is
     * PENDING_REVIEW and persisted; the decision is the router's for its point (a fresh one when photos were
     * processed later: the grid, category and routing explanation follow it, unless the point has left every
     * township meanwhile, when the report keeps its place and waits for a dispatcher).
     */
    private Intake decide(
            Report r,
            RoutingDecision decision,
            List<PhotoStore.Stored> stored,
            Set<String> extraReasons,
            Severity severity,
            Instant now) {
        double lat = r.lat;
        double lng = r.lng;
        boolean covered = !decision.reasons().contains(RoutingDecision.Reason.OUTSIDE_COVERAGE);
        HazardCategory category = r.suggestedCategory == null ? null : HazardCategory.activeByCode(r.suggestedCategory);
        r.categoryId = category == null ? null : category.id;
        if (covered) {
            r.townshipId = decision.township().id();
            r.gridId = decision.grid() == null ? null : decision.grid().id();
            r.routing = json.write(decision);
        }

        PhotoFlags checker = new PhotoFlags(
                photoConfig.farFromClaimedMeters(), photoConfig.maxAge(), PhotoFlags.DEFAULT_FUTURE_TOLERANCE);
        List<List<PhotoFlags.Flag>> flags = stored.stream()
                .map(s -> checker.evaluate(lat, lng, s.exif(), now))
                .toList();

        List<Long> samePhotoReports = photoHashes.reportsWithSha256(
                stored.stream().map(PhotoStore.Stored::sha256).toList());
        Map<Long, Duplicate> dups = findDuplicates(samePhotoReports, stored, category, lat, lng, now);
        Map<Long, Duplicate> pendingDups = findPendingDuplicates(samePhotoReports, stored, category, lat, lng, now);
        pendingDups.remove(r.id); // the report itself is in the queue already

        Set<String> reasons = new LinkedHashSet<>();
        decision.reasons().forEach(x -> reasons.add(x.name()));
        if (r.suggestedCategory == null) reasons.add(Reason.NO_CATEGORY.name());
        if (!dups.isEmpty() || !pendingDups.isEmpty()) reasons.add(Reason.SUSPECTED_DUPLICATE.name());
        // only evidence against the report holds it back; a photo without EXIF is no such evidence (issue 14)
        if (flags.stream().anyMatch(PhotoFlags::anyEvidence)) reasons.add(Reason.PHOTO_FLAGGED.name());
        reasons.addAll(extraReasons);
        boolean auto = reasons.isEmpty()
                && covered
                && decision.status() == RoutingDecision.Status.ROUTED
                && category != null
                && Boolean.TRUE.equals(decision.categoryAutoDispatch())
                && decision.leadUnit() != null;
        r.reviewReasons = new ArrayList<>(reasons);
        r.status = Report.Status.PENDING_REVIEW;
        r.updatedAt = now;

        for (int i = 0; i < stored.size(); i++) {
            Photo p = photoRow(r.id, stored.get(i), flags.get(i), now);
            if (r.anonymous) {
                // a client's file name can carry its identity (WeChat temp paths embed the openid)
                p.fileName = null;
            }
            p.persist();
        }
        for (Duplicate d : dups.values()) {
            em.createNativeQuery(
                            "insert into report_duplicate (report_id, ticket_id, kind, distance_m) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, r.id)
                    .setParameter(2, d.id())
                    .setParameter(3, d.kind())
                    .setParameter(4, d.distance())
                    .executeUpdate();
        }
        linkPending(r.id, pendingDups.values());

        Ticket ticket = null;
        if (auto) {
            ticket = Ticket.open(
                    opening(
                            r,
                            category.id,
                            severity != null ? severity : Severity.valueOf(category.defaultSeverity),
                            decision.grid().id(),
                            decision.zone() == null ? null : decision.zone().id()),
                    decision.leadUnit().id(),
                    decision.assistingUnits().stream()
                            .map(RoutingDecision.UnitRef::id)
                            .toList(),
                    now);
            ticket.persist();
            TicketEvent.append(
                    ticket.id,
                    "DISPATCHED",
                    now,
                    null,
                    "system",
                    "自动派单",
                    json.write(Map.of(
                            "auto",
                            true,
                            "reportId",
                            r.id,
                            "leadUnitId",
                            ticket.leadUnitId,
                            "assistingUnitIds",
                            ticket.assistingUnitIds,
                            "matchedRuleId",
                            decision.matchedRule() == null
                                    ? 0
                                    : decision.matchedRule().id())));
            workflow.started(ticket, now);
            r.accept(ticket, now); // the resident follows the ticket's DISPATCHED event from here
            accepted.fire(new ReportAccepted(r.id, r.reporterId, ticket.id, true));
        }
        if (ticket == null) {
            r.reviewDueAt = workflow.reportQueued(r.id, r.townshipId, now); // the dispatchers' deadline to decide it
        }
        return new Intake(ticket, reasons, stored.size(), 0);
    }

    /** A new ticket takes the report's place and text; its township scopes it to dispatchers. */
    static TicketOpening opening(Report r, Long categoryId, Severity severity, Long gridId, Long zoneId) {
        return new TicketOpening(
                categoryId, severity, gridId, zoneId, r.townshipId, r.lat, r.lng, r.address, r.description, r.routing);
    }

    private static Photo photoRow(long reportId, PhotoStore.Stored s, List<PhotoFlags.Flag> flags, Instant now) {
        Photo p = Photo.fromStored(s, Photo.Kind.REPORT, now);
        p.reportId = reportId;
        p.flags = new ArrayList<>(flags.stream().map(Enum::name).toList());
        return p;
    }

    /** A suspected duplicate: an open ticket's id, or a pending report's. */
    record Duplicate(long id, String kind, Double distance) {}

    /** How far a near-identical photo of an open ticket is looked for, and how many of 64 hash bits may differ. */
    static final double SIMILAR_RADIUS_M = 500;

    static final int SIMILAR_MAX_BITS = 6;

    /** Open tickets with a byte-identical photo, then open tickets of the category nearby and recent. */
    private Map<Long, Duplicate> findDuplicates(
            List<Long> samePhotoReports,
            List<PhotoStore.Stored> stored,
            HazardCategory category,
            double lat,
            double lng,
            Instant now) {
        Map<Long, Duplicate> found = new LinkedHashMap<>();
        List<Long> samePhotoTickets = ticketsOf(samePhotoReports).values().stream()
                .distinct()
                .sorted()
                .toList();
        Map<Long, Ticket.State> states = ticketStates.of(samePhotoTickets);
        samePhotoTickets.stream()
                .filter(id -> states.containsKey(id) && states.get(id).open())
                .forEach(id -> found.put(id, new Duplicate(id, "SAME_PHOTO", null)));
        // near-identical: the same scene re-photographed or re-compressed by a messaging app. Only open tickets
        // close by (the GiST index on their location), any category: people pick different categories for one hazard.
        List<Long> near = ticketStates.openIn(Geo.box(lat, lng, SIMILAR_RADIUS_M));
        Map<Long, List<String>> phashes = phashesByTicket(near);
        for (long ticketId : near) {
            for (String phash : phashes.getOrDefault(ticketId, List.of())) {
                for (PhotoStore.Stored s : stored) {
                    if (PerceptualHash.hammingDistance(s.phash(), phash) <= SIMILAR_MAX_BITS) {
                        found.putIfAbsent(ticketId, new Duplicate(ticketId, "SIMILAR_PHOTO", null));
                    }
                }
            }
        }
        if (category != null) {
            for (DuplicateFinder.Nearby n : duplicates.find(category.id, lat, lng, now)) {
                found.putIfAbsent(n.ticketId(), new Duplicate(n.ticketId(), "NEARBY", n.distanceMeters()));
            }
        }
        return found;
    }

    /** The ticket of each of these reports that has one, by report id. */
    private Map<Long, Long> ticketsOf(Collection<Long> reportIds) {
        Map<Long, Long> out = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, ticket_id from report where id in (?1) and ticket_id is not null " + "order by id")
                .setParameter(1, reportIds)
                .getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return out;
    }

    /** The perceptual hashes of the report photos of these tickets, by ticket id. */
    private Map<Long, List<String>> phashesByTicket(Collection<Long> ticketIds) {
        Map<Long, List<String>> out = new HashMap<>();
        if (ticketIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, ticket_id from report where ticket_id in (?1)")
                .setParameter(1, ticketIds)
                .getResultList();
        Map<Long, Long> ticketOfReport = new HashMap<>();
        rows.forEach(r -> ticketOfReport.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        for (PhotoHashes.ReportPhash p : photoHashes.ofReports(ticketOfReport.keySet())) {
            out.computeIfAbsent(ticketOfReport.get(p.reportId()), k -> new ArrayList<>())
                    .add(p.phash());
        }
        return out;
    }

    /**
     * Reports waiting in the review queue that may be the same hazard (DOMAIN §5, issue 11): the same photo bytes,
     * a near-identical photo within 500 m (any category), or the same category within the duplicate radius and
     * window. Keyed by report id; the same three tests as against open tickets, in the same order of strength.
     */
    private Map<Long, Duplicate> findPendingDuplicates(
            List<Long> samePhotoReports,
            List<PhotoStore.Stored> stored,
            HazardCategory category,
            double lat,
            double lng,
            Instant now) {
        Map<Long, Duplicate> found = new LinkedHashMap<>();
        if (!samePhotoReports.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Number> samePhoto = em.createNativeQuery(
                            "select id from report where id in (?1) and status = 'PENDING_REVIEW' " + "order by 1")
                    .setParameter(1, samePhotoReports)
                    .getResultList();
            samePhoto.forEach(id -> found.put(id.longValue(), new Duplicate(id.longValue(), "SAME_PHOTO", null)));
        }
        double[] box = Geo.box(lat, lng, SIMILAR_RADIUS_M);
        @SuppressWarnings("unchecked")
        List<Number> near = em.createNativeQuery(
                        "select id from report "
                                + "where status = 'PENDING_REVIEW' and location <@ box(point(?1, ?2), point(?3, ?4)) order by id")
                .setParameter(1, box[0])
                .setParameter(2, box[1])
                .setParameter(3, box[2])
                .setParameter(4, box[3])
                .getResultList();
        // ordered by report id, as the photos come
        for (PhotoHashes.ReportPhash p :
                photoHashes.ofReports(near.stream().map(Number::longValue).toList())) {
            for (PhotoStore.Stored s : stored) {
                if (PerceptualHash.hammingDistance(s.phash(), p.phash()) <= SIMILAR_MAX_BITS) {
                    found.putIfAbsent(p.reportId(), new Duplicate(p.reportId(), "SIMILAR_PHOTO", null));
                }
            }
        }
        if (category != null) {
            for (PendingDuplicates.NearbyReport n : pendingDuplicates.findPending(category.id, lat, lng, now)) {
                found.putIfAbsent(n.reportId(), new Duplicate(n.reportId(), "NEARBY", n.distanceMeters()));
            }
        }
        return found;
    }

    /**
     * Links a new report and the queued reports it may duplicate, both ways, and marks those a suspected duplicate
     * too: each shows the other in the queue. Only reports still pending are marked (a decision made meanwhile
     * stands); the link stays, so a ticket opened from the other report is offered to this one.
     */
    private void linkPending(long reportId, Collection<Duplicate> pending) {
        if (pending.isEmpty()) {
            return;
        }
        for (Duplicate d : pending) {
            em.createNativeQuery("insert into report_duplicate_report (report_id, other_report_id, kind, distance_m) "
                            + "values (?1, ?2, ?3, ?4), (?2, ?1, ?3, ?4)")
                    .setParameter(1, reportId)
                    .setParameter(2, d.id())
                    .setParameter(3, d.kind())
                    .setParameter(4, d.distance())
                    .executeUpdate();
        }
        em.createNativeQuery("update report set review_reasons = array_append(review_reasons, ?1) "
                        + "where id in (?2) and status = 'PENDING_REVIEW' and not (?1 = any(review_reasons))")
                .setParameter(1, Reason.SUSPECTED_DUPLICATE.name())
                .setParameter(2, pending.stream().map(Duplicate::id).toList())
                .executeUpdate();
    }

    private long usedToday(long accountId, LocalDate day) {
        Number used = (Number) em.createNativeQuery(
                        "select coalesce((select used from report_quota where account_id = ?1 and day = ?2), 0)")
                .setParameter(1, accountId)
                .setParameter(2, day)
                .getSingleResult();
        return used.longValue();
    }

    /** One atomic statement, so two instances cannot both take the last report of the day. */
    private void consumeQuota(long accountId, LocalDate day, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> row = em.createNativeQuery("insert into report_quota (account_id, day, used) values (?1, ?2, 1) "
                        + "on conflict (account_id, day) do update set used = report_quota.used + 1 "
                        + "where report_quota.used < ?3 returning used")
                .setParameter(1, accountId)
                .setParameter(2, day)
                .setParameter(3, config.dailyLimit())
                .getResultList();
        if (row.isEmpty()) {
            throw rateLimited(now, day);
        }
    }

    private ApiException rateLimited(Instant now, LocalDate day) {
        Instant midnight =
                day.plusDays(1).atStartOfDay(ClockProducer.BUSINESS_ZONE).toInstant();
        long seconds =
                Math.max(1, (Duration.between(now, midnight).toMillis() + 999) / 1000); // round up: never too early
        return new ApiException(429, "report-rate-limited", config.dailyLimit())
                .with("limit", config.dailyLimit())
                .header("Retry-After", String.valueOf(seconds));
    }
}
