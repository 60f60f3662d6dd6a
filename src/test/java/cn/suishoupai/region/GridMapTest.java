package cn.suishoupai.region;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /api/v1/regions/grids: the grids of the caller's regions, for the console's maps; /units and
 * /categories: what the dispatcher picks from when accepting.
 */
@QuarkusTest
class GridMapTest {

    @jakarta.inject.Inject
    Fixtures fixtures;

    Town town;
    String dispatcher;

    @BeforeEach
    void setUp() {
        town = new Town(fixtures, Fixtures.token(fixtures.admin()));
        dispatcher = Fixtures.token(town.dispatcher());
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private String box(double minLat, double minLng, double maxLat, double maxLng) {
        return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", minLng, minLat, maxLng, maxLat);
    }

    @Test
    void aDispatcherGetsTheGridsOfTheirTownshipAsGeoJson() {
        as(dispatcher)
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .contentType("application/geo+json")
                .body("type", equalTo("FeatureCollection"))
                .body("crs", equalTo("WGS84"))
                .body("features", hasSize(8))
                .body(
                        "features.properties.code",
                        containsInAnyOrder(List.of(
                                        town.gridCode('A', 0, 0),
                                        town.gridCode('A', 0, 1),
                                        town.gridCode('A', 1, 0),
                                        town.gridCode('A', 1, 1),
                                        town.gridCode('B', 0, 0),
                                        town.gridCode('B', 0, 1),
                                        town.gridCode('B', 1, 0),
                                        town.gridCode('B', 1, 1))
                                .toArray()))
                .body(
                        "features.find { it.properties.code == '" + town.gridCode('B', 0, 0)
                                + "' }.properties.zoneCode",
                        equalTo(town.zoneB.code));
    }

    @Test
    void aBoxKeepsTheGridsItMeets() {
        // the inner half of zone A's first column: only the two grids of column 0
        double[] a00 = town.centre('A', 0, 0);
        double[] a10 = town.centre('A', 1, 0);
        as(dispatcher)
                .queryParam("bbox", box(a00[0] - 0.002, a00[1] - 0.002, a10[0] + 0.002, a10[1] + 0.002))
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .body(
                        "features.properties.code",
                        containsInAnyOrder(town.gridCode('A', 0, 0), town.gridCode('A', 1, 0)));
    }

    @Test
    void gcj02IsAskedForAndTheBoxIsReadInIt() {
        double[] c = town.centre('A', 0, 0);
        double[] g = CoordinateConverter.wgs84ToGcj02(c[0], c[1]);
        JsonPath body = as(dispatcher)
                .header("Accept-Crs", "GCJ02")
                .queryParam("bbox", box(g[0] - 0.001, g[1] - 0.001, g[0] + 0.001, g[1] + 0.001))
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .body("crs", equalTo("GCJ02"))
                .body("features.properties.code", containsInAnyOrder(town.gridCode('A', 0, 0)))
                .extract()
                .jsonPath();
        // the south-west corner as GCJ-02: shifted by the same few hundred metres as the centre
        List<List<List<Float>>> rings = body.getList("features[0].geometry.coordinates");
        double[] sw = CoordinateConverter.wgs84ToGcj02(town.minLat, town.minLng);
        boolean found = rings.get(0).stream()
                .anyMatch(p -> Math.abs(p.get(0) - sw[1]) < 1e-5 && Math.abs(p.get(1) - sw[0]) < 1e-5);
        assertTrue(found, "the corner " + sw[0] + "," + sw[1] + " in " + rings);
    }

    @Test
    void anotherTownshipsGridsAreNotReturned() {
        Town other = new Town(fixtures, town.adminToken);
        String otherDispatcher = Fixtures.token(other.dispatcher());
        JsonPath body = as(otherDispatcher)
                .queryParam("bbox", box(town.minLat, town.minLng, town.minLat + 0.02, town.minLng + 0.04))
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(), body.getList("features"));
    }

    @Test
    void aGridWorkerSeesTheirOwnGrid() {
        Region grid = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() ->
                        Region.<Region>find("code", town.gridCode('B', 1, 1)).firstResult());
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(grid.id)));
        as(worker)
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .body("features.properties.code", containsInAnyOrder(town.gridCode('B', 1, 1)));
    }

    @Test
    void leadersAndAdminsMayReadUnitsResidentsAndStrangersMayNot() {
        String leader = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of(town.township.id)));
        as(leader).get("/api/v1/regions/grids").then().statusCode(200).body("features", hasSize(8));
        as(town.adminToken)
                .queryParam("bbox", box(town.minLat, town.minLng, town.minLat + 0.02, town.minLng + 0.04))
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200)
                .body("features", hasSize(8));
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.villageA.id, Set.of(town.zoneA.id)));
        assertProblem(as(unit).get("/api/v1/regions/grids").then(), 403, "forbidden");
        String resident = fixtures.tokenFor(fixtures.resident().id);
        assertProblem(as(resident).get("/api/v1/regions/grids").then(), 403, "forbidden");
        assertProblem(given().get("/api/v1/regions/grids").then(), 401, "unauthenticated");
    }

    @ParameterizedTest(name = "bbox={0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1,2,3|400|invalid-parameter",
                "a,b,c,d|400|invalid-parameter",
                "1e2,1,2,3|400|invalid-parameter",
                "106,26,105,27|422|invalid-field",
                "100,91,101,92|422|invalid-field",
                "100,20,110,21|422|invalid-field",
            })
    void badBoxesAreProblems(String bbox, int status, String code) {
        var r = as(dispatcher)
                .queryParam("bbox", bbox)
                .get("/api/v1/regions/grids")
                .then();
        assertProblem(r, status, code);
        if (status == 422) {
            r.body("errors[0].field", equalTo("bbox"));
        }
    }

    @Test
    void moreGridsThanTheLimitIsAProblemAndTheLimitIsBounded() {
        assertProblem(
                        as(dispatcher)
                                .queryParam("limit", 7)
                                .get("/api/v1/regions/grids")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("bbox"));
        as(dispatcher)
                .queryParam("limit", 8)
                .get("/api/v1/regions/grids")
                .then()
                .statusCode(200);
        assertProblem(
                as(dispatcher)
                        .queryParam("limit", 0)
                        .get("/api/v1/regions/grids")
                        .then(),
                400,
                "invalid-parameter");
        assertProblem(
                as(dispatcher)
                        .queryParam("limit", 20_001)
                        .get("/api/v1/regions/grids")
                        .then(),
                400,
                "invalid-parameter");
    }

    @Test
    void theUnitsServingMyRegionsAndTheActiveCategories() {
        Town other = new Town(fixtures, town.adminToken);
        List<Integer> ids = as(dispatcher)
                .get("/api/v1/regions/units")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", Integer.class);
        assertTrue(ids.contains(town.villageA.id.intValue()), "village A " + ids);
        assertTrue(ids.contains(town.villageB.id.intValue()));
        assertTrue(ids.contains(town.department.id.intValue()));
        assertTrue(!ids.contains(other.villageA.id.intValue()), "another township's unit " + ids);
        // the accept form's categories are everyone's read (CategoryResourceTest has its roles)
        as(dispatcher)
                .get("/api/v1/categories")
                .then()
                .statusCode(200)
                .body("find { it.code == '" + town.fire.code + "' }.nameZh", equalTo(town.fire.nameZh));
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.villageA.id, Set.of(town.zoneA.id)));
        assertProblem(as(unit).get("/api/v1/regions/units").then(), 403, "forbidden");
    }
}
