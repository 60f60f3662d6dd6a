package cn.suishoupai.routing;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.suishoupai.audit.AuditEntry;
import cn.suishoupai.region.Region;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Regions, units, categories and rules administration, and who may do it. */
@QuarkusTest
class RoutingAdminTest {

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

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private String previewStatus(double[] p) {
        Routing.refreshNow(routing);
        return as(admin)
                .queryParam("lat", p[0])
                .queryParam("lng", p[1])
                .queryParam("crs", "WGS84")
                .get("/api/v1/routing/preview")
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    @Test
    void regionTreeCreateRenameMoveAndLevelRules() {
        String code = Fixtures.unique("zone");
        int id = as(admin)
                .body(Map.of("code", code, "name", "新片区", "level", "ZONE", "parentId", town.township.id))
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .body("level", equalTo("ZONE"))
                .body("parentId", equalTo(town.township.id.intValue()))
                .extract()
                .path("id");
        as(admin)
                .body(Map.of("name", "改名片区"))
                .patch("/api/v1/admin/regions/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("改名片区"));
        var otherTownship = fixtures.region(Region.Level.TOWNSHIP, town.district);
        as(admin)
                .body(Map.of("parentId", otherTownship.id))
                .patch("/api/v1/admin/regions/" + id)
                .then()
                .statusCode(200)
                .body("parentId", equalTo(otherTownship.id.intValue()));
        // a zone cannot hang under a zone, nor a district under anything
        assertProblem(
                        as(admin)
                                .body(Map.of("parentId", town.zoneA.id))
                                .patch("/api/v1/admin/regions/" + id)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("parentId"));
        assertProblem(
                as(admin)
                        .body(Map.of(
                                "code",
                                Fixtures.unique("g"),
                                "name",
                                "x",
                                "level",
                                "GRID",
                                "parentId",
                                town.township.id))
                        .post("/api/v1/admin/regions")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                as(admin)
                        .body(Map.of("code", code, "name", "dup", "level", "ZONE", "parentId", town.township.id))
                        .post("/api/v1/admin/regions")
                        .then(),
                409,
                "region-code-taken");
        long audits = QuarkusTransaction.requiringNew()
                .call(() -> AuditEntry.count("targetType = 'region' and targetId = ?1", String.valueOf(id)));
        assertEquals(3, audits);
    }

    @Test
    void retiredGridKeepsItsRowButNoLongerRoutes() {
        town.rule(null, town.township.id, null, Set.of());
        double[] p = town.centre('A', 0, 0);
        assertEquals("ROUTED", previewStatus(p));
        long gridId = ((Number) as(admin)
                        .queryParam("parentId", town.zoneA.id)
                        .get("/api/v1/admin/regions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("find { it.code == '" + town.gridCode('A', 0, 0) + "' }.id"))
                .longValue();
        as(admin)
                .post("/api/v1/admin/regions/" + gridId + "/actions/retire")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        assertEquals("NEEDS_DISPATCHER", previewStatus(p));
        as(admin)
                .get("/api/v1/admin/regions/" + gridId)
                .then()
                .statusCode(200)
                .body("code", equalTo(town.gridCode('A', 0, 0)));
        // a zone with active grids cannot be retired
        assertProblem(
                as(admin)
                        .post("/api/v1/admin/regions/" + town.zoneB.id + "/actions/retire")
                        .then(),
                409,
                "region-has-active-children");
    }

    @Test
    void tyingRulesAreRefusedWhenSaved() {
        long first = town.rule(town.fire.code, town.zoneA.id, town.department.id, Set.of());
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "categoryCode",
                                        town.fire.code,
                                        "regionId",
                                        town.zoneA.id,
                                        "target",
                                        "TERRITORIAL"))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        409,
                        "rule-tie")
                .body("conflictingRuleId", equalTo((int) first));
        // different category or region: no tie
        town.rule(null, town.zoneA.id, null, Set.of());
        town.rule(town.fire.code, town.zoneB.id, null, Set.of());
        // after deactivating the first, the same key is free again; reactivating the first then ties
        as(admin)
                .post("/api/v1/admin/routing-rules/" + first + "/actions/deactivate")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        town.rule(town.fire.code, town.zoneA.id, null, Set.of());
        assertProblem(
                as(admin)
                        .post("/api/v1/admin/routing-rules/" + first + "/actions/activate")
                        .then(),
                409,
                "rule-tie");
    }

    @Test
    void invalidRulesAre422AndChangeNothing() {
        long before = QuarkusTransaction.requiringNew().call(() -> RoutingRule.count());
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "regionId",
                                        town.zoneA.id,
                                        "target",
                                        "TERRITORIAL",
                                        "leadUnitId",
                                        town.department.id))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("leadUnitId"));
        assertProblem(
                        as(admin)
                                .body(Map.of("regionId", town.zoneA.id, "target", "UNIT"))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("leadUnitId"));
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "categoryCode", "NOPE", "regionId", town.zoneA.id, "target", "TERRITORIAL"))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("categoryCode"));
        assertProblem(
                        as(admin)
                                .body(Map.of("regionId", 987654321, "target", "TERRITORIAL"))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("regionId"));
        assertProblem(
                as(admin)
                        .body(Map.of(
                                "regionId",
                                town.zoneA.id,
                                "target",
                                "UNIT",
                                "leadUnitId",
                                town.department.id,
                                "assistingUnitIds",
                                Set.of(town.department.id)))
                        .post("/api/v1/admin/routing-rules")
                        .then(),
                422,
                "invalid-field");
        // the shape is checked on RuleBody with the project's constraints: the same 422, not a 400
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "regionId", town.zoneA.id, "target", "TERRITORIAL", "note", "注".repeat(201)))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("note")))
                .body("errors[0].message", equalTo("备注最多 200 字"));
        assertProblem(
                        as(admin)
                                .body(Map.of("note", "no region, no target"))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("regionId", "target")));
        assertEquals(before, (long) QuarkusTransaction.requiringNew().call(() -> RoutingRule.count()));

        // a change is checked the same way and leaves the rule as it was; 200 characters (not UTF-16 units) fit
        long id = town.rule(town.fire.code, town.zoneB.id, null, Set.of());
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "categoryCode",
                                        town.fire.code,
                                        "regionId",
                                        town.zoneB.id,
                                        "target",
                                        "TERRITORIAL",
                                        "note",
                                        "x".repeat(201)))
                                .put("/api/v1/admin/routing-rules/" + id)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("note")));
        as(admin)
                .get("/api/v1/admin/routing-rules/" + id)
                .then()
                .statusCode(200)
                .body("note", nullValue());
        as(admin)
                .body(Map.of(
                        "categoryCode",
                        town.fire.code,
                        "regionId",
                        town.zoneB.id,
                        "target",
                        "TERRITORIAL",
                        "note",
                        "𠀀".repeat(200)))
                .put("/api/v1/admin/routing-rules/" + id)
                .then()
                .statusCode(200)
                .body("note", equalTo("𠀀".repeat(200)));
    }

    @Test
    void unitsAndCategoriesAreAdministered() {
        String code = Fixtures.unique("unit");
        int id = as(admin)
                .body(Map.of(
                        "code",
                        code,
                        "name",
                        "新单位",
                        "type",
                        "ENTERPRISE",
                        "contactPhone",
                        "0731-1234567",
                        "regionIds",
                        Set.of(town.township.id)))
                .post("/api/v1/admin/units")
                .then()
                .statusCode(201)
                .body("regionIds", contains(town.township.id.intValue()))
                .extract()
                .path("id");
        as(admin)
                .body(Map.of("code", code, "name", "改名单位", "type", "DEPARTMENT", "active", false))
                .put("/api/v1/admin/units/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(false))
                .body("type", equalTo("DEPARTMENT"));
        String cat = Fixtures.unique("CAT");
        as(admin)
                .body(Map.of(
                        "code",
                        cat,
                        "nameZh",
                        "新类别",
                        "nameEn",
                        "New",
                        "defaultSeverity",
                        "MAJOR",
                        "autoDispatch",
                        false))
                .post("/api/v1/admin/categories")
                .then()
                .statusCode(201)
                .body("autoDispatch", equalTo(false));
        assertProblem(
                        as(admin)
                                .body(Map.of("code", cat, "nameZh", "x", "nameEn", "x", "defaultSeverity", "HUGE"))
                                .post("/api/v1/admin/categories")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors[0].field", equalTo("defaultSeverity"));
    }

    @Test
    void onlyAdminsAdministerRoutingData() {
        String dispatcher = Fixtures.token(town.dispatcher());
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assertProblem(
                as(dispatcher)
                        .body(Map.of("regionId", town.zoneA.id, "target", "TERRITORIAL"))
                        .post("/api/v1/admin/routing-rules")
                        .then(),
                403,
                "forbidden");
        assertProblem(as(dispatcher).get("/api/v1/admin/routing-rules").then(), 403, "forbidden");
        assertProblem(as(unit).get("/api/v1/admin/regions").then(), 403, "forbidden");
        assertProblem(
                as(dispatcher)
                        .contentType("application/geo+json")
                        .body(town.geoJson())
                        .post("/api/v1/admin/grids/import")
                        .then(),
                403,
                "forbidden");
        assertProblem(as(unit).get("/api/v1/admin/units").then(), 403, "forbidden");
        assertProblem(given().get("/api/v1/admin/categories").then(), 401, "unauthenticated");
    }
}
