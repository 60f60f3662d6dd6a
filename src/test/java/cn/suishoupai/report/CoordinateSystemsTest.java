package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Geo;
import cn.suishoupai.identity.Account;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Reinspections;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "coordinates in the client's system": every coordinate says its system, a caller asks for
 * GCJ-02 or BD-09 with the Accept-Crs header or the crs query parameter on any endpoint, a resident's
 * own report answers in the system it was submitted in. Through the HTTP API, against PostgreSQL and S3.
 */
@QuarkusTest
class CoordinateSystemsTest {

    /** A pin on a map must come back within a metre of where it was put. */
    private static final double PIN_TOLERANCE_M = 1.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    TestClock clock;

    @Inject
    Tickets tickets;

    @Inject
    Reinspections reinspections;

    @Inject
    AgroalDataSource ds;

    Town town;
    String admin;
    String resident;
    String dispatcher;
    String unit;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(town.reviewed.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        Account r = fixtures.resident();
        resident = fixtures.tokenFor(r.id);
        dispatcher = Fixtures.token(town.dispatcher());
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // ------------------------------------------------------------------ helpers

    /** The same point in each system, as a client in that system would have it. */
    record Point(double[] wgs, double[] gcj, double[] bd) {
        static Point atWgs(double[] wgs) {
            double[] gcj = CoordinateConverter.wgs84ToGcj02(wgs[0], wgs[1]);
            return new Point(wgs, gcj, CoordinateConverter.gcj02ToBd09(gcj[0], gcj[1]));
        }

        double[] in(Crs crs) {
            return switch (crs) {
                case WGS84 -> wgs;
                case GCJ02 -> gcj;
                case BD09 -> bd;
            };
        }
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.asString(), e);
        }
    }

    /** lat/lng/crs of a node (or prefixLat/prefixLng/prefixCrs) are the point in the expected system. */
    private static void assertAt(JsonNode node, String prefix, Point p, Crs expected) {
        String lat = prefix.isEmpty() ? "lat" : prefix + "Lat";
        String lng = prefix.isEmpty() ? "lng" : prefix + "Lng";
        String crs = prefix.isEmpty() ? "crs" : prefix + "Crs";
        assertThat(node.path(crs).asText()).as(crs + " of " + node).isEqualTo(expected.name());
        double[] want = p.in(expected);
        double off =
                Geo.distanceMeters(node.path(lat).asDouble(), node.path(lng).asDouble(), want[0], want[1]);
        assertThat(off)
                .as("%s is %.3f m from the point in %s: %s", lat, off, expected, node)
                .isLessThan(PIN_TOLERANCE_M);
    }

    private static void assertAt(JsonNode node, Point p, Crs expected) {
        assertAt(node, "", p, expected);
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    /** A report submitted as a client in {@code crs} would; its answer (id, ticketId when dispatched). */
    private JsonNode submit(Point p, Crs crs, String category, String expectedStatus) {
        double[] at = p.in(crs);
        Map<String, String> f = Reports.fields(at, category);
        f.put("crs", crs.name());
        byte[] photo =
                Reports.photo(p.wgs()[0], p.wgs()[1], clock.instant().minus(Duration.ofHours(1)), 7 + crs.ordinal());
        Response r = Reports.submit(resident, f, List.of(Reports.jpeg("a.jpg", photo)));
        r.then().statusCode(201).body("status", equalTo(expectedStatus));
        return json(r);
    }

    private static JsonNode item(JsonNode page, String idField, long id) {
        for (JsonNode i : page.path("items")) {
            if (i.path(idField).asLong() == id) {
                return i;
            }
        }
        throw new AssertionError("no item " + id + " in " + page);
    }

    // ------------------------------------------------------------------ residents

    @Test
    void aReportSubmittedInGcj02ComesBackToItsReporterInGcj02WithThePinWhereItWasPut() {
        Point p = Point.atWgs(town.centre('A', 1, 0));
        // the systems really differ here: a WGS-84 answer on a WeChat map would be hundreds of metres off
        assertThat(Geo.distanceMeters(p.wgs()[0], p.wgs()[1], p.gcj()[0], p.gcj()[1]))
                .isGreaterThan(100);
        long id = submit(p, Crs.GCJ02, town.fire.code, "ACCEPTED").path("id").asLong();

        JsonNode mine = json(as(resident).get("/api/v1/reports/" + id));
        assertAt(mine, p, Crs.GCJ02);
        // exactly the numbers that were sent
        assertThat(mine.path("lat").asDouble()).isEqualTo(p.gcj()[0]);
        assertThat(mine.path("lng").asDouble()).isEqualTo(p.gcj()[1]);
        assertAt(item(json(as(resident).get("/api/v1/reports/mine")), "id", id), p, Crs.GCJ02);

        // asked for another system, by header or by parameter
        assertAt(json(as(resident).queryParam("crs", "WGS84").get("/api/v1/reports/" + id)), p, Crs.WGS84);
        assertAt(json(as(resident).header("Accept-Crs", "BD09").get("/api/v1/reports/" + id)), p, Crs.BD09);
        assertAt(
                item(json(as(resident).header("Accept-Crs", "WGS84").get("/api/v1/reports/mine")), "id", id),
                p,
                Crs.WGS84);
        // the header wins over the parameter
        assertAt(
                json(as(resident)
                        .header("Accept-Crs", "BD09")
                        .queryParam("crs", "WGS84")
                        .get("/api/v1/reports/" + id)),
                p,
                Crs.BD09);
        // a cache between the client and the service must key on the header
        as(resident)
                .header("Accept-Crs", "GCJ02")
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .header("Vary", containsStringIgnoringCase("Accept-Crs"));
    }

    @Test
    void aBd09ReportAnswersInBd09ToItsReporterAndInWgs84ToStaffUnlessTheyAsk() {
        Point p = Point.atWgs(town.centre('B', 0, 1));
        JsonNode submitted = submit(p, Crs.BD09, town.fire.code, "ACCEPTED");
        long id = submitted.path("id").asLong();
        long ticket = submitted.path("ticketId").asLong();
        assertAt(json(as(resident).get("/api/v1/reports/" + id)), p, Crs.BD09);
        assertAt(item(json(as(resident).get("/api/v1/reports/mine")), "id", id), p, Crs.BD09);
        assertAt(json(as(resident).queryParam("crs", "GCJ02").get("/api/v1/reports/" + id)), p, Crs.GCJ02);

        for (String staff : List.of(dispatcher, unit)) {
            JsonNode detail = json(as(staff).get("/api/v1/tickets/" + ticket));
            assertAt(detail, p, Crs.WGS84);
            assertAt(detail.path("ticket"), p, Crs.WGS84);
            for (Crs crs : Crs.values()) {
                JsonNode asked = json(as(staff).queryParam("crs", crs.name()).get("/api/v1/tickets/" + ticket));
                assertAt(asked, p, crs);
                assertAt(asked.path("ticket"), p, crs);
                assertAt(
                        item(json(as(staff).header("Accept-Crs", crs.name()).get("/api/v1/tickets")), "id", ticket),
                        p,
                        crs);
            }
            assertAt(item(json(as(staff).get("/api/v1/tickets")), "id", ticket), p, Crs.WGS84);
        }
        // the stored routing explanation keeps its points, each with its system
        JsonNode routingPoints = json(as(dispatcher).queryParam("crs", "GCJ02").get("/api/v1/tickets/" + ticket))
                .path("routing");
        assertAt(routingPoints.path("input"), p, Crs.BD09);
        assertAt(routingPoints.path("wgs84"), p, Crs.WGS84);
    }

    // ------------------------------------------------------------------ dispatchers

    @Test
    void theReviewQueueAndAStaffReportViewAnswerInTheAskedSystem() {
        Point p = Point.atWgs(town.centre('A', 0, 1));
        long id =
                submit(p, Crs.GCJ02, town.reviewed.code, "SUBMITTED").path("id").asLong();

        assertAt(item(json(as(dispatcher).get("/api/v1/dispatch/reports")), "id", id), p, Crs.WGS84);
        for (Crs crs : Crs.values()) {
            assertAt(
                    item(json(as(dispatcher).queryParam("crs", crs.name()).get("/api/v1/dispatch/reports")), "id", id),
                    p,
                    crs);
        }
        JsonNode detail = json(as(dispatcher).header("Accept-Crs", "BD09").get("/api/v1/dispatch/reports/" + id));
        assertAt(detail, p, Crs.BD09);
        assertAt(detail.path("report"), p, Crs.BD09);
        assertAt(detail, "input", p, Crs.GCJ02); // what the client sent stays as sent
        JsonNode photo = detail.path("photos").get(0);
        assertThat(photo.path("exifCrs").asText()).isEqualTo("BD09");
        // EXIF GPS is stored in rationals: a few metres of rounding, not the ~600 m of a missed conversion
        double[] bd = p.bd();
        assertThat(Geo.distanceMeters(
                        photo.path("exifLat").asDouble(), photo.path("exifLng").asDouble(), bd[0], bd[1]))
                .isLessThan(5);
        assertAt(json(as(dispatcher).get("/api/v1/dispatch/reports/" + id)), p, Crs.WGS84);

        // the decision answers in the asked system too
        JsonNode accepted = json(as(dispatcher)
                .queryParam("crs", "GCJ02")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/dispatch/reports/" + id + "/actions/accept"));
        assertThat(accepted.path("status").asText()).as(accepted.toString()).isEqualTo("ACCEPTED");
        assertAt(accepted, p, Crs.GCJ02);

        // asking for a system changes neither role nor scope
        String otherDispatcher = Fixtures.token(new Town(fixtures, admin).dispatcher());
        assertProblem(
                as(otherDispatcher)
                        .queryParam("crs", "GCJ02")
                        .get("/api/v1/dispatch/reports/" + id)
                        .then(),
                404,
                "report-not-found");
        assertProblem(
                as(unit).queryParam("crs", "GCJ02")
                        .get("/api/v1/dispatch/reports/" + id)
                        .then(),
                403,
                "forbidden");
        assertProblem(
                as(resident)
                        .header("Accept-Crs", "GCJ02")
                        .get("/api/v1/tickets")
                        .then(),
                403,
                "forbidden");
    }

    @Test
    void aTicketActionAnswersInTheAskedSystemAndABadValueChangesNothing() {
        Point p = Point.atWgs(town.centre('A', 0, 0));
        long ticket = tickets.dispatched(town, town.department.id).id;

        assertProblem(
                        as(unit).queryParam("crs", "gcj02")
                                .contentType(ContentType.JSON)
                                .body("{}")
                                .post("/api/v1/tickets/" + ticket + "/actions/sign")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("parameter", equalTo("crs"));
        assertThat(json(as(unit).get("/api/v1/tickets/" + ticket))
                        .path("ticket")
                        .path("state")
                        .asText())
                .isEqualTo("DISPATCHED");

        JsonNode signed = json(as(unit).header("Accept-Crs", "GCJ02")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/tickets/" + ticket + "/actions/sign"));
        assertThat(signed.path("ticket").path("state").asText())
                .as(signed.toString())
                .isEqualTo("IN_PROGRESS");
        assertAt(signed, p, Crs.GCJ02);
        assertAt(signed.path("ticket"), p, Crs.GCJ02);
    }

    @Test
    void reinspectionsAnswerInTheAskedSystem() throws Exception {
        Point p = Point.atWgs(town.centre('A', 0, 0));
        long ticket = tickets.dispatched(town, town.department.id).id;
        Instant now = Instant.now();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update ticket set state = 'CLOSED', closed_at = ?, due_at = null, due_owner = null where id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(31))));
            ps.setLong(2, ticket);
            ps.executeUpdate();
        }
        reinspections.sample(now, 1.0);
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        assertAt(item(json(as(gridWorker).get("/api/v1/reinspections")), "ticketId", ticket), p, Crs.WGS84);
        JsonNode item =
                item(json(as(gridWorker).queryParam("crs", "GCJ02").get("/api/v1/reinspections")), "ticketId", ticket);
        assertAt(item, p, Crs.GCJ02);
        JsonNode done = json(as(gridWorker)
                .header("Accept-Crs", "BD09")
                .contentType(ContentType.JSON)
                .body("{\"passed\":true}")
                .post("/api/v1/reinspections/" + item.path("id").asLong() + "/actions/complete"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("PASSED");
        assertAt(done, p, Crs.BD09);
    }

    // ------------------------------------------------------------------ routing preview and grids

    @Test
    void theRoutingPreviewLocatesThePointInTheAskedSystem() {
        Point p = Point.atWgs(town.centre('B', 1, 0));
        for (Crs input : Crs.values()) {
            double[] sent = p.in(input);
            // by default the answer speaks the system of the point sent
            JsonNode d = json(as(admin)
                    .queryParam("lat", sent[0])
                    .queryParam("lng", sent[1])
                    .queryParam("crs", input.name())
                    .get("/api/v1/routing/preview"));
            assertThat(d.path("grid").path("code").asText()).as(d.toString()).isEqualTo(town.gridCode('B', 1, 0));
            assertAt(d.path("input"), p, input);
            assertAt(d.path("wgs84"), p, Crs.WGS84);
            assertAt(d.path("location"), p, input);
            // Accept-Crs asks for another
            for (Crs wanted : Crs.values()) {
                JsonNode w = json(as(admin)
                        .header("Accept-Crs", wanted.name())
                        .queryParam("lat", sent[0])
                        .queryParam("lng", sent[1])
                        .queryParam("crs", input.name())
                        .get("/api/v1/routing/preview"));
                assertAt(w.path("location"), p, wanted);
                assertAt(w.path("input"), p, input);
            }
        }
    }

    @Test
    void theGridExportIsWgs84UnlessAskedAndSaysItsSystem() throws Exception {
        String path = "/api/v1/admin/grids/export";
        JsonNode wgs = json(as(admin).queryParam("township", town.township.code).get(path));
        assertThat(wgs.path("crs").asText()).isEqualTo("WGS84");
        assertThat(wgs.path("features")).hasSize(8);
        for (Crs crs : List.of(Crs.GCJ02, Crs.BD09)) {
            for (RequestSpecification r :
                    List.of(as(admin).queryParam("crs", crs.name()), as(admin).header("Accept-Crs", crs.name()))) {
                Response res = r.queryParam("township", town.township.code).get(path);
                res.then().statusCode(200).contentType("application/geo+json");
                JsonNode other = json(res);
                assertThat(other.path("crs").asText()).isEqualTo(crs.name());
                assertThat(other.path("features")).hasSize(8);
                for (int f = 0; f < 8; f++) {
                    JsonNode ringW = wgs.path("features")
                            .get(f)
                            .path("geometry")
                            .path("coordinates")
                            .get(0);
                    JsonNode ringO = other.path("features")
                            .get(f)
                            .path("geometry")
                            .path("coordinates")
                            .get(0);
                    assertThat(ringO).hasSameSizeAs(ringW);
                    for (int v = 0; v < ringW.size(); v++) {
                        double[] want = CoordinateConverter.fromWgs84(
                                crs,
                                ringW.get(v).get(1).asDouble(),
                                ringW.get(v).get(0).asDouble());
                        double off = Geo.distanceMeters(
                                ringO.get(v).get(1).asDouble(),
                                ringO.get(v).get(0).asDouble(),
                                want[0],
                                want[1]);
                        assertThat(off).isLessThan(0.01);
                    }
                    assertThat(Geo.distanceMeters(
                                    ringO.get(0).get(1).asDouble(),
                                    ringO.get(0).get(0).asDouble(),
                                    ringW.get(0).get(1).asDouble(),
                                    ringW.get(0).get(0).asDouble()))
                            .isGreaterThan(100);
                }
            }
        }
        // a GCJ-02 export read back as WGS-84 would move every grid: refused, nothing changes
        String gcj = as(admin)
                .queryParam("crs", "GCJ02")
                .queryParam("township", town.township.code)
                .get(path)
                .asString();
        assertProblem(town.importGrids(gcj).then(), 422, "grid-import-rejected")
                .body("report.errors[0].reason", equalTo("UNSUPPORTED_CRS"));
        town.importGrids(wgs.toString()).then().statusCode(200).body("unchanged", equalTo(8));
        // the export is for admins only, whatever system is asked for
        assertProblem(as(dispatcher).queryParam("crs", "GCJ02").get(path).then(), 403, "forbidden");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aValueThatIsNotASystemIsRefusedEverywhereAlike() {
        for (String bad : List.of("gcj02", "GCJ-02", "EPSG:4326", "WGS84,GCJ02", "")) {
            assertProblem(
                            as(resident)
                                    .queryParam("crs", bad)
                                    .get("/api/v1/reports/mine")
                                    .then(),
                            400,
                            "invalid-parameter")
                    .body("parameter", equalTo("crs"));
            assertProblem(
                            as(dispatcher)
                                    .header("Accept-Crs", bad)
                                    .get("/api/v1/tickets")
                                    .then(),
                            400,
                            "invalid-parameter")
                    .body("parameter", equalTo("Accept-Crs"));
            assertProblem(
                    as(admin)
                            .queryParam("crs", bad)
                            .get("/api/v1/admin/grids/export")
                            .then(),
                    400,
                    "invalid-parameter");
        }
        // two answers to one question
        assertProblem(
                        as(dispatcher)
                                .queryParam("crs", "GCJ02", "BD09")
                                .get("/api/v1/dispatch/reports")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("parameter", equalTo("crs"));
        // a control character is the text rule's 422, as for any other parameter
        assertProblem(
                as(dispatcher)
                        .queryParam("crs", "GCJ02\u0007")
                        .get("/api/v1/tickets")
                        .then(),
                422,
                "invalid-text");
        // a bad value on the routing preview is the same 400
        assertProblem(
                        as(admin)
                                .queryParam("lat", 28.36)
                                .queryParam("lng", 113.16)
                                .queryParam("crs", "WGS84")
                                .header("Accept-Crs", "MARS")
                                .get("/api/v1/routing/preview")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("parameter", equalTo("Accept-Crs"));
    }
}
