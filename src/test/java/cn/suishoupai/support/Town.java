package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Unit;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small town for routing tests, somewhere nobody else's grids are: each Town gets its own
 * 0.1° square of the map, so tests never route into each other's grids.
 *
 * Layout: township → zones A (west) and B (east); each zone is 2 × 2 grids of {@link #CELL}°
 * squares. Zone A's grids are A-R0C0, A-R0C1, A-R1C0, A-R1C1 (row 0 south); zone B's are B-….
 * Each zone has a village/community unit; there is one department; one category FIRE-… (auto)
 * and one HAZ-… (always reviewed). No rules: tests add what they need.
 */
public final class Town {

    public static final double CELL = 0.01;
    private static final AtomicInteger SLOT = new AtomicInteger();

    public final Fixtures fixtures;
    public final String adminToken;
    public final double minLat;
    public final double minLng;
    public final Region district;
    public final Region township;
    public final Region zoneA;
    public final Region zoneB;
    public final Unit villageA;
    public final Unit villageB;
    public final Unit department;
    public final HazardCategory fire;
    public final HazardCategory reviewed;

    public Town(Fixtures fixtures, String adminToken) {
        this.fixtures = fixtures;
        this.adminToken = adminToken;
        int slot = SLOT.incrementAndGet();
        // 0.1° squares across eastern China, well inside GCJ-02's offset zone
        this.minLat = 25.0 + (slot / 80) * 0.1;
        this.minLng = 105.0 + (slot % 80) * 0.1;
        district = fixtures.region(Region.Level.DISTRICT, null);
        township = fixtures.region(Region.Level.TOWNSHIP, district);
        zoneA = fixtures.region(Region.Level.ZONE, township);
        zoneB = fixtures.region(Region.Level.ZONE, township);
        villageA = fixtures.unit(zoneA.id, Unit.Type.VILLAGE_COMMUNITY);
        villageB = fixtures.unit(zoneB.id, Unit.Type.VILLAGE_COMMUNITY);
        department = fixtures.unit(township.id, Unit.Type.DEPARTMENT);
        fire = fixtures.category("FIRE", true);
        reviewed = fixtures.category("HAZ", false);
        importGrids(geoJson()).then().statusCode(200);
        routeByTheNewData();
    }

    /**
     * The router picks committed changes up within a second (its scheduler); a test that submits right
     * after changing grids or rules must not race it, above all late in the suite when the snapshot is big.
     */
    public static void routeByTheNewData() {
        Routing.refreshNow(Arc.container().instance(RoutingService.class).get());
    }

    public String gridCode(char zone, int row, int col) {
        return (zone == 'A' ? zoneA.code : zoneB.code) + "-R" + row + "C" + col;
    }

    /** Centre of a grid cell: zone A covers columns 0–1, zone B columns 2–3. */
    public double[] centre(char zone, int row, int col) {
        int c = (zone == 'A' ? 0 : 2) + col;
        return new double[] {minLat + (row + 0.5) * CELL, minLng + (c + 0.5) * CELL};
    }

    public String geoJson() {
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (char zone : new char[] {'A', 'B'}) {
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) {
                    int c = (zone == 'A' ? 0 : 2) + col;
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(feature(
                            gridCode(zone, row, col),
                            zone == 'A' ? zoneA.code : zoneB.code,
                            square(minLat + row * CELL, minLng + c * CELL, CELL)));
                }
            }
        }
        return sb.append("]}").toString();
    }

    public static String feature(String code, String zoneCode, String polygonCoordinates) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"name\":\"网格 " + code
                + "\",\"zoneCode\":\"" + zoneCode + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + polygonCoordinates + "}}";
    }

    /** A closed, counter-clockwise square ring as GeoJSON coordinates [[[lng,lat],…]]. */
    public static String square(double lat, double lng, double size) {
        return String.format(
                Locale.ROOT,
                "[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]",
                lng,
                lat,
                lng + size,
                lat,
                lng + size,
                lat + size,
                lng,
                lat + size,
                lng,
                lat);
    }

    public io.restassured.response.Response importGrids(String json) {
        return given().auth()
                .oauth2(adminToken)
                .contentType("application/geo+json")
                .body(json)
                .post("/api/v1/admin/grids/import");
    }

    /** Creates a routing rule through the API; category null = any. Returns its id. */
    public long rule(String categoryCode, long regionId, Long leadUnitId, Set<Long> assisting) {
        StringBuilder body = new StringBuilder(
                "{\"regionId\":" + regionId + ",\"target\":\"" + (leadUnitId == null ? "TERRITORIAL" : "UNIT") + "\"");
        if (categoryCode != null) {
            body.append(",\"categoryCode\":\"").append(categoryCode).append('"');
        }
        if (leadUnitId != null) {
            body.append(",\"leadUnitId\":").append(leadUnitId);
        }
        body.append(",\"assistingUnitIds\":")
                .append(assisting.toString().replace(" ", ""))
                .append('}');
        long id = ((Number) given().auth()
                        .oauth2(adminToken)
                        .contentType(ContentType.JSON)
                        .body(body.toString())
                        .post("/api/v1/admin/routing-rules")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        routeByTheNewData();
        return id;
    }

    public Account dispatcher() {
        return fixtures.staff(Set.of("dispatcher"), null, Set.of(township.id));
    }
}
