package cn.suishoupai.reward;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A dispatcher marks a report fraudulent (虚假举报): never rewarded; an unpaid reward of it is cancelled. */
@Path("/api/v1/dispatch/reports/{id}/actions/mark-fraudulent")
@Tag(name = "dispatch", description = "Dispatcher review queue (人工审核派单)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.DISPATCHER_)
@Produces(MediaType.APPLICATION_JSON)
public class FraudResource {

    private final FraudMarks marks;
    private final Caller caller;

    FraudResource(FraudMarks marks, Caller caller) {
        this.marks = marks;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Mark a report in my regions fraudulent, with a reason (once; audited)",
            description =
                    "Its reward, if any and not yet paid, is cancelled with the reason; while a payout batch holds it, 409.")
    public FraudMarks.Fraud mark(@PathParam("id") long id, @Valid ReasonBody body) {
        return marks.mark(id, body, caller.actor());
    }
}
