package cn.suishoupai.region;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class GridImportTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    Town town;
    String admin;

    @BeforeEach
    void setUp() {
        // areas are compared as doubles, not the floats RestAssured reads decimals as by default
        io.restassured.RestAssured.config = io.restassured.RestAssured.config()
                .jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
    }

    private long version() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select version from routing_data_version")
                                .getSingleResult())
                        .longValue());
    }

    private long gridCount() {
        return QuarkusTransaction.requiringNew().call(() -> Region.count("level", Region.Level.GRID));
    }

    @Test
    void reimportingTheSameFileChangesNothing() {
        long v = version();
        long grids = gridCount();
        town.importGrids(town.geoJson())
                .then()
                .statusCode(200)
                .body("features", equalTo(8))
                .body("created", equalTo(0))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(8));
        assertEquals(v, version(), "no change, no routing reload");
        assertEquals(grids, gridCount());
    }

    @Test
    void exportRoundTripsAndReimportsUnchanged() {
        String exported = given().auth()
                .oauth2(admin)
                .queryParam("township", town.township.code)
                .get("/api/v1/admin/grids/export")
                .then()
                .statusCode(200)
                .contentType("application/geo+json")
                .extract()
                .asString();
        GridGeoJson.Parsed parsed = GridGeoJson.parse(exported);
        assertEquals(8, parsed.features().size());
        assertEquals(0, parsed.errors().size());
        town.importGrids(exported).then().statusCode(200).body("unchanged", equalTo(8));
    }

    @Test
    void changedPolygonIsUpdatedAndNewOneCreated() {
        String all = town.geoJson();
        String moved = all.substring(0, all.length() - 2) + ","
                + Town.feature(
                        town.gridCode('A', 5, 5),
                        town.zoneA.code,
                        Town.square(town.minLat + 0.05, town.minLng, Town.CELL))
                + "]}";
        long v = version();
        town.importGrids(moved)
                .then()
                .statusCode(200)
                .body("created", equalTo(1))
                .body("unchanged", equalTo(8));
        assertEquals(v + 1, version());
        Region created = QuarkusTransaction.requiringNew()
                .call(() ->
                        Region.<Region>find("code", town.gridCode('A', 5, 5)).firstResult());
        assertNotNull(created.geometry);
        // ~1.11 km × 0.98 km at 30°N... the exact value is checked in AreasTest; here: plausible and stored
        assertEquals(true, created.areaM2 > 900_000 && created.areaM2 < 1_300_000, "area " + created.areaM2);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("self-intersection", "[[[0,0],[0.01,0.01],[0.01,0],[0,0.01],[0,0]]]", "SELF_INTERSECTION"),
                Arguments.of("unclosed ring", "[[[0,0],[0.01,0],[0.01,0.01],[0,0.01]]]", "RING_NOT_CLOSED"),
                Arguments.of("too few points", "[[[0,0],[0.01,0],[0,0]]]", "TOO_FEW_POINTS"),
                Arguments.of("out of range", "[[[0,0],[0.01,0],[0.01,95],[0,0]]]", "COORDINATE_OUT_OF_RANGE"));
    }

    /** Coordinates are offsets added to the town's corner, so the polygons stay in its square. */
    private String shift(String coords) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\[([-0-9.]+),([-0-9.]+)\\]").matcher(coords);
        int last = 0;
        while (m.find()) {
            out.append(coords, last, m.start());
            double lat = Double.parseDouble(m.group(2));
            out.append(String.format(
                    Locale.ROOT,
                    "[%.6f,%.6f]",
                    town.minLng + 0.06 + Double.parseDouble(m.group(1)),
                    lat > 90 ? lat : town.minLat + 0.06 + lat));
            last = m.end();
        }
        return out.append(coords.substring(last)).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void invalidGeometryRejectsTheWholeFileWithItsReason(String name, String coords, String reason) {
        String code = Fixtures.unique("bad");
        // one valid new grid first, then the bad one: neither may be stored
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + Town.feature(
                        Fixtures.unique("ok"),
                        town.zoneB.code,
                        Town.square(town.minLat + 0.08, town.minLng + 0.08, 0.005))
                + ","
                + Town.feature(code, town.zoneB.code, shift(coords)) + "]}";
        long grids = gridCount();
        long v = version();
        assertProblem(town.importGrids(json).then(), 422, "grid-import-rejected")
                .body("report.errors.size()", equalTo(1))
                .body("report.errors[0].index", equalTo(1))
                .body("report.errors[0].code", equalTo(code))
                .body("report.errors[0].reason", equalTo(reason))
                .body("report.errors[0].detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString()));
        assertEquals(grids, gridCount());
        assertEquals(v, version());
    }

    @Test
    void unknownZoneAndMissingPropertiesAreReported() {
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + Town.feature(
                        Fixtures.unique("g"), "NO-SUCH-ZONE", Town.square(town.minLat + 0.08, town.minLng, 0.005))
                + ","
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + Town.square(town.minLat + 0.08, town.minLng + 0.01, 0.005) + "}}]}";
        assertProblem(town.importGrids(json).then(), 422, "grid-import-rejected")
                // the second feature lacks both code and zoneCode: two errors for it
                .body(
                        "report.errors.reason",
                        org.hamcrest.Matchers.contains("UNKNOWN_ZONE", "MISSING_PROPERTY", "MISSING_PROPERTY"))
                .body("detail", containsString("3"));
        assertProblem(town.importGrids("{\"type\":\"Feature\"}").then(), 422, "grid-import-rejected");
        assertProblem(town.importGrids("not json").then(), 422, "grid-import-rejected");
    }

    @Test
    void overlapsAndGapsAreWarningsWithAreas() {
        // a new grid straddling A-R0C0 and A-R0C1 overlaps half of each
        String half = Town.feature(
                Fixtures.unique("over"),
                town.zoneA.code,
                Town.square(town.minLat, town.minLng + Town.CELL / 2, Town.CELL));
        town.importGrids("{\"type\":\"FeatureCollection\",\"features\":[" + half + "]}")
                .then()
                .statusCode(200)
                .body("created", equalTo(1))
                .body("overlaps.size()", equalTo(2))
                .body("overlaps[0].areaM2", closeTo(halfCell(town.minLat), halfCell(town.minLat) * 0.02))
                .body("overlaps[1].areaM2", closeTo(halfCell(town.minLat), halfCell(town.minLat) * 0.02));

        // a 3 × 3 ring of cells with the middle one missing, in another township: one gap (north of that town's own
        // grids, in its Town.PART)

        Town ring = new Town(fixtures, admin);
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        int n = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                if (r == 1 && c == 1) {
                    continue; // the hole
                }
                sb.append(n++ == 0 ? "" : ",")
                        .append(Town.feature(
                                Fixtures.unique("ring"),
                                ring.zoneA.code,
                                Town.square(ring.minLat + 0.03 + r * 0.005, ring.minLng + c * 0.005, 0.005)));
            }
        }
        double hole = 0.005 * 0.005 * 111_320 * 111_320 * Math.cos(Math.toRadians(ring.minLat + 0.0375));
        ring.importGrids(sb.append("]}").toString())
                .then()
                .statusCode(200)
                .body("gaps.size()", equalTo(1))
                .body("gaps[0].townshipCode", equalTo(ring.township.code))
                .body("gaps[0].areaM2", closeTo(hole, hole * 0.02));
    }

    /** Half a CELL × CELL square at this latitude, spherical estimate (Areas is checked exactly in its own test). */
    private static double halfCell(double lat) {
        return Town.CELL * Town.CELL / 2 * 111_320 * 111_320 * Math.cos(Math.toRadians(lat + Town.CELL / 2));
    }
}
