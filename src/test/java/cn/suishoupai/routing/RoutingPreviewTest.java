package cn.suishoupai.routing;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router through GET /api/v1/routing/preview, over a small town of known grids. */
@QuarkusTest
class RoutingPreviewTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    Town town;
    String admin;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
    }

    private ValidatableResponse preview(String token, double[] latLng, String crs, String category) {
        Routing.refreshNow(routing);
        var req = given().auth()
                .oauth2(token)
                .queryParam("lat", latLng[0])
                .queryParam("lng", latLng[1])
                .queryParam("crs", crs);
        if (category != null) {
            req.queryParam("category", category);
        }
        return req.get("/api/v1/routing/preview").then();
    }

    @Test
    void townshipRuleRoutesToItsUnitWithTheExplanation() {
        long rule = town.rule(town.fire.code, town.township.id, town.department.id, Set.of(town.villageA.id));
        preview(admin, town.centre('A', 1, 0), "WGS84", town.fire.code)
                .statusCode(200)
                .body("status", equalTo("ROUTED"))
                .body("grid.code", equalTo(town.gridCode('A', 1, 0)))
                .body("zone.id", equalTo(town.zoneA.id.intValue()))
                .body("township.id", equalTo(town.township.id.intValue()))
                .body("district.id", equalTo(town.district.id.intValue()))
                .body("leadUnit.id", equalTo(town.department.id.intValue()))
                .body("assistingUnits.id", contains(town.villageA.id.intValue()))
                .body("matchedRule.id", equalTo((int) rule))
                .body("matchedRule.regionLevel", equalTo("TOWNSHIP"))
                .body("candidates.code", hasItem(town.gridCode('A', 1, 0)))
                .body("reasons.size()", equalTo(0));
    }

    @Test
    void theMostSpecificRuleWinsAndTheOthersAreListed() {
        long townshipRule = town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        long zoneAny = town.rule(null, town.zoneB.id, null, Set.of());
        // zone B, any category → 属地 (village B) beats township/FIRE: region before category
        preview(admin, town.centre('B', 0, 1), "WGS84", town.fire.code)
                .statusCode(200)
                .body("status", equalTo("ROUTED"))
                .body("matchedRule.id", equalTo((int) zoneAny))
                .body("leadUnit.id", equalTo(town.villageB.id.intValue()))
                .body("rulesConsidered.id", contains((int) zoneAny, (int) townshipRule));
        // zone A has no zone rule: the township rule applies
        preview(admin, town.centre('A', 0, 1), "WGS84", town.fire.code)
                .statusCode(200)
                .body("matchedRule.id", equalTo((int) townshipRule));
    }

    @Test
    void territorialRuleGoesToTheGridsOwnVillage() {
        town.rule(null, town.township.id, null, Set.of(town.department.id));
        preview(admin, town.centre('A', 0, 0), "WGS84", null)
                .statusCode(200)
                .body("leadUnit.id", equalTo(town.villageA.id.intValue()))
                .body("assistingUnits.id", contains(town.department.id.intValue()));
        preview(admin, town.centre('B', 1, 1), "WGS84", null)
                .statusCode(200)
                .body("leadUnit.id", equalTo(town.villageB.id.intValue()))
                .body("matchedRule.target", equalTo("TERRITORIAL"));
    }

    @Test
    void outsideEveryTownshipIsOutsideCoverage() {
        double[] outside = town.outside();
        preview(admin, outside, "WGS84", town.fire.code)
                .statusCode(200)
                .body("status", equalTo("NEEDS_DISPATCHER"))
                .body("reasons", contains("OUTSIDE_COVERAGE", "OUTSIDE_GRIDS"))
                .body("grid", nullValue())
                .body("township", nullValue());
    }

    @Test
    void justOutsideTheOutermostGridsStillBelongsToTheTownship() {
        // ~50 m south of the southern edge: no grid, but within the township's coverage margin
        double[] edge = {town.minLat - 0.0005, town.minLng + 0.005};
        preview(admin, edge, "WGS84", town.fire.code)
                .statusCode(200)
                .body("status", equalTo("NEEDS_DISPATCHER"))
                .body("reasons", contains("OUTSIDE_GRIDS"))
                .body("grid", nullValue())
                .body("township.id", equalTo(town.township.id.intValue()))
                .body("district.id", equalTo(town.district.id.intValue()));
    }

    @Test
    void noRuleOrAReviewedCategoryNeedsTheDispatcher() {
        preview(admin, town.centre('A', 0, 0), "WGS84", town.fire.code)
                .statusCode(200)
                .body("status", equalTo("NEEDS_DISPATCHER"))
                .body("reasons", contains("NO_RULE"))
                .body("grid.code", equalTo(town.gridCode('A', 0, 0)));
        town.rule(town.reviewed.code, town.township.id, town.department.id, Set.of());
        preview(admin, town.centre('A', 0, 0), "WGS84", town.reviewed.code)
                .statusCode(200)
                .body("status", equalTo("NEEDS_DISPATCHER"))
                .body("reasons", contains("CATEGORY_REQUIRES_REVIEW"))
                .body("leadUnit.id", equalTo(town.department.id.intValue())); // the suggestion is still shown
        preview(admin, town.centre('A', 0, 0), "WGS84", "NO-SUCH-CATEGORY")
                .statusCode(200)
                .body("reasons", hasItem("UNKNOWN_CATEGORY"));
    }

    @Test
    void gcj02InputIsConvertedBeforeTheLookup() {
        town.rule(null, town.township.id, null, Set.of());
        double[] wgs = town.centre('B', 1, 0);
        double[] gcj = CoordinateConverter.wgs84ToGcj02(wgs[0], wgs[1]);
        double[] bd = CoordinateConverter.gcj02ToBd09(gcj[0], gcj[1]);
        preview(admin, gcj, "GCJ02", null)
                .statusCode(200)
                .body("grid.code", equalTo(town.gridCode('B', 1, 0)))
                .body("input.crs", equalTo("GCJ02"));
        preview(admin, bd, "BD09", null).statusCode(200).body("grid.code", equalTo(town.gridCode('B', 1, 0)));
    }

    @Test
    void dispatcherPreviewsOwnRegionsOnlyAndUnitsCannotPreview() {
        town.rule(null, town.township.id, null, Set.of());
        String dispatcher = Fixtures.token(town.dispatcher());
        preview(dispatcher, town.centre('A', 0, 0), "WGS84", null)
                .statusCode(200)
                .body("status", equalTo("ROUTED"));
        Town other = new Town(fixtures, admin);
        assertProblem(preview(dispatcher, other.centre('A', 0, 0), "WGS84", null), 403, "out-of-scope");
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assertProblem(preview(unit, town.centre('A', 0, 0), "WGS84", null), 403, "forbidden");
    }

    @Test
    void badCoordinatesAre400() {
        assertProblem(
                        given().auth()
                                .oauth2(admin)
                                .queryParam("lat", 91)
                                .queryParam("lng", 113)
                                .queryParam("crs", "WGS84")
                                .get("/api/v1/routing/preview")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors[0].field", equalTo("lat"));
        assertProblem(
                        given().auth()
                                .oauth2(admin)
                                .queryParam("lat", 28)
                                .queryParam("lng", 113)
                                .get("/api/v1/routing/preview")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors[0].field", equalTo("crs"));
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .queryParam("lat", 28)
                        .queryParam("lng", 113)
                        .queryParam("crs", "MARS")
                        .get("/api/v1/routing/preview")
                        .then(),
                400,
                "invalid-parameter");
    }
}
