package cn.suishoupai.ticket;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines are charged to their owner: sign and rectify to the lead unit, verify and re-check to the
 * grid workers and dispatchers of the region, re-dispatching a returned ticket, deciding an extension
 * and reviewing a queued report to the dispatcher. Overdue lists, on-time rates and the chase follow.
 */
@QuarkusTest
class DeadlineAttributionTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    ChaseJob job;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource ds;

    @Inject
    RoutingService routing;

    Town town;
    String unit;
    String dispatcher;
    String gridWorker;
    String leader;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        dispatcher = Fixtures.token(town.dispatcher());
        gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        leader = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of(town.township.id)));
        job.run();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Response act(String token, long id, String action, String json) {
        RequestSpecification r = given().auth().oauth2(token);
        if (json != null) {
            r = r.contentType(ContentType.JSON).body(json);
        }
        return r.post("/api/v1/tickets/" + id + "/actions/" + action);
    }

    private static Response withPhotos(String token, long id, String action, Map<String, String> fields, int photos) {
        RequestSpecification r = given().auth().oauth2(token).contentType("multipart/form-data");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            r = r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(f.getValue())
                    .controlName(f.getKey())
                    .mimeType("text/plain")
                    .charset("UTF-8")
                    .build());
        }
        for (int i = 0; i < photos; i++) {
            r = r.multiPart(
                    "photos", "after" + i + ".jpg", Reports.photo(30, 120, Instant.now(), 700 + i), "image/jpeg");
        }
        return r.post("/api/v1/tickets/" + id + "/actions/" + action);
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

    private void moveTo(Instant t) {
        clock.advance(Duration.between(clock.instant(), t).plusSeconds(1));
    }

    private Instant dueAt(long ticketId) {
        return OffsetDateTime.parse(given().auth()
                        .oauth2(dispatcher)
                        .get("/api/v1/tickets/" + ticketId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("deadlines.dueAt"))
                .toInstant();
    }

    private List<Integer> overdue(String token, String owner) {
        RequestSpecification r =
                given().auth().oauth2(token).queryParam("overdue", "true").queryParam("size", 100);
        if (owner != null) {
            r = r.queryParam("owner", owner);
        }
        return r.get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    private long notices(long ticketId, String type, String recipientType) throws Exception {
        return count(
                "select count(*) from outbox_event where ticket_id = ? and type = ? and recipient_type = ?",
                ticketId,
                type,
                recipientType);
    }

    @Test
    void aLateRecheckIsNeverTheUnitsLateness() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        act(unit, t.id, "sign", null).then().statusCode(200);
        withPhotos(unit, t.id, "submit-rectification", Map.of("note", "已清理"), 1)
                .then()
                .statusCode(200);
        moveTo(dueAt(t.id));
        job.run();

        // the unit did everything in time: its overdue list and its rate do not hold the late re-check
        assertThat(overdue(unit, null)).doesNotContain(t.id.intValue());
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1);
        given().auth()
                .oauth2(leader)
                .queryParam("from", from.toString())
                .queryParam("to", from.plusDays(400).toString())
                .get("/api/v1/tickets/on-time-rates")
                .then()
                .statusCode(200)
                .body("find { it.unitId == " + town.department.id + " }.overdueNow", equalTo(0));
        // it is the grid workers' and dispatchers' lateness, and theirs to hear of
        assertThat(overdue(dispatcher, "VERIFIER")).contains(t.id.intValue());
        assertThat(overdue(gridWorker, "VERIFIER")).contains(t.id.intValue());
        assertThat(overdue(dispatcher, "UNIT")).doesNotContain(t.id.intValue());
        assertThat(notices(t.id, "TICKET_OVERDUE", "UNIT")).isZero();
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_OVERDUE' "
                                + "and recipient_type = 'REGION_DISPATCHERS' and payload->>'deadline' = 'RECHECK'",
                        t.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event where ticket_id = ? and type = 'TICKET_OVERDUE' "
                                + "and details->>'deadline' = 'RECHECK' and details->>'owner' = 'VERIFIER'",
                        t.id))
                .isEqualTo(1);
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .statusCode(200)
                .body("ticket.dueOwner", equalTo("VERIFIER"))
                .body("deadlines.dueOwner", equalTo("VERIFIER"));
    }

    @Test
    void aLateSignIsTheUnitsAndOnlyTheUnits() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        moveTo(dueAt(t.id));
        assertThat(overdue(unit, null)).contains(t.id.intValue());
        assertThat(overdue(dispatcher, "UNIT")).contains(t.id.intValue());
        assertThat(overdue(dispatcher, "DISPATCHER")).doesNotContain(t.id.intValue());
        given().auth().oauth2(unit).get("/api/v1/tickets/" + t.id).then().body("ticket.dueOwner", equalTo("UNIT"));
    }

    @Test
    void aReturnedTicketIsTheDispatchersDeadlineAndIsChased() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        act(unit, t.id, "return", "{\"reason\":\"不归我们管\"}")
                .then()
                .statusCode(200)
                .body("ticket.dueOwner", equalTo("DISPATCHER"));
        assertThat(count(
                        "select count(*) from ticket_chase where ticket_id = ? and deadline = 'REDISPATCH' and owner = 'DISPATCHER'",
                        t.id))
                .isGreaterThanOrEqualTo(2);
        // no step of the returned ticket goes to the unit that returned it
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and recipient_type = 'UNIT'", t.id))
                .isZero();
        moveTo(dueAt(t.id));
        job.run();
        assertThat(overdue(dispatcher, "DISPATCHER")).contains(t.id.intValue());
        assertThat(overdue(unit, null)).doesNotContain(t.id.intValue());
        assertThat(notices(t.id, "TICKET_OVERDUE", "REGION_DISPATCHERS")).isEqualTo(1);

        // dispatching it ends the dispatcher's deadline: the new lead's sign deadline is chased
        act(dispatcher, t.id, "dispatch", "{\"leadUnitId\":" + town.department.id + "}")
                .then()
                .statusCode(200)
                .body("ticket.dueOwner", equalTo("UNIT"));
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'REDISPATCH'", t.id))
                .isZero();
        assertThat(overdue(dispatcher, "DISPATCHER")).doesNotContain(t.id.intValue());
    }

    @Test
    void anExtensionRequestHasADecisionDeadline() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        act(unit, t.id, "sign", null).then().statusCode(200);
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(60);
        act(unit, t.id, "request-extension", "{\"newDueAt\":\"" + later + "\",\"reason\":\"等待配件\"}")
                .then()
                .statusCode(200);
        assertThat(count(
                        "select count(*) from ticket_chase where ticket_id = ? and deadline = 'EXTENSION' and owner = 'DISPATCHER'",
                        t.id))
                .isGreaterThanOrEqualTo(2);
        Instant decideBy = given().auth()
                                .oauth2(dispatcher)
                                .get("/api/v1/tickets/" + t.id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .<String>get("pendingExtension.decideDueAt")
                        == null
                ? null
                : OffsetDateTime.parse(given().auth()
                                .oauth2(dispatcher)
                                .get("/api/v1/tickets/" + t.id)
                                .jsonPath()
                                .getString("pendingExtension.decideDueAt"))
                        .toInstant();
        assertThat(decideBy).isNotNull();
        moveTo(decideBy);
        job.run();
        assertThat(overdue(dispatcher, "DISPATCHER")).contains(t.id.intValue());
        assertThat(overdue(unit, null)).doesNotContain(t.id.intValue());
        assertThat(notices(t.id, "TICKET_OVERDUE", "REGION_DISPATCHERS")).isEqualTo(1);

        act(dispatcher, t.id, "refuse-extension", "{\"note\":\"不予延期\"}").then().statusCode(200);
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'EXTENSION'", t.id))
                .isZero();
        assertThat(overdue(dispatcher, "DISPATCHER")).doesNotContain(t.id.intValue());
    }

    @Test
    void verificationHasTheGridWorkersDeadline() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        act(unit, t.id, "sign", null).then().statusCode(200);
        assertThat(count(
                        "select count(*) from ticket_chase where ticket_id = ? and deadline = 'VERIFY' and owner = 'VERIFIER'",
                        t.id))
                .isGreaterThanOrEqualTo(2);
        Instant verifyBy = OffsetDateTime.parse(given().auth()
                        .oauth2(dispatcher)
                        .get("/api/v1/tickets/" + t.id)
                        .jsonPath()
                        .getString("deadlines.verifyDueAt"))
                .toInstant();
        moveTo(verifyBy);
        assertThat(overdue(gridWorker, "VERIFIER")).contains(t.id.intValue());
        withPhotos(gridWorker, t.id, "verify", Map.of("real", "true"), 0).then().statusCode(200);
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'VERIFY'", t.id))
                .isZero();
        assertThat(overdue(gridWorker, "VERIFIER")).doesNotContain(t.id.intValue());
    }

    @Test
    void aQueuedReportHasAReviewDeadlineAndIsChased() throws Exception {
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        String resident = fixtures.tokenFor(fixtures.resident().id);
        double[] at = town.centre('A', 0, 0);
        byte[] photo = Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), 4242);
        long id = ((Number) Reports.submit(
                                resident, Reports.fields(at, town.reviewed.code), List.of(Reports.jpeg("p.jpg", photo)))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        String due = given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("items.find { it.id == " + id + " }.reviewDueAt");
        assertThat(due).isNotNull();
        assertThat(count(
                        "select count(*) from ticket_chase where report_id = ? and deadline = 'REVIEW' and owner = 'DISPATCHER'",
                        id))
                .isGreaterThanOrEqualTo(2);
        moveTo(OffsetDateTime.parse(due).toInstant());
        job.run();
        assertThat(count(
                        "select count(*) from outbox_event where type = 'TICKET_OVERDUE' and recipient_type = 'REGION_DISPATCHERS' "
                                + "and payload->>'reportId' = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
        given().auth()
                .oauth2(dispatcher)
                .queryParam("overdue", "true")
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) id));
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"NOT_A_HAZARD\",\"note\":\"不是隐患\"}")
                .post("/api/v1/dispatch/reports/" + id + "/actions/reject")
                .then()
                .statusCode(200);
        assertThat(count("select count(*) from ticket_chase where report_id = ?", id))
                .isZero();
        given().auth()
                .oauth2(dispatcher)
                .queryParam("overdue", "true")
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem((int) id)));
    }
}
