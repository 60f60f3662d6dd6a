package cn.suishoupai.region;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What staff pick from and draw, within their regions: grid polygons for maps, the units that serve
 * their regions and the hazard categories (the dispatcher's accept form).
 */
@Path("/api/v1/regions")
@Tag(name = "regions", description = "The region tree as staff see it (maps)")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISPATCHER_, Role.LEADER_, Role.ADMIN_, Role.GRID_WORKER_})
public class RegionReadResource {

    private final GridMap map;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    RegionReadResource(GridMap map, Caller caller, ResponseCrs responseCrs) {
        this.map = map;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    @GET
    @Path("/grids")
    @Produces(GridResource.GEO_JSON)
    @Operation(
            summary = "The active grids in my regions as GeoJSON (properties code, name, zoneCode), for a map",
            description = "bbox=minLng,minLat,maxLng,maxLat (in the system asked for with Accept-Crs or crs, "
                    + "WGS-84 by default; at most 5° each way) keeps the grids whose bounds meet it; without it, "
                    + "every grid in my regions. More than limit grids (default and most 20000): 422 naming bbox. "
                    + "The top-level crs member names the coordinates' system (GCJ02 or BD09 only when asked).")
    public String grids(
            @QueryParam("bbox") String bbox,
            @QueryParam("limit") @DefaultValue("20000") @Min(1) @Max(GridMap.MAX_GRIDS) int limit) {
        Crs crs = responseCrs.or(Crs.WGS84);
        return map.grids(caller.actor(), GridMap.parseBbox(bbox, crs), limit, crs);
    }

    @GET
    @Path("/units")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The active units serving my regions (a region of theirs at, below or above one of mine), "
                    + "by code: whom a ticket can be given to")
    public List<GridMap.UnitChoice> units() {
        return map.units(caller.actor());
    }
}
