package cn.suishoupai.report;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Position;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.Photos;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketEvent;
import cn.suishoupai.ticket.TicketStates;
import cn.suishoupai.ticket.TicketWorkflow;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a reporter sees of their own reports. Never a staff identity, never another's report. */
@ApplicationScoped
public class ReportViews {

    @Schema(name = "ReportCategory")
    public record Category(String code, String name) {}

    @Schema(name = "ReportPhotoLink")
    public record PhotoLink(int seq, int width, int height, String url, String thumbnailUrl) {}

    @Schema(name = "ReportTimelineStep")
    public record Step(Instant at, String type, String label, String note) {}

    /**
     * Why a report is 不予受理: the dispatcher's reject reason (code of {@link RejectReason}, its label
     * and note), or why its ticket was cancelled (VERIFIED_NOT_REAL 经核实不属实, or CANCELLED 工单已撤销,
     * with the verifier's or dispatcher's reason). Null while nothing was refused.
     */
    @Schema(name = "ReportRefusalReason")
    public record Reason(String code, String label, String note) {}

    /** lat/lng are in crs: the system the report was submitted in, unless the caller asked for another. */
    @Schema(name = "ReportSummary")
    public record Summary(
            long id,
            Status status,
            String statusLabel,
            Category category,
            double lat,
            double lng,
            Crs crs,
            String address,
            String description,
            boolean anonymous,
            Instant createdAt,
            String thumbnailUrl,
            Reason reason) {}

    /** lat/lng are in crs: the system the report was submitted in, unless the caller asked for another. */
    @Schema(name = "ReportDetail")
    public record Detail(
            long id,
            Status status,
            String statusLabel,
            boolean anonymous,
            Category category,
            double lat,
            double lng,
            Crs crs,
            String address,
            String description,
            Instant createdAt,
            String rejectReason,
            String rejectNote,
            List<PhotoLink> photos,
            List<PhotoLink> afterPhotos,
            List<Step> timeline,
            Instant linksExpireAt,
            Reason reason,

            @Schema(
                    description =
                            "the ticket handling the report (the id POST /api/v1/tickets/{id}/actions/rate takes), "
                                    + "null while there is none")
            Long ticketId,

            @Schema(
                    description = "true when the caller may rate the ticket now (综合评价): it is closed, the report is "
                            + "theirs and they have not rated it yet")
            boolean rateable,

            @Schema(description = "the caller's own rating of the ticket, null until they rated it")
            MyRating myRating) {}

    /** The reporter's own 综合评价 of the report's closed ticket. */
    @Schema(name = "ReportRating")
    public record MyRating(TicketWorkflow.Rating rating, String comment, Instant ratedAt) {}

    /** Ticket events whose note (the reason) the reporter is told. */
    private static final Set<String> EVENTS_WITH_REASON = Set.of("CANCELLED", "VERIFIED_NOT_REAL");

    /** Ticket events a resident may follow, with their labels; anything else stays internal. */
    private static final Map<String, String> PUBLIC_TICKET_EVENTS = Map.of(
            "DISPATCHED", "已派发至责任单位",
            "SIGNED", "责任单位已签收",
            "RECTIFIED", "已提交整改",
            "CLOSED", "已办结",
            "CANCELLED", "已撤销",
            "VERIFIED_NOT_REAL", "经核实不属实，已撤销",
            "RECHECK_FAILED", "复查未通过，责任单位重新整改");

    private static final Map<String, String> REPORT_EVENTS = Map.of(
            "SUBMITTED", "已提交",
            "PHOTO_DROPPED", "照片无法处理，已移除",
            "ACCEPTED", "已受理",
            "REJECTED", "不予受理",
            "MERGED", "与已有工单合并办理",
            "UNMERGED", "撤销合并，重新审核");

    private final ObjectStorage storage;
    private final Clock clock;
    private final ClaimCodeAccess claimCodes;
    private final TicketStates ticketStates;
    private final Photos photos;
    private final RegionNames regionNames;

