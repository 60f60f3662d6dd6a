package cn.suishoupai.ticket;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 回头看: the re-inspection list of closed tickets, for grid workers and dispatchers in their regions. */
@Path("/api/v1/reinspections")
@Tag(name = "tickets")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.GRID_WORKER_, Role.DISPATCHER_})
@Produces(MediaType.APPLICATION_JSON)
public class ReinspectionResource {

    private final Reinspections reinspections;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    ReinspectionResource(Reinspections reinspections, Caller caller, ResponseCrs responseCrs) {
        this.reinspections = reinspections;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    @GET
    @Operation(summary = "Closed tickets sampled for re-inspection in my regions (default: PENDING), oldest first")
    public Page<Reinspections.Item> list(
            @QueryParam("status") Reinspection.Status status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return reinspections.list(caller.actor(), status, page, size, responseCrs.or(Crs.WGS84));
    }

    @POST
    @Path("/{id}/actions/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Record the re-inspection once: passed=false (note required) opens a new ticket linked to the old one")
    public Reinspections.Item complete(@PathParam("id") long id, @Valid Reinspections.Outcome body) {
        return reinspections.complete(id, body, caller.actor(), responseCrs.or(Crs.WGS84));
    }
}
