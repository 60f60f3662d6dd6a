package cn.suishoupai.open311;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Count;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins issue, list and revoke the API keys of Open311 partner systems (issue 16). */
@Path("/api/v1/admin/open311-keys")
@Tag(name = "admin-open311", description = "Open311 partner API keys (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class Open311KeyResource {

    @Schema(name = "Open311KeyBody")
    public record KeyBody(
            @FreeText(max = 100, required = true, message = "field.open311.name")
            String name,

            @Schema(description = "the codes of the townships the key may file requests in")
            @Required
            @Count(min = 1, max = 100, message = "field.open311.townships")
            List<@Required @FreeText(max = 64, message = "field.open311.township") String> townships,

            @Schema(description = "requests per hour; default 600")
            @InRange(min = 1, max = 100_000, message = "field.open311.per-hour")
            Integer perHour,

            @Schema(
                    description = "whether requests may name a resident account (account_id), which may then earn "
                            + "a reward")
            Boolean linkResidents) {}

    private final Open311Keys keys;
    private final Caller caller;

    Open311KeyResource(Open311Keys keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a key for a partner system; the key is in this answer only")
    public Response issue(@Valid @NotNull KeyBody body) {
        Open311Keys.Issued issued = keys.issue(
                caller.actor(),
                body.name(),
                body.townships(),
                body.perHour() == null ? 600 : body.perHour(),
                Boolean.TRUE.equals(body.linkResidents()));
        return Response.status(201).entity(issued).build();
    }

    @GET
    @Operation(summary = "The keys of partner systems in the admin's scope (never the keys themselves)")
    public List<Open311Keys.KeyView> list() {
        return keys.list(caller.actor());
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke a key: requests with it are refused from now on")
    public Open311Keys.KeyView revoke(@PathParam("id") long id) {
        return keys.revoke(caller.actor(), id);
    }
}