    ReportViews(
            ObjectStorage storage,
            Clock clock,
            ClaimCodeAccess claimCodes,
            TicketStates ticketStates,
            Photos photos,
            RegionNames regionNames) {
        this.photos = photos;
        this.regionNames = regionNames;
        this.ticketStates = ticketStates;
        this.storage = storage;
        this.clock = clock;
        this.claimCodes = claimCodes;
    }

    /** crs: the system the caller asked for; null shows each report in the system it was submitted in. */
    @Transactional
    public Page<Summary> mine(long accountId, Status status, int page, int size, Crs crs) {
        // Status is derived from the report and its ticket: the ticket states come from ticket, then one query pages.
        Parameters p = Parameters.with("me", accountId);
        String where = "reporterId = :me" + (status == null ? "" : " and " + statusFilter(status, accountId, p));
        var q = Report.<Report>find(where, Sort.descending("createdAt", "id"), p);
        List<Summary> items =
                q.page(page, size).list().stream().map(r -> summary(r, crs)).toList();
        return new Page<>(items, q.count(), page, size);
    }

    private String statusFilter(Status s, long accountId, Parameters p) {
        Set<Ticket.State> ticketIn = switch (s) {
            case REJECTED -> EnumSet.of(Ticket.State.REJECTED, Ticket.State.CANCELLED);
            case ACCEPTED -> EnumSet.of(Ticket.State.DISPATCHED);
            case CLOSED -> EnumSet.of(Ticket.State.CLOSED);
            case IN_PROGRESS -> EnumSet.of(Ticket.State.IN_PROGRESS, Ticket.State.RECTIFIED, Ticket.State.RETURNED);
            case PHOTOS_PROCESSING, SUBMITTED, MERGED -> EnumSet.noneOf(Ticket.State.class);
        };
        if (!ticketIn.isEmpty()) {
            Set<Long> tickets = ticketsIn(accountId, ticketIn);
            p.and("tickets", tickets.isEmpty() ? Set.of(-1L) : tickets);
        }
        return switch (s) {
            case PHOTOS_PROCESSING -> "status = 'PHOTOS_PROCESSING'";
            case SUBMITTED -> "status = 'PENDING_REVIEW'";
            case REJECTED -> "(status = 'REJECTED' or (status = 'ACCEPTED' and ticketId in :tickets))";
            case MERGED -> "status = 'MERGED'";
            case ACCEPTED, CLOSED, IN_PROGRESS -> "status = 'ACCEPTED' and ticketId in :tickets";
        };
    }

    /** The tickets of the account's accepted reports that are in one of the states. */
    private Set<Long> ticketsIn(long accountId, Set<Ticket.State> states) {
        List<Long> ids = Report.getEntityManager()
                .createQuery(
                        "select distinct r.ticketId from Report r "
                                + "where r.reporterId = ?1 and r.status = ?2 and r.ticketId is not null",
                        Long.class)
                .setParameter(1, accountId)
                .setParameter(2, Report.Status.ACCEPTED)
                .getResultList();
        Set<Long> out = new HashSet<>();
        ticketStates.of(ids).forEach((id, state) -> {
            if (states.contains(state)) {
                out.add(id);
            }
        });
        return out;
    }

    private Summary summary(Report r, Crs crs) {
        Ticket t = ticket(r);
        Status s = Status.of(r, t == null ? null : t.state);
        Photo first = photos.firstOfReport(r.id);
        Position at = r.position(crs);
        return new Summary(
                r.id,
                s,
                s.label,
                category(r.categoryId),
                at.lat(),
                at.lng(),
                at.crs(),
                r.address,
                r.description,
                r.anonymous,
                r.createdAt,
                first == null ? null : storage.presignedGet(first.thumbKey),
                reason(r, t));
    }

    /** The reason the reporter is told, from the review (不予受理) or from the ticket's cancellation. */
    static Reason reason(Report r, Ticket t) {
        if (r.status == Report.Status.REJECTED && r.rejectReason != null) {
            return new Reason(r.rejectReason, RejectReason.valueOf(r.rejectReason).label, r.rejectNote);
        }
        if ((r.status == Report.Status.ACCEPTED || r.status == Report.Status.MERGED)
                && t != null
                && t.state == Ticket.State.CANCELLED) {
            return Boolean.FALSE.equals(t.verified)
                    ? new Reason("VERIFIED_NOT_REAL", "经核实不属实", t.cancelReason)
                    : new Reason("CANCELLED", "工单已撤销", t.cancelReason);
        }
        return null;
    }

