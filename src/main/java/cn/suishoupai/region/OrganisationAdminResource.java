package cn.suishoupai.region;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Tag(name = "admin-organisation", description = "Units and hazard categories (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OrganisationAdminResource {

    public record UnitBody(
            @NotBlank @Pattern(regexp = RegionAdminResource.CODE, message = "{code.format}")
            String code,

            @NotBlank @Size(max = 128) String name,
            @NotNull Unit.Type type,

            @Pattern(regexp = "^[0-9+\\-]{5,20}$", message = "{phone.contact}")
            String contactPhone,

            Set<@NotNull Long> regionIds,
            Boolean active) {}

    public record CategoryBody(
            @NotBlank @Pattern(regexp = RegionAdminResource.CODE, message = "{code.format}")
            String code,

            @NotBlank @Size(max = 64) String nameZh,
            @NotBlank @Size(max = 64) String nameEn,

            @NotNull @Pattern(regexp = "GENERAL|MAJOR", message = "{severity.format}")
            String defaultSeverity,

            Boolean autoDispatch,
            Boolean active) {}

    private final OrganisationAdminService service;
    private final Caller caller;
    private final Idempotency idempotency;

    OrganisationAdminResource(OrganisationAdminService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Path("/units")
    public List<OrganisationAdminService.UnitView> units() {
        return service.units(caller.actor());
    }

    @GET
    @Path("/units/{id}")
    public OrganisationAdminService.UnitView unit(@PathParam("id") long id) {
        return service.unit(id, caller.actor());
    }

    @POST
    @Path("/units")
    @Operation(summary = "Create a unit (责任单位) and the regions it serves")
    public Response createUnit(@Valid @NotNull UnitBody body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "unit.create",
                body,
                "/api/v1/admin/units",
                () -> service.createUnit(data(body), caller.actor()),
                OrganisationAdminService.UnitView::id);
    }

    @PUT
    @Path("/units/{id}")
    @Operation(summary = "Update a unit; the code cannot change")
    public OrganisationAdminService.UnitView updateUnit(@PathParam("id") long id, @Valid @NotNull UnitBody body) {
        return service.updateUnit(id, data(body), caller.actor());
    }

    @GET
    @Path("/categories")
    public List<OrganisationAdminService.CategoryView> categories() {
        return service.categories();
    }

    @POST
    @Path("/categories")
    @Operation(summary = "Create a hazard category")
    public Response createCategory(
            @Valid @NotNull CategoryBody body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "category.create",
                body,
                "/api/v1/admin/categories",
                () -> service.createCategory(data(body), caller.actor()),
                OrganisationAdminService.CategoryView::id);
    }

    @PUT
    @Path("/categories/{id}")
    @Operation(summary = "Update a hazard category; the code cannot change")
    public OrganisationAdminService.CategoryView updateCategory(
            @PathParam("id") long id, @Valid @NotNull CategoryBody body) {
        return service.updateCategory(id, data(body), caller.actor());
    }

    private static OrganisationAdminService.UnitData data(UnitBody b) {
        return new OrganisationAdminService.UnitData(
                b.code(), b.name(), b.type(), b.contactPhone(), b.regionIds(), b.active());
    }

    private static OrganisationAdminService.CategoryData data(CategoryBody b) {
        return new OrganisationAdminService.CategoryData(
                b.code(), b.nameZh(), b.nameEn(), b.defaultSeverity(), b.autoDispatch(), b.active());
    }
}
