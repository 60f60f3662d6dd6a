package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Unit;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.locationtech.jts.geom.Envelope;

/**
 * A small town for routing tests, somewhere nobody else's grids are: each Town gets its own
 * 0.1° square of the map, so tests never route into each other's grids.
 *
 * <p>A township's coverage is the convex hull of all its grids plus ~100 m (routing.RoutingSnapshotLoader), so a
 * grid far from the others stretches it over everything in between. Hence the rule that keeps {@link #outside()}
 * outside every township of the run: a Town's grids stay in the south-west {@link #PART}° × {@link #PART}° of its
 * square ({@link #importGrids} fails a test whose accepted import leaves it), and a test that moves a zone
 * between townships takes them from {@link #sideBySide} (adjacent squares of one row: their joint hull stays
 * in the southern {@link #PART}° of the row, whereas two squares on either side of a row's end would stretch it
 * diagonally across the whole map).
 *
 * Layout: township → zones A (west) and B (east); each zone is 2 × 2 grids of {@link #CELL}°
 * squares. Zone A's grids are A-R0C0, A-R0C1, A-R1C0, A-R1C1 (row 0 south); zone B's are B-….
 * Each zone has a village/community unit; there is one department; one category FIRE-… (auto)
 * and one HAZ-… (always reviewed). No rules: tests add what they need.
 */
public final class Town {

    public static final double CELL = 0.01;
    /** The side of the south-west part of its square where a Town's grids stay. */
    public static final double PART = 0.06;
    /** Squares per row of the map. */
    private static final int COLUMNS = 80;

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
        this(fixtures, adminToken, slots(1));
    }

    /**
     * {@code n} towns in adjacent squares of one row, west to east: for a test that moves a zone from one to
     * another, so that the township's coverage, the hull of both, stays near them.
     */
    public static List<Town> sideBySide(Fixtures fixtures, String adminToken, int n) {
        int first = slots(n);
        List<Town> towns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            towns.add(new Town(fixtures, adminToken, first + i));
        }
        return towns;
    }

    /** The first of {@code n} fresh slots in one row. */
    private static int slots(int n) {
        for (; ; ) {
            int last = SLOT.get();
            int first = last + 1;
            if (first % COLUMNS + n > COLUMNS) {
                first += COLUMNS - first % COLUMNS; // the next row's first
            }
            if (SLOT.compareAndSet(last, first + n - 1)) {
                return first;
            }
        }
    }

    private Town(Fixtures fixtures, String adminToken, int slot) {
        this.fixtures = fixtures;
        this.adminToken = adminToken;
        // 0.1° squares across eastern China, well inside GCJ-02's offset zone
        this.minLat = 25.0 + (slot / COLUMNS) * 0.1;
        this.minLng = 105.0 + (slot % COLUMNS) * 0.1;
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

    /**
     * A point near this town that no township of the run covers: in the north-east of its own square, 0.02°
     * (~2 km) beyond the part where any township's grids may be ({@link #PART}).
     */
    public double[] outside() {
        return new double[] {minLat + PART + 0.02, minLng + PART + 0.02};
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

    /**
     * Imports grids as the admin. When the import is accepted, every grid must lie in this town's {@link #PART}
     * (see the class comment): a fixture that puts one elsewhere fails here, not in some other test whose
     * {@link #outside()} its township's coverage would reach.
     */
    public io.restassured.response.Response importGrids(String json) {
        io.restassured.response.Response response = given().auth()
                .oauth2(adminToken)
                .contentType("application/geo+json")
                .body(json)
                .post("/api/v1/admin/grids/import");
        if (response.statusCode() == 200) {
            Envelope part = new Envelope(minLng, minLng + PART, minLat, minLat + PART);
            part.expandBy(1e-6); // the coordinates are written with 6 decimals
            for (GridGeoJson.GridFeature f : GridGeoJson.parse(json).features()) {
                if (!part.covers(f.geometry().getEnvelopeInternal())) {
                    throw new AssertionError(
                            "grid " + f.code() + " (" + f.geometry().getEnvelopeInternal()
                                    + ") is outside its town's part " + part
                                    + ": its township's coverage would reach other towns' outside() points");
                }
            }
        }
        return response;
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
