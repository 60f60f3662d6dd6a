package cn.suishoupai.routing;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/routing")
@Tag(name = "routing", description = "Automatic routing (自动派单)")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

    private final RoutingService routing;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    RoutingResource(RoutingService routing, Caller caller, ResponseCrs responseCrs) {
        this.routing = routing;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    @GET
    @Path("/preview")
    @RolesAllowed({Role.DISPATCHER_, Role.ADMIN_})
    @Operation(
            summary = "Where would a report at this point go? lat/lng in the given crs (WGS84, GCJ02 as from "
                    + "wx.getLocation, or BD09); returns the grid, units, matched rule and the candidates considered",
            description = "The answer's input is the point as sent, wgs84 the point as routed, and location the "
                    + "point in the system of crs, or of the Accept-Crs header when one is sent (it wins).")
    public RoutingDecision preview(
            @QueryParam("lat") @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @QueryParam("lng") @NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
            @QueryParam("crs")
                    @NotNull
                    @Parameter(
                            description = "The system lat/lng are in; also the system of the answer's location "
                                    + "unless the Accept-Crs header asks for another")
                    Crs crs,
            @QueryParam("category") @Size(max = 64) String category) {
        RoutingDecision d = routing.route(lat, lng, crs, category).locatedIn(responseCrs.or(crs));
        if (!caller.hasRole(Role.ADMIN_) && d.grid() != null && !inScope(d, caller.regionIds())) {
            // a dispatcher previews only their own regions
            throw ApiException.forbidden("out-of-scope");
        }
        return d;
    }

    static boolean inScope(RoutingDecision d, List<Long> regionIds) {
        return Stream.of(d.grid(), d.zone(), d.township(), d.district())
                .filter(Objects::nonNull)
                .anyMatch(r -> regionIds.contains(r.id()));
    }
}
