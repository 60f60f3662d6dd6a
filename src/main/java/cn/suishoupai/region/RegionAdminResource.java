package cn.suishoupai.region;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Codes;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

@Path("/api/v1/admin/regions")
@Tag(name = "admin-regions", description = "Region tree: district → township → zone → grid (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegionAdminResource {

    static final String CODE = Codes.CODE;

    public record CreateRegion(
            @NotBlank @Pattern(regexp = CODE, message = "{code.format}")
            String code,

            @NotBlank @Size(max = 128) String name,
            @NotNull Region.Level level,
            Long parentId) {}

    public record UpdateRegion(@Size(min = 1, max = 128) String name, Long parentId) {}

    private final RegionAdminService service;
    private final Caller caller;
    private final Idempotency idempotency;

    RegionAdminResource(RegionAdminService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List regions (filter by level and parent)")
    public List<RegionAdminService.RegionView> list(
            @QueryParam("level") Region.Level level,
            @QueryParam("parentId") Long parentId,
            @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired) {
        return service.list(level, parentId, includeRetired);
    }

    @GET
    @Path("/{id}")
    public RegionAdminService.RegionView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Operation(summary = "Create a region under a parent of the level above")
    public Response create(@Valid @NotNull CreateRegion body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "region.create",
                body,
                "/api/v1/admin/regions",
                () -> service.create(body.code(), body.name(), body.level(), body.parentId(), caller.actor()),
                RegionAdminService.RegionView::id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename a region or move it under another parent of the same level")
    public RegionAdminService.RegionView update(@PathParam("id") long id, @Valid @NotNull UpdateRegion body) {
        return service.update(id, body.name(), body.parentId(), caller.actor());
    }

    @POST
    @Path("/{id}/actions/retire")
    @Operation(summary = "Retire a region: it keeps its history but no longer routes")
    public RegionAdminService.RegionView retire(@PathParam("id") long id) {
        return service.retire(id, caller.actor());
    }
}
