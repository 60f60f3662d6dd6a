package cn.suishoupai.region;

import cn.suishoupai.common.Messages;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The hazard categories a report may name, for whoever reports or handles reports: read-only, active
 * ones only (the admin's list with retired ones and settings is /api/v1/admin/categories).
 */
@Path("/api/v1/categories")
@Tag(name = "categories", description = "Hazard categories to choose from")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {

    @Schema(name = "CategoryOption")
    public record Option(
            @Schema(description = "what POST /api/v1/reports takes as category")
            String code,

            @Schema(description = "the name in the language of Accept-Language (Chinese unless English is preferred)")
            String name,

            String nameZh,
            String nameEn) {}

    private final OrganisationAdminService service;

    CategoryResource(OrganisationAdminService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed({
        Role.RESIDENT_,
        Role.GRID_WORKER_,
        Role.DISPATCHER_,
        Role.UNIT_,
        Role.LEADER_,
        Role.FINANCE_,
        Role.ADMIN_
    })
    @Operation(summary = "The active hazard categories (code and name), in code order: what a report may name")
    public List<Option> list(@Context HttpHeaders headers) {
        boolean english = Messages.english(headers.getAcceptableLanguages());
        return service.activeCategories().stream()
                .map(c -> new Option(c.code(), english ? c.nameEn() : c.nameZh(), c.nameZh(), c.nameEn()))
                .toList();
    }
}
