package cn.suishoupai.notify;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations view of the notification outbox: what is stuck, what was given up, and sending it again. */
@Path("/api/v1/admin/outbox")
@Tag(name = "admin-outbox", description = "Notification outbox (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {

    private final Caller caller;
    private final OutboxAdmin outbox;

    OutboxAdminResource(Caller caller, OutboxAdmin outbox) {
        this.caller = caller;
        this.outbox = outbox;
    }

    @GET
    @Operation(summary = "List outbox events, newest first; status PENDING, DELIVERED or FAILED")
    public Page<OutboxAdmin.OutboxView> list(
            @QueryParam("status") OutboxEvent.Status status,
            @QueryParam("type") @Size(max = 48) String type,
            @QueryParam("ticketId") Long ticketId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        caller.requireServiceWide();
        return outbox.list(status, type, ticketId, page, size);
    }

    @POST
    @Path("/{id}/actions/retry")
    @Operation(summary = "Send a given-up (FAILED) event again, with a fresh series of attempts")
    public OutboxAdmin.OutboxView retry(@PathParam("id") long id) {
        caller.requireServiceWide();
        return outbox.retry(id, caller.actor());
    }
}
