package cn.suishoupai.report;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dispatcher's review queue and decisions on reports, within the dispatcher's own regions. */
@Path("/api/v1/dispatch/reports")
@Tag(name = "dispatch", description = "Dispatcher review queue (人工审核派单)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.DISPATCHER_)
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private final ReviewService review;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    ReviewResource(ReviewService review, Caller caller, ResponseCrs responseCrs) {
        this.review = review;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    /** Staff see WGS-84 unless they ask for another system. */
    private Crs crs() {
        return responseCrs.or(Crs.WGS84);
    }

    @GET
    @Operation(
            summary = "Reports in my regions, oldest first; by default those waiting for review, with every reason",
            description =
                    "reason filters by one review reason (e.g. SUSPECTED_DUPLICATE, PHOTO_FLAGGED, NO_RULE, OUTSIDE_GRIDS); "
                            + "regionId narrows to a zone or grid; from/to bound the submission time. Each waiting report has a review "
                            + "deadline (reviewDueAt, the dispatchers' own); overdue=true lists those past it.")
    public Page<ReviewService.QueueItem> queue(
            @QueryParam("status") Report.Status status,
            @QueryParam("reason") String reason,
            @QueryParam("category") String category,
            @QueryParam("regionId") Long regionId,
            @QueryParam("from") OffsetDateTime from,
            @QueryParam("to") OffsetDateTime to,
            @QueryParam("overdue") Boolean overdue,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return review.queue(
                status,
                reason,
                category,
                regionId,
                from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(),
                overdue,
                page,
                size,
                caller.actor(),
                crs());
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary =
                    "A report with its photos (incl. originals), EXIF facts, flags, duplicates and routing explanation; no reporter identity")
    public ReviewService.StaffDetail get(@PathParam("id") long id) {
        return review.detail(id, caller.actor(), crs());
    }

    @GET
    @Path("/{id}/reporter")
    @Operation(
            summary =
                    "Who reported it (name, phone, WeChat openid) and the description as typed. Each read is written to the audit log.",
            description =
                    "Other staff views mask phone and ID-card numbers in free text; this read does not. An anonymous report is 404 reporter-anonymous.")
    public ReviewService.ReporterIdentity reporter(@PathParam("id") long id) {
        return review.reporter(id, caller.actor());
    }

    @POST
    @Path("/{id}/actions/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Accept (受理): creates the ticket and dispatches it",
            description =
                    "category, gridId, leadUnitId and assistingUnitIds default to the report's and the router's answer; "
                            + "severity defaults to the category's. A report that is a suspected duplicate of an open ticket (found at "
                            + "intake, or a ticket another queued duplicate of it has since been accepted or merged into) is refused with "
                            + "409 duplicate-ticket-open naming ticketIds, unless confirmNewTicket is true. mergeDuplicates lists other "
                            + "queued reports of the same hazard to merge into the new ticket in the same call; the answer lists the "
                            + "report's suspected duplicates among queued reports (duplicateReports) with their status.")
    public ReviewService.QueueItem accept(@PathParam("id") long id, @Valid ReviewService.AcceptBody body) {
        return review.accept(id, body == null ? ReviewService.AcceptBody.EMPTY : body, caller.actor(), crs());
    }

    @POST
    @Path("/{id}/actions/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Reject (不予受理) with a reason from the list; note is required for OTHER and shown to the resident")
    public ReviewService.QueueItem reject(@PathParam("id") long id, @Valid ReviewService.RejectBody body) {
        return review.reject(id, body, caller.actor(), crs());
    }

    @POST
    @Path("/{id}/actions/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Merge into an existing open ticket (a confirmed duplicate)")
    public ReviewService.QueueItem merge(@PathParam("id") long id, @Valid ReviewService.MergeBody body) {
        return review.merge(id, body, caller.actor(), crs());
    }

    @POST
    @Path("/{id}/actions/unmerge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Undo a merge: the report returns to the review queue")
    public ReviewService.QueueItem unmerge(@PathParam("id") long id, @Valid ReviewService.NoteBody body) {
        return review.unmerge(id, body, caller.actor(), crs());
    }
}
