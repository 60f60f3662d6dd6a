package cn.suishoupai.routing;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Role;
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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/routing-rules")
@Tag(name = "admin-routing", description = "Routing rules (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RuleAdminResource {

    /**
     * categoryCode null = any category. target UNIT needs leadUnitId; TERRITORIAL (属地) sends the
     * ticket to the village/community unit serving the grid (or its zone, or township).
     */
    @Schema(name = "RoutingRuleBody")
    public record RuleBody(
            String categoryCode,
            @Required Long regionId,
            @Required RoutingRule.Target target,
            Long leadUnitId,
            Set<@Required Long> assistingUnitIds,

            @FreeText(max = RoutingRule.NOTE_MAX, message = "field.rule.note")
            String note) {}

    private final RuleAdminService service;
    private final Caller caller;
    private final Idempotency idempotency;

    RuleAdminResource(RuleAdminService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    public List<RuleAdminService.RuleView> list(
            @QueryParam("includeInactive") @DefaultValue("false") boolean includeInactive) {
        return service.list(includeInactive, caller.actor());
    }

    @GET
    @Path("/{id}")
    public RuleAdminService.RuleView get(@PathParam("id") long id) {
        return service.get(id, caller.actor());
    }

    @POST
    @Operation(summary = "Create a rule; a rule tying with an active one (same category and region) is 409")
    public Response create(@Valid @NotNull RuleBody body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "routing-rule.create",
                body,
                "/api/v1/admin/routing-rules",
                () -> service.create(data(body), caller.actor()),
                RuleAdminService.RuleView::id);
    }

    @PUT
    @Path("/{id}")
    public RuleAdminService.RuleView update(@PathParam("id") long id, @Valid @NotNull RuleBody body) {
        return service.update(id, data(body), caller.actor());
    }

    @POST
    @Path("/{id}/actions/deactivate")
    public RuleAdminService.RuleView deactivate(@PathParam("id") long id) {
        return service.setActive(id, false, caller.actor());
    }

    @POST
    @Path("/{id}/actions/activate")
    public RuleAdminService.RuleView activate(@PathParam("id") long id) {
        return service.setActive(id, true, caller.actor());
    }

    private static RuleAdminService.RuleData data(RuleBody b) {
        return new RuleAdminService.RuleData(
                b.categoryCode(), b.regionId(), b.target(), b.leadUnitId(), b.assistingUnitIds(), b.note());
    }
}
