package cn.suishoupai.routing;

import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Position;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The router's answer and its explanation: where the point is, which rules were considered and
 * which won, and who must act. The same record is stored on every ticket so a dispatcher can see
 * why it went where it went. status NEEDS_DISPATCHER carries the reasons instead of a unit.
 *
 * <p>input is the point as the client sent it, wgs84 the same point as routed; each says its system.
 * location is only in a preview's answer: the point in the system the caller asked for (ResponseCrs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingDecision(
        Status status,
        List<Reason> reasons,
        Point input,
        Point wgs84,
        Point location,
        Ref grid,
        Ref zone,
        Ref township,
        Ref district,
        String category,
        Boolean categoryAutoDispatch,
        UnitRef leadUnit,
        List<UnitRef> assistingUnits,
        RuleRef matchedRule,
        List<RuleRef> rulesConsidered,
        List<GridCandidate> candidates,
        long dataVersion) {

    @Schema(name = "RoutingStatus")
    public enum Status {
        ROUTED,
        NEEDS_DISPATCHER
    }

    /** Why a dispatcher must look; OUTSIDE_COVERAGE (in no township we serve) is not ours at all. */
    @Schema(name = "RoutingReason")
    public enum Reason {
        OUTSIDE_COVERAGE,
        OUTSIDE_GRIDS,
        UNKNOWN_CATEGORY,
        NO_RULE,
        NO_TERRITORIAL_UNIT,
        UNIT_INACTIVE,
        CATEGORY_REQUIRES_REVIEW
    }

    /** This decision with {@code location}: the point in {@code crs} (exactly the input when sent in it). */
    public RoutingDecision locatedIn(Crs crs) {
        Point at;
        if (input != null && input.crs() == crs) {
            at = input;
        } else {
            Position p = Position.wgs84(wgs84.lat(), wgs84.lng()).in(crs);
            at = new Point(p.lat(), p.lng(), p.crs());
        }
        return new RoutingDecision(
                status,
                reasons,
                input,
                wgs84,
                at,
                grid,
                zone,
                township,
                district,
                category,
                categoryAutoDispatch,
                leadUnit,
                assistingUnits,
                matchedRule,
                rulesConsidered,
                candidates,
                dataVersion);
    }

    /** crs says which coordinate system lat/lng are in. */
    @Schema(name = "RoutingPoint")
    public record Point(double lat, double lng, Crs crs) {}

    @Schema(name = "RoutingRegionRef")
    public record Ref(long id, String code, String name) {}

    @Schema(name = "RoutingUnitRef")
    public record UnitRef(long id, String code, String name, String type) {}

    /** regionLevel is where the rule applies; category null = any; specificity: higher wins. */
    @Schema(name = "RoutingRuleRef")
    public record RuleRef(
            long id, String category, String regionCode, String regionLevel, String target, int specificity) {}

    @Schema(name = "RoutingGridCandidate")
    public record GridCandidate(long gridId, String code, boolean covers) {}
}
