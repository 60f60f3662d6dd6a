package cn.suishoupai.ticket;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Values;
import cn.suishoupai.media.PhotoStore;
import cn.suishoupai.region.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Tickets (工单) and their actions (DOMAIN §4). Every action answers with the ticket as it now is;
 * send the version you saw as If-Match to be told (409) when someone else acted first.
 */
@Path("/api/v1/tickets")
@Tag(name = "tickets", description = "Ticket workflow: sign, rectify, verify, re-check, extensions, returns (工单流转)")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class TicketResource {

    private final TicketWorkflow workflow;
    private final TicketViews views;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    TicketResource(TicketWorkflow workflow, TicketViews views, Caller caller, ResponseCrs responseCrs) {
        this.workflow = workflow;
        this.views = views;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    /** Staff see WGS-84 unless they ask for another system. */
    private Crs crs() {
        return responseCrs.or(Crs.WGS84);
    }

    @GET
    @RolesAllowed({Role.UNIT_, Role.DISPATCHER_, Role.GRID_WORKER_, Role.LEADER_})
    @Operation(
            summary = "My tickets: a unit's own, everyone else's within their regions",
            description =
                    "box picks a named list (unit: TO_SIGN, IN_PROGRESS, REWORK, ASSISTING; dispatcher: RETURNED, "
                            + "EXTENSION_REQUESTED, ESCALATED, FOLLOW_UP = a 不满意 rating to follow up (回访); leader: LEADER_ESCALATED, SUPERVISED; grid worker: TO_RECHECK, TO_VERIFY = not yet verified, open or closed). "
                            + "overdue=true lists tickets with a deadline past, dueWithin=PT24H those whose current deadline is due in the "
                            + "next 24 h (ISO-8601 duration); both sort by deadline. owner=UNIT|VERIFIER|DISPATCHER charges them to "
                            + "whose deadline it is: UNIT sign and rectify, VERIFIER verification and re-check, DISPATCHER re-dispatching "
                            + "a returned ticket and deciding an extension request. A unit's lists hold its own deadlines only. "
                            + "The list is counted up to 10,000 tickets: past that, total is 10,000 (or the end of the "
                            + "page asked for) and totalCapped is true, meaning \"10,000 or more\"; pages past it still answer.")
    public Page<TicketViews.Summary> list(
            @QueryParam("box") TicketViews.Box box,
            @QueryParam("state") Ticket.State state,
            @QueryParam("overdue") Boolean overdue,
            @QueryParam("dueWithin") String dueWithin,
            @QueryParam("category") String category,
            @QueryParam("regionId") Long regionId,
            @QueryParam("unitId") Long unitId,
            @QueryParam("severity") Severity severity,
            @QueryParam("owner") Attribution.Owner owner,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return views.list(
                caller.actor(),
                new TicketViews.Filter(
                        box, state, overdue, duration(dueWithin), category, regionId, unitId, severity, owner),
                page,
                size,
                crs());
    }

    @GET
    @Path("/facets")
    @RolesAllowed({Role.UNIT_, Role.DISPATCHER_, Role.GRID_WORKER_, Role.LEADER_})
    @Operation(
            summary =
                    "What the caller's tickets can be filtered by: their categories, lead units and grids, with names",
            description =
                    "Scoped as the list: a unit's own tickets (lead or assisting), everyone else's within their regions.")
    public TicketViews.Facets facets() {
        return views.facets(caller.actor());
    }

    @GET
    @Path("/on-time-rates")
    @RolesAllowed({Role.UNIT_, Role.DISPATCHER_, Role.LEADER_})
    @Operation(
            summary =
                    "On-time rates per lead unit for tickets dispatched in [from, to) (考核): signed and rectified on time, overdue now",
            description =
                    "Only the unit's own deadlines (sign, rectify) count: overdueNow is the tickets whose current deadline is "
                            + "the unit's and past; a late re-check or re-dispatch is never the unit's.")
    public List<TicketViews.UnitRate> onTimeRates(
            @QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to) {
        if (from == null || to == null || !to.isAfter(from)) {
            throw ApiException.invalidField(from == null ? "from" : "to", "field.range.invalid");
        }
        return views.onTimeRates(caller.actor(), from.toInstant(), to.toInstant());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.UNIT_, Role.DISPATCHER_, Role.GRID_WORKER_, Role.LEADER_})
    @Operation(
            summary =
                    "A ticket: deadlines, timeline with attachments, extensions, chase history and routing explanation",
            description =
                    "Reports are shown by content only: no reporter identity. The ETag is the version for If-Match.")
    @APIResponse(
            responseCode = "200",
            description = "The ticket; ETag: its version",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TicketViews.Detail.class)))
    public Response get(@PathParam("id") long id) {
        TicketViews.Detail d = views.detail(id, caller.actor(), crs());
        return Response.ok(d).tag(String.valueOf(d.ticket().version())).build();
    }

    // ---------------------------------------------------------------- unit

    @POST
    @Path("/{id}/actions/sign")
    @RolesAllowed(Role.UNIT_)
    @Operation(summary = "签收: the lead unit takes the ticket (DISPATCHED → IN_PROGRESS)")
    public TicketViews.Detail sign(@PathParam("id") long id, @HeaderParam("If-Match") String ifMatch) {
        return view(workflow.sign(id, version(ifMatch), caller.actor()));
    }

    @POST
    @Path("/{id}/actions/submit-rectification")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Role.UNIT_)
    @Operation(summary = "整改完成: after-photos (1-9) and a note (IN_PROGRESS → RECTIFIED); the re-check deadline starts")
    public TicketViews.Detail submitRectification(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @RestForm("photos") List<FileUpload> photos,
            @RestForm String note) {
        return view(workflow.submitRectification(
                id, version(ifMatch), new TicketWorkflow.PhotoForm(null, note, uploads(photos)), caller.actor()));
    }

    @POST
    @Path("/{id}/actions/request-extension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.UNIT_)
    @Operation(summary = "延期申请: ask to move the rectification deadline (a dispatcher decides); one pending at a time")
    public TicketViews.Detail requestExtension(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.ExtensionBody body) {
        return view(workflow.requestExtension(id, version(ifMatch), body, caller.actor()));
    }

    @POST
    @Path("/{id}/actions/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.UNIT_)
    @Operation(summary = "退回: not ours, with the reason (DISPATCHED → RETURNED); a designated lead cannot return")
    public TicketViews.Detail returnTicket(
            @PathParam("id") long id, @HeaderParam("If-Match") String ifMatch, @Valid TicketWorkflow.ReasonBody body) {
        return view(workflow.returnTicket(id, version(ifMatch), body, caller.actor()));
    }

    // ---------------------------------------------------------------- dispatcher

    @POST
    @Path("/{id}/actions/dispatch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(
            summary =
                    "派单: send a returned ticket to a lead unit (and assisting units); after two returns designateLead must be true")
    public TicketViews.Detail dispatch(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.DispatchBody body) {
        return view(workflow.dispatch(id, version(ifMatch), body, caller.actor(), false));
    }

    @POST
    @Path("/{id}/actions/redispatch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(summary = "改派: move a dispatched or in-progress ticket to another lead unit; its deadlines start again")
    public TicketViews.Detail redispatch(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.DispatchBody body) {
        return view(workflow.dispatch(id, version(ifMatch), body, caller.actor(), true));
    }

    @POST
    @Path("/{id}/actions/designate-lead")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(
            summary =
                    "首查负责制: designate the lead unit (default: the current one), which may then no longer return the ticket")
    public TicketViews.Detail designateLead(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.DesignateBody body) {
        return view(workflow.designateLead(id, version(ifMatch), body, caller.actor()));
    }

    @POST
    @Path("/{id}/actions/approve-extension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(summary = "Approve the pending extension; grantedDueAt defaults to the requested date")
    public TicketViews.Detail approveExtension(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.ExtensionDecisionBody body) {
        return view(workflow.decideExtension(id, version(ifMatch), body, true, caller.actor()));
    }

    @POST
    @Path("/{id}/actions/refuse-extension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(summary = "Refuse the pending extension, with a note")
    public TicketViews.Detail refuseExtension(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.ExtensionDecisionBody body) {
        return view(workflow.decideExtension(id, version(ifMatch), body, false, caller.actor()));
    }

    @POST
    @Path("/{id}/actions/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(summary = "撤销: cancel an open ticket, with the reason")
    public TicketViews.Detail cancel(
            @PathParam("id") long id, @HeaderParam("If-Match") String ifMatch, @Valid TicketWorkflow.ReasonBody body) {
        return view(workflow.cancel(id, version(ifMatch), body, caller.actor()));
    }

    @POST
    @Path("/{id}/actions/follow-up")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DISPATCHER_)
    @Operation(
            summary = "回访: follow up the 不满意 ratings of a closed ticket (box FOLLOW_UP) with a note and an outcome",
            description =
                    "outcome RESOLVED takes the ticket off the FOLLOW_UP list; HAZARD_PERSISTS also opens a new ticket "
                            + "linked to this one (parentTicketId), for the same unit. 409 no-follow-up-pending when no 不满意 rating waits.")
    public TicketViews.Detail followUp(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TicketWorkflow.FollowUpBody body) {
        return view(workflow.followUp(id, version(ifMatch), body, caller.actor()));
    }

    // ---------------------------------------------------------------- grid worker or dispatcher

    @POST
    @Path("/{id}/actions/verify")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.GRID_WORKER_, Role.DISPATCHER_})
    @Operation(
            summary =
                    "核实: on site, real=true|false with photos (0-9) and a note (required when not real); not real cancels the ticket",
            description =
                    "Once per ticket. A CLOSED ticket that lacks the fact (closed before a passing re-check recorded it) "
                            + "may be verified afterwards, real=true only (409 closed-verify-not-real); the reward then accrues.")
    public TicketViews.Detail verify(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @RestForm("photos") List<FileUpload> photos,
            @RestForm String real,
            @RestForm String note) {
        return view(workflow.verify(
                id,
                version(ifMatch),
                new TicketWorkflow.PhotoForm(bool("real", real), note, uploads(photos)),
                caller.actor()));
    }

    @POST
    @Path("/{id}/actions/recheck")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.GRID_WORKER_, Role.DISPATCHER_})
    @Operation(
            summary = "复查: passed=true closes the ticket; passed=false (note required) sends it back to the unit",
            description =
                    "A passing re-check on a ticket nobody has verified also records the verification (real, by the "
                            + "re-checker; a VERIFIED_REAL timeline event) and the reward accrues: no ticket closes without it.")
    public TicketViews.Detail recheck(
            @PathParam("id") long id,
            @HeaderParam("If-Match") String ifMatch,
            @RestForm("photos") List<FileUpload> photos,
            @RestForm String passed,
            @RestForm String note) {
        return view(workflow.recheck(
                id,
                version(ifMatch),
                new TicketWorkflow.PhotoForm(bool("passed", passed), note, uploads(photos)),
                caller.actor()));
    }

    // ---------------------------------------------------------------- resident

    @POST
    @Path("/{id}/actions/rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.RESIDENT_)
    @Operation(summary = "综合评价: a reporter rates the closed ticket once (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED)")
    public Map<String, Object> rate(@PathParam("id") long id, @Valid TicketWorkflow.RateBody body) {
        return workflow.rate(id, body, caller.actor());
    }

    private TicketViews.Detail view(Ticket t) {
        return views.afterAction(t.id, caller.actor(), crs());
    }

    private static Long version(String ifMatch) {
        return Values.ifMatch(ifMatch);
    }

    /** dueWithin: an ISO-8601 duration, positive and within Values' bounds. */
    private static Duration duration(String s) {
        if (s == null) {
            return null;
        }
        Duration d = Values.duration(s);
        if (d == null || d.isZero() || d.isNegative()) {
            throw Values.invalidParameter("dueWithin");
        }
        if (!Values.inBounds(d)) {
            throw Values.outOfBounds("dueWithin", d);
        }
        return d;
    }

    private static Boolean bool(String field, String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        switch (s.strip().toLowerCase()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw ApiException.invalidField(field, "field.boolean");
        }
    }

    private static List<PhotoStore.Upload> uploads(List<FileUpload> files) {
        return files == null
                ? List.of()
                : files.stream()
                        .map(f -> new PhotoStore.Upload(f.fileName(), f.uploadedFile()))
                        .toList();
    }
}
