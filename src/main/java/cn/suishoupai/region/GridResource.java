package cn.suishoupai.region;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/grids")
@Tag(name = "admin-grids", description = "Grid polygons (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
public class GridResource {

    static final String GEO_JSON = "application/geo+json";

    private final GridImportService service;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    GridResource(GridImportService service, Caller caller, ResponseCrs responseCrs) {
        this.service = service;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    @POST
    @Path("/import")
    @Consumes({GEO_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Import grid polygons (GeoJSON FeatureCollection of Polygon/MultiPolygon, WGS-84; properties "
                    + "code, name, zoneCode). All or nothing: invalid features → 422 with a report; overlaps and gaps are warnings. "
                    + "A file whose top-level crs member names another system (a GCJ02 or BD09 export) is refused")
    public GridImportService.ImportReport importGrids(byte[] body) {
        return service.importGeoJson(body, caller.actor()).in(responseCrs.or(Crs.WGS84));
    }

    @GET
    @Path("/export")
    @Produces(GEO_JSON)
    @Operation(
            summary = "Export the active grids as GeoJSON (optionally of one township)",
            description = "WGS-84 as RFC 7946 requires, unless Accept-Crs or crs asks for GCJ02 or BD09 (to draw "
                    + "the grids on a Chinese map): that is a deliberate deviation from RFC 7946, made only on request. "
                    + "The top-level crs member names the system either way.")
    public Response export(@QueryParam("township") String townshipCode) {
        return Response.ok(service.export(townshipCode, responseCrs.or(Crs.WGS84)), GEO_JSON)
                .header("Content-Disposition", "attachment; filename=\"grids.geojson\"")
                .build();
    }
}
