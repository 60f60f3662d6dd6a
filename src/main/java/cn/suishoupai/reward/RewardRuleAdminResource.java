package cn.suishoupai.reward;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reward rules (admin; audited). Service-wide data: any admin reads them, only a service-wide admin changes them. */
@Path("/api/v1/admin/reward-rules")
@Tag(name = "admin-rewards", description = "Reward rules and budgets (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class RewardRuleAdminResource {

    private final RewardRuleService service;
    private final Caller caller;
    private final Idempotency idempotency;

    RewardRuleAdminResource(RewardRuleService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "Reward rules; on=YYYY-MM-DD lists those in force that day")
    public List<RewardRuleService.RuleView> list(
            @QueryParam("categoryCode") String categoryCode,
            @QueryParam("severity") Severity severity,
            @QueryParam("on") LocalDate on) {
        return service.list(categoryCode, severity, on);
    }

    @GET
    @Path("/{id}")
    public RewardRuleService.RuleView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Create a rule: FIXED (fixedFen) or FINE_PERCENT (percentBps, minFen, maxFen), valid validFrom..validUntil",
            description =
                    "Rules of the same category (or any) and severity may not share a day: 409. Honours Idempotency-Key.")
    public Response create(@Valid RewardRuleService.RuleBody body, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.created(
                caller.accountId(),
                key,
                "reward-rule.create",
                body,
                "/api/v1/admin/reward-rules",
                () -> service.create(body, caller.actor()),
                RewardRuleService.RuleView::id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a rule (whole body, with version); a rule rewards used may only change its validUntil")
    public RewardRuleService.RuleView update(@PathParam("id") long id, @Valid RewardRuleService.RuleBody body) {
        return service.update(id, body, caller.actor());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a rule no reward used (otherwise end it with validUntil)")
    public Response delete(@PathParam("id") long id) {
        service.delete(id, caller.actor());
        return Response.noContent().build();
    }
}
