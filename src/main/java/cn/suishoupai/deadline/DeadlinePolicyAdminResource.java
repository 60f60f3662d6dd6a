package cn.suishoupai.deadline;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/deadline-policies")
@Tag(name = "admin-deadlines", description = "Working calendar and deadline policies (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeadlinePolicyAdminResource {

    /** categoryCode null = any category. Spans: {amount, unit}; amount 0 only with WORKING_DAYS (same working day). */
    @Schema(name = "DeadlinePolicyBody")
    public record PolicyBody(
            String categoryCode,
            @Required Severity severity,
            @Required @Valid Span sign,
            @Required @Valid Span rectify,
            @Required @Valid Span recheck) {}

    /** version: the policy's version as read; a stale one is 409. */
    @Schema(name = "DeadlinePolicyUpdateBody")
    public record PolicyUpdateBody(
            @Required @Valid Span sign,
            @Required @Valid Span rectify,
            @Required @Valid Span recheck,
            @Required Long version) {}

    private final DeadlineAdminService service;
    private final Caller caller;
    private final Idempotency idempotency;

    DeadlinePolicyAdminResource(DeadlineAdminService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    public List<DeadlineAdminService.PolicyView> list(
            @QueryParam("includeInactive") @DefaultValue("false") boolean includeInactive) {
        return service.policies(includeInactive);
    }

    @GET
    @Path("/{id}")
    public DeadlineAdminService.PolicyView get(@PathParam("id") long id) {
        return service.policy(id);
    }

    @POST
    @Operation(
            summary =
                    "Create a policy; one that ties with an active policy (same category or any, same severity) is 409")
    public Response create(@Valid @NotNull PolicyBody body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "deadline-policy.create",
                body,
                "/api/v1/admin/deadline-policies",
                () -> service.createPolicy(
                        new DeadlineAdminService.PolicyData(
                                body.categoryCode(), body.severity(), body.sign(), body.rectify(), body.recheck()),
                        caller.actor()),
                DeadlineAdminService.PolicyView::id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a policy's periods; tickets already dispatched keep theirs")
    public DeadlineAdminService.PolicyView update(@PathParam("id") long id, @Valid @NotNull PolicyUpdateBody body) {
        return service.updatePolicy(id, body.sign(), body.rectify(), body.recheck(), body.version(), caller.actor());
    }

    @POST
    @Path("/{id}/actions/retire")
    @Operation(summary = "Retire a policy; new tickets fall back to the any-category policy or the configured default")
    public DeadlineAdminService.PolicyView retire(@PathParam("id") long id) {
        return service.retirePolicy(id, caller.actor());
    }
}