    /**
     * The reporter's own report, or an anonymous one for the holder of its claim code; else 404. crs: the
     * system the caller asked for; null answers in the system the report was submitted in.
     */
    @Transactional
    public Detail forReporter(long id, long accountId, String claimCode, Crs crs) {
        Report r = Report.findById(id);
        boolean mine = r != null && r.reporterId != null && r.reporterId == accountId;
        if (!mine) {
            // a code is a guess until it matches: counted and rate-limited, whether or not the report exists
            ClaimCodeAccess.Attempt attempt = claimCode == null || claimCode.isBlank() || claimCode.length() > 32
                    ? null
                    : claimCodes.attempt(accountId, claimCode);
            if (attempt == null || r == null || !r.anonymous || !attempt.hash().equals(r.claimCodeHash)) {
                throw ApiException.notFound("report-not-found", id);
            }
            attempt.matched();
        }
        Ticket ticket = ticket(r);
        Ticket.State ticketState = ticket == null ? null : ticket.state;
        Status s = Status.of(r, ticketState);
        List<Photo> sent = photos.ofReport(r.id);
        List<Photo> after =
                ticketState == Ticket.State.CLOSED ? photos.ofTicket(r.ticketId, Photo.Kind.AFTER) : List.of();
        Position at = r.position(crs);
        TicketStates.Rated rated = mine && r.ticketId != null ? ticketStates.ratingBy(r.ticketId, accountId) : null;
        boolean rateable = mine && ticketState == Ticket.State.CLOSED && rated == null;
        return new Detail(
                r.id,
                s,
                s.label,
                r.anonymous,
                category(r.categoryId),
                at.lat(),
                at.lng(),
                at.crs(),
                r.address,
                r.description,
                r.createdAt,
                r.rejectReason == null ? null : RejectReason.valueOf(r.rejectReason).label,
                r.rejectNote,
                links(sent),
                links(after),
                timeline(r),
                clock.instant().plus(storage.presignExpiry()),
                reason(r, ticket),
                r.ticketId,
                rateable,
                rated == null ? null : new MyRating(rated.rating(), rated.comment(), rated.ratedAt()));
    }

    List<PhotoLink> links(List<Photo> photos) {
        return photos.stream()
                .map(p -> new PhotoLink(
                        p.seq, p.width, p.height, storage.presignedGet(p.displayKey), storage.presignedGet(p.thumbKey)))
                .toList();
    }

    private List<Step> timeline(Report r) {
        List<Step> steps = new ArrayList<>();
        for (ReportEvent e : ReportEvent.<ReportEvent>list("reportId = ?1 order by id", r.id)) {
            steps.add(new Step(e.at, e.type, REPORT_EVENTS.getOrDefault(e.type, e.type), e.note));
        }
        if (r.ticketId != null) {
            // a merged report follows its ticket from when it joined, not the ticket's earlier history
            for (TicketEvent e : ticketStates.eventsSince(r.ticketId, r.createdAt.truncatedTo(ChronoUnit.MILLIS))) {
                String label = PUBLIC_TICKET_EVENTS.get(e.type);
                if (label != null) {
                    steps.add(new Step(e.at, e.type, label, EVENTS_WITH_REASON.contains(e.type) ? e.note : null));
                }
            }
        }
        steps.sort(Comparator.comparing(Step::at));
        return steps;
    }

    private Ticket ticket(Report r) {
        return r.ticketId == null ? null : ticketStates.ticket(r.ticketId);
    }

    private Category category(Long categoryId) {
        return category(regionNames.category(categoryId));
    }

    static Category category(RegionNames.CategoryName c) {
        return c == null ? null : new Category(c.code(), c.nameZh());
    }
}
