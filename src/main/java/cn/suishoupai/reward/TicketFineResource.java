package cn.suishoupai.reward;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fine imposed for a ticket's hazard (罚款), which fine-based reward rules pay a share of. */
@Path("/api/v1/tickets/{id}/fine")
@Tag(name = "rewards", description = "Rewards (举报奖励): finance review, resident view, totals and ledger consistency")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.FINANCE_, Role.DISPATCHER_})
@Produces(MediaType.APPLICATION_JSON)
public class TicketFineResource {

    private final Fines fines;
    private final Caller caller;

    TicketFineResource(Fines fines, Caller caller) {
        this.fines = fines;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record the fine in fen (once) for a ticket in my regions; a reward waiting for it accrues now")
    public Fines.Fine record(@PathParam("id") long id, @Valid Fines.FineBody body) {
        return fines.record(id, body, caller.actor());
    }
}
