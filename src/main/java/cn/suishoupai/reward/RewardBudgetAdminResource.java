package cn.suishoupai.reward;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Values;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Township yearly reward budgets (admin; audited). A township admin manages only their townships' budgets. */
@Path("/api/v1/admin/reward-budgets")
@Tag(name = "admin-rewards", description = "Reward rules and budgets (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class RewardBudgetAdminResource {

    private final RewardRuleService service;
    private final Caller caller;

    RewardBudgetAdminResource(RewardRuleService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Township reward budgets with what is used (non-cancelled rewards accrued that year)")
    public List<RewardRuleService.BudgetView> budgets(@QueryParam("year") Integer year) {
        return service.budgets(year, caller.actor());
    }

    @PUT
    @Path("/{regionId}/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a township's yearly reward budget in fen")
    public RewardRuleService.BudgetView setBudget(
            @PathParam("regionId") long regionId,
            @PathParam("year") @InRange(min = Values.FIRST_YEAR, max = Values.LAST_YEAR, message = "field.year.range")
                    int year,
            @Valid RewardRuleService.BudgetBody body) {
        return service.setBudget(regionId, year, body, caller.actor());
    }

    @DELETE
    @Path("/{regionId}/{year}")
    @Operation(summary = "Remove a township's budget for a year (no limit then)")
    public Response deleteBudget(@PathParam("regionId") long regionId, @PathParam("year") int year) {
        service.deleteBudget(regionId, year, caller.actor());
        return Response.noContent().build();
    }
}
