package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher queue: list, accept, reject, merge, unmerge and the audited reporter identity, with scope. */
@QuarkusTest
class ReviewQueueTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    AgroalDataSource ds;

    Town town;
    Town otherTown;
    Account resident;
    String residentToken;
    String dispatcher;
    String otherDispatcher;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(null, town.township.id, null, Set.of()); // anything else: the grid's village (属地)
        Routing.refreshNow(routing);
        resident = fixtures.resident();
        residentToken = fixtures.tokenFor(resident.id);
        dispatcher = Fixtures.token(town.dispatcher());
        otherDispatcher = Fixtures.token(otherTown.dispatcher());
    }

    private long report(double[] at, String category, long seed, boolean anonymous) {
        Map<String, String> f = Reports.fields(at, category);
        if (anonymous) {
            f.put("anonymous", "true");
        }
        byte[] photo = Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed);
        return ((Number) Reports.submit(residentToken, f, List.of(Reports.jpeg("p.jpg", photo)))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    /** A report that needs review: the category is always reviewed. */
    private long queued(char zone, int row, int col, long seed) {
        return report(town.centre(zone, row, col), town.reviewed.code, seed, false);
    }

    private io.restassured.response.Response action(String token, long id, String action, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/dispatch/reports/" + id + "/actions/" + action);
    }

    private long count(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theQueueShowsMyRegionsReportsWithTheirReasons() {
        long a = queued('A', 0, 0, 1);
        long b = report(town.centre('B', 0, 0), null, 2, false);
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) a, (int) b))
                .body("items[0].reviewReasons", contains("CATEGORY_REQUIRES_REVIEW"))
                .body("items[0].township.id", equalTo(town.township.id.intValue()))
                .body("items[1].reviewReasons", contains("NO_CATEGORY"))
                .body("total", equalTo(2));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("reason", "NO_CATEGORY")
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) b));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("regionId", town.zoneA.id)
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) a));

        // another township's dispatcher sees none of it, and gets 404 on the item
        given().auth()
                .oauth2(otherDispatcher)
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        assertProblem(
                given().auth()
                        .oauth2(otherDispatcher)
                        .get("/api/v1/dispatch/reports/" + a)
                        .then(),
                404,
                "report-not-found");
        // units and residents are not dispatchers
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assertProblem(
                given().auth().oauth2(unit).get("/api/v1/dispatch/reports").then(), 403, "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(residentToken)
                        .get("/api/v1/dispatch/reports/" + a)
                        .then(),
                403,
                "forbidden");
    }

    @Test
    void theDetailShowsEvidenceButNotTheReporter() {
        long a = queued('A', 1, 0, 3);
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + a)
                .then()
                .statusCode(200)
                .body("report.id", equalTo((int) a))
                .body("photos[0].originalUrl", notNullValue())
                .body("photos[0].exifLat", notNullValue())
                .body("routing.township.id", equalTo(town.township.id.intValue()))
                .body(not(containsString(resident.displayName)))
                .body(not(containsString(resident.phone)))
                .body(not(containsString(resident.wechatOpenid)));
    }

    @Test
    void acceptCreatesAndDispatchesTheTicket() throws Exception {
        long a = queued('A', 0, 1, 4);
        var r = action(dispatcher, a, "accept", "{\"note\":\"核实后受理\"}");
        r.then().statusCode(200).body("status", equalTo("ACCEPTED")).body("ticketId", notNullValue());
        long ticket = ((Number) r.path("ticketId")).longValue();
        // defaults: the report's category and grid, the router's unit for them
        assertThat(count(
                        "select count(*) from ticket where id = ? and state = 'DISPATCHED' and category_id = ? "
                                + "and lead_unit_id = ? and grid_id is not null and zone_id = ?",
                        ticket,
                        town.reviewed.id,
                        town.villageA.id,
                        town.zoneA.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event where ticket_id = ? and type = 'DISPATCHED' and actor_id is not null",
                        ticket))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_ACCEPTED' and target_id = ?",
                        String.valueOf(a)))
                .isEqualTo(1);
        // a second decision on the same report is a conflict that shows where it stands
        assertProblem(
                        action(dispatcher, a, "reject", "{\"reason\":\"NOT_A_HAZARD\"}")
                                .then(),
                        409,
                        "report-not-in-review")
                .body("reportStatus", equalTo("ACCEPTED"));
        // the resident sees 已受理
        given().auth()
                .oauth2(residentToken)
                .get("/api/v1/reports/" + a)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("statusLabel", equalTo("已受理"));
    }

    @Test
    void twoDispatchersAcceptingAtOnceMakeOneTicket() throws Exception {
        long a = queued('A', 1, 0, 13);
        String second = Fixtures.token(town.dispatcher());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = List.of(dispatcher, second).stream()
                .map(t -> pool.submit(() -> {
                    go.await();
                    return action(t, a, "accept", "{}").statusCode();
                }))
                .toList();
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(count("select count(*) from ticket where township_id = ?", town.township.id))
                .as("no orphan ticket")
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event e join report r on r.ticket_id = e.ticket_id where r.id = ?",
                        a))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_ACCEPTED' and target_id = ?",
                        String.valueOf(a)))
                .isEqualTo(1);
    }

    @Test
    void acceptTakesTheDispatchersChoicesWithinTheirRegions() throws Exception {
        long a = queued('B', 1, 1, 5);
        String body = "{\"category\":\"" + town.fire.code + "\",\"severity\":\"MAJOR\",\"leadUnitId\":"
                + town.department.id + ",\"assistingUnitIds\":[" + town.villageB.id + "]}";
        long ticket = ((Number) action(dispatcher, a, "accept", body)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("ticketId"))
                .longValue();
        assertThat(count(
                        "select count(*) from ticket where id = ? and severity = 'MAJOR' and category_id = ? and lead_unit_id = ?",
                        ticket,
                        town.fire.id,
                        town.department.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_assist_unit where ticket_id = ? and unit_id = ?",
                        ticket,
                        town.villageB.id))
                .isEqualTo(1);

        long b = queued('B', 0, 1, 6);
        long otherGrid = count("select id from region where code = ?", otherTown.gridCode('A', 0, 0));
        assertProblem(
                        action(
                                        dispatcher,
                                        b,
                                        "accept",
                                        "{\"gridId\":" + otherGrid + ",\"leadUnitId\":" + town.department.id + "}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("gridId"));
        assertProblem(action(dispatcher, b, "accept", "{\"category\":\"NOPE\"}").then(), 422, "invalid-field")
                .body("errors[0].field", equalTo("category"));
        assertProblem(action(otherDispatcher, b, "accept", "{}").then(), 404, "report-not-found");
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assertProblem(action(unit, b, "accept", "{}").then(), 403, "forbidden");
        assertThat(count(
                        "select count(*) from report where id = ? and status = 'PENDING_REVIEW' and ticket_id is null",
                        b))
                .isEqualTo(1);
    }

    @Test
    void rejectNeedsAReasonAndTellsTheResident() throws Exception {
        long a = queued('A', 1, 1, 7);
        assertProblem(action(dispatcher, a, "reject", "{}").then(), 422, "invalid-field");
        assertProblem(action(dispatcher, a, "reject", "{\"reason\":\"OTHER\"}").then(), 422, "invalid-field")
                .body("errors[0].field", equalTo("note"));
        assertProblem(
                action(otherDispatcher, a, "reject", "{\"reason\":\"NOT_A_HAZARD\"}")
                        .then(),
                404,
                "report-not-found");
        assertThat(count("select count(*) from report where id = ? and status = 'PENDING_REVIEW'", a))
                .isEqualTo(1);

        action(dispatcher, a, "reject", "{\"reason\":\"OUT_OF_JURISDICTION\",\"note\":\"请向市政热线反映\"}")
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
        given().auth()
                .oauth2(residentToken)
                .get("/api/v1/reports/" + a)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("statusLabel", equalTo("不予受理"))
                .body("rejectReason", equalTo("不属于本辖区或本系统受理范围"))
                .body("rejectNote", equalTo("请向市政热线反映"))
                .body("timeline.type", contains("SUBMITTED", "REJECTED"));
    }

    @Test
    void aSuspectedDuplicateIsMergedIntoTheOpenTicketAndCanBeUnmerged() throws Exception {
        double[] at = town.centre('A', 0, 0);
        long first = report(at, town.fire.code, 8, false); // auto-dispatched
        long ticket = count("select ticket_id from report where id = ?", first);
        double[] near = {at[0] + 10 / 111_320.0, at[1]};
        long second = report(near, town.fire.code, 9, false);
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + second)
                .then()
                .statusCode(200)
                .body("report.reviewReasons", contains("SUSPECTED_DUPLICATE"))
                .body("report.duplicates[0].ticketId", equalTo((int) ticket))
                .body("report.duplicates[0].kind", equalTo("NEARBY"));

        // not into a ticket outside my regions
        long foreignReport = ((Number) Reports.submit(
                                residentToken,
                                Reports.fields(otherTown.centre('A', 0, 0), otherTown.reviewed.code),
                                List.of(Reports.jpeg(
                                        "f.jpg",
                                        Reports.photo(
                                                otherTown.centre('A', 0, 0)[0],
                                                otherTown.centre('A', 0, 0)[1],
                                                Instant.now(),
                                                10))))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        String otherAdminDispatcher = otherDispatcher;
        long foreignTicket = ((Number) action(
                                otherAdminDispatcher,
                                foreignReport,
                                "accept",
                                "{\"leadUnitId\":" + otherTown.department.id + "}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("ticketId"))
                .longValue();
        assertProblem(
                action(dispatcher, second, "merge", "{\"ticketId\":" + foreignTicket + "}")
                        .then(),
                404,
                "ticket-not-found");

        action(dispatcher, second, "merge", "{\"ticketId\":" + ticket + "}")
                .then()
                .statusCode(200)
                .body("status", equalTo("MERGED"))
                .body("ticketId", equalTo((int) ticket));
        given().auth()
                .oauth2(residentToken)
                .get("/api/v1/reports/" + second)
                .then()
                .statusCode(200)
                .body("status", equalTo("MERGED"))
                .body("statusLabel", equalTo("已合并"));
        assertThat(count("select count(*) from ticket_event where ticket_id = ? and type = 'REPORT_MERGED'", ticket))
                .isEqualTo(1);
        assertProblem(
                action(dispatcher, second, "merge", "{\"ticketId\":" + ticket + "}")
                        .then(),
                409,
                "report-not-in-review");

        action(dispatcher, second, "unmerge", "{\"note\":\"并非同一隐患\"}")
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING_REVIEW"));
        assertThat(count("select count(*) from report where id = ? and ticket_id is null", second))
                .isEqualTo(1);
        given().auth().oauth2(dispatcher).get("/api/v1/dispatch/reports").then().body("items.id", hasItem((int)
                second));
        assertProblem(action(dispatcher, second, "unmerge", "{}").then(), 409, "report-not-in-review");
    }

    @Test
    void theReporterIsShownOnlyOnRequestAndEveryReadIsAudited() throws Exception {
        long a = queued('B', 0, 0, 11);
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + a + "/reporter")
                .then()
                .statusCode(200)
                .body("name", equalTo(resident.displayName))
                .body("phone", equalTo(resident.phone))
                .body("wechatOpenid", equalTo(resident.wechatOpenid));
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORTER_IDENTITY_VIEWED' and target_id = ?",
                        String.valueOf(a)))
                .isEqualTo(1);

        assertProblem(
                given().auth()
                        .oauth2(otherDispatcher)
                        .get("/api/v1/dispatch/reports/" + a + "/reporter")
                        .then(),
                404,
                "report-not-found");
        Account gridWorker = fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneB.id));
        assertProblem(
                given().auth()
                        .oauth2(Fixtures.token(gridWorker))
                        .get("/api/v1/dispatch/reports/" + a + "/reporter")
                        .then(),
                403,
                "forbidden");
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assertProblem(
                given().auth()
                        .oauth2(unit)
                        .get("/api/v1/dispatch/reports/" + a + "/reporter")
                        .then(),
                403,
                "forbidden");
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORTER_IDENTITY_VIEWED' and target_id = ?",
                        String.valueOf(a)))
                .isEqualTo(1);

        long anon = report(town.centre('B', 1, 0), town.reviewed.code, 12, true);
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .get("/api/v1/dispatch/reports/" + anon + "/reporter")
                        .then(),
                404,
                "reporter-anonymous");
    }
}
