package cn.suishoupai.ticket;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ticket state machine through the API: every action, its roles and scope, versions and the timeline. */
@QuarkusTest
class TicketWorkflowTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource ds;

    @Inject
    RoutingService routingService;

    Town town;
    Town otherTown;
    String unit; // the department, lead on the tickets below
    String assistUnit; // village A, assisting
    String otherUnit; // village B: same town, not on the ticket
    String dispatcher;
    String otherDispatcher;
    String gridWorker;
    String otherGridWorker;
    String leader;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        assistUnit = Fixtures.token(fixtures.staff(Set.of("unit"), town.villageA.id, Set.of()));
        otherUnit = Fixtures.token(fixtures.staff(Set.of("unit"), town.villageB.id, Set.of()));
        dispatcher = Fixtures.token(town.dispatcher());
        otherDispatcher = Fixtures.token(otherTown.dispatcher());
        gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        otherGridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneB.id)));
        leader = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of(town.township.id)));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Ticket ticket() {
        return tickets.dispatched(
                town, 'A', 0, 0, town.fire, Severity.GENERAL, town.department.id, Set.of(town.villageA.id));
    }

    private static Response act(String token, long id, String action, String json) {
        RequestSpecification r = given().auth().oauth2(token);
        if (json != null) {
            r = r.contentType(ContentType.JSON).body(json);
        }
        return r.post("/api/v1/tickets/" + id + "/actions/" + action);
    }

    private static Response withPhotos(String token, long id, String action, List<String[]> fields, int photos) {
        RequestSpecification r = given().auth().oauth2(token).contentType("multipart/form-data");
        for (String[] f : fields) {
            r = r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(f[1])
                    .controlName(f[0])
                    .mimeType("text/plain")
                    .charset("UTF-8")
                    .build());
        }
        for (int i = 0; i < photos; i++) {
            r = r.multiPart(
                    "photos", "after" + i + ".jpg", Reports.photo(30, 120, Instant.now(), 900 + i), "image/jpeg");
        }
        return r.post("/api/v1/tickets/" + id + "/actions/" + action);
    }

    private static List<String[]> fields(String[]... fs) {
        return List.of(fs);
    }

    private static String[] f(String name, String value) {
        return new String[] {name, value};
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

    private List<String> timeline(long id) {
        return given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("timeline.type");
    }

    @Test
    void aTicketGoesFromDispatchToClosedWithDeadlinesTimelineAndPhotos() throws Exception {
        Ticket t = ticket();
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .statusCode(200)
                .header("ETag", "\"" + t.version + "\"")
                .body("ticket.state", equalTo("DISPATCHED"))
                .body("deadlines.signDueAt", notNullValue())
                .body("deadlines.rectifyDueAt", notNullValue())
                .body(
                        "deadlines.dueAt",
                        equalTo(given().auth()
                                .oauth2(unit)
                                .get("/api/v1/tickets/" + t.id)
                                .jsonPath()
                                .getString("deadlines.signDueAt")))
                .body("deadlines.overdue", equalTo(false))
                .body("assistingUnits.id", contains(town.villageA.id.intValue()))
                .body("routing", nullValue());

        act(unit, t.id, "sign", null)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("IN_PROGRESS"))
                .body("signedAt", notNullValue());
        // the current deadline is now the rectification deadline
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body(
                        "deadlines.dueAt",
                        equalTo(given().auth()
                                .oauth2(unit)
                                .get("/api/v1/tickets/" + t.id)
                                .jsonPath()
                                .getString("deadlines.rectifyDueAt")));

        withPhotos(unit, t.id, "submit-rectification", fields(f("note", "已清理杂物")), 2)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("RECTIFIED"))
                .body("deadlines.recheckDueAt", notNullValue())
                .body("timeline[-1].type", equalTo("RECTIFIED"))
                .body("timeline[-1].note", equalTo("已清理杂物"))
                .body("timeline[-1].photos.kind", contains("AFTER", "AFTER"))
                .body("timeline[-1].photos[0].url", notNullValue());
        assertThat(count(
                        "select count(*) from photo where ticket_id = ? and kind = 'AFTER' and ticket_event_id is not null",
                        t.id))
                .isEqualTo(2);

        withPhotos(gridWorker, t.id, "verify", fields(f("real", "true"), f("note", "现场确认")), 1)
                .then()
                .statusCode(200)
                .body("ticket.verified", equalTo(true))
                .body("ticket.state", equalTo("RECTIFIED"));
        withPhotos(gridWorker, t.id, "recheck", fields(f("passed", "true")), 0)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("CLOSED"))
                .body("closedAt", notNullValue())
                .body("deadlines.dueAt", nullValue());

        assertThat(timeline(t.id)).containsExactly("DISPATCHED", "SIGNED", "RECTIFIED", "VERIFIED_REAL", "CLOSED");
        // every action is attributed and audited; the timeline rejects edits
        assertThat(count("select count(*) from ticket_event where ticket_id = ? and actor_id is not null", t.id))
                .isEqualTo(4);
        assertThat(count(
                        "select count(*) from audit_log where target_type = 'ticket' and target_id = ?",
                        String.valueOf(t.id)))
                .isEqualTo(4);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("update ticket_event set note = 'x' where ticket_id = ?")) {
            ps.setLong(1, t.id);
            org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeUpdate)
                    .hasMessageContaining("append-only");
        }
        // nothing is chased any more
        assertThat(count("select count(*) from ticket_chase where ticket_id = ?", t.id))
                .isZero();
    }

    @Test
    void actionsCheckRoleAndScope() {
        Ticket t = ticket();
        // another unit: as if it did not exist; an assisting unit may read but not act
        assertProblem(act(otherUnit, t.id, "sign", null).then(), 404, "ticket-not-found");
        assertProblem(
                given().auth().oauth2(otherUnit).get("/api/v1/tickets/" + t.id).then(), 404, "ticket-not-found");
        given().auth().oauth2(assistUnit).get("/api/v1/tickets/" + t.id).then().statusCode(200);
        assertProblem(act(assistUnit, t.id, "sign", null).then(), 403, "not-lead-unit");
        // wrong role
        assertProblem(act(dispatcher, t.id, "sign", null).then(), 403, "forbidden");
        assertProblem(act(unit, t.id, "cancel", "{\"reason\":\"x\"}").then(), 403, "forbidden");
        assertProblem(act(leader, t.id, "cancel", "{\"reason\":\"x\"}").then(), 403, "forbidden");
        String resident = fixtures.tokenFor(fixtures.resident().id);
        assertProblem(
                given().auth().oauth2(resident).get("/api/v1/tickets/" + t.id).then(), 403, "forbidden");
        assertProblem(given().get("/api/v1/tickets/" + t.id).then(), 401, "unauthenticated");
        // wrong scope: another township's dispatcher, a grid worker of another zone
        assertProblem(act(otherDispatcher, t.id, "cancel", "{\"reason\":\"x\"}").then(), 404, "ticket-not-found");
        assertProblem(
                withPhotos(otherGridWorker, t.id, "verify", fields(f("real", "true")), 0)
                        .then(),
                404,
                "ticket-not-found");
        // the leader reads, read-only
        given().auth().oauth2(leader).get("/api/v1/tickets/" + t.id).then().statusCode(200);
        // none of it changed anything
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body("ticket.state", equalTo("DISPATCHED"))
                .body("ticket.version", equalTo((int) t.version));
    }

    private List<String> allowed(String token, long id) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/tickets/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("allowedActions");
    }

    @Test
    void theTicketSaysWhatTheCallerMayDoNowAndTheActionsAgree() {
        Ticket t = ticket();
        assertThat(allowed(unit, t.id)).containsExactly("sign", "return");
        assertThat(allowed(assistUnit, t.id)).isEmpty();
        assertThat(allowed(dispatcher, t.id)).containsExactly("redispatch", "cancel", "designate-lead", "verify");
        assertThat(allowed(gridWorker, t.id)).containsExactly("verify");
        assertThat(allowed(leader, t.id)).isEmpty();
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body("reporterRevealable", equalTo(true))
                .body("designationRequired", equalTo(false));
        given().auth().oauth2(unit).get("/api/v1/tickets/" + t.id).then().body("reporterRevealable", equalTo(false));

        // a designated lead may no longer return: not offered, and refused
        act(dispatcher, t.id, "designate-lead", "{}")
                .then()
                .statusCode(200)
                // an action answers with what its caller may do next
                .body("allowedActions", contains("redispatch", "cancel", "designate-lead", "verify"));
        assertThat(allowed(unit, t.id)).containsExactly("sign");
        assertProblem(act(unit, t.id, "return", "{\"reason\":\"不归我们\"}").then(), 409, "designated-lead-cannot-return");

        // signed: fix or ask for more time; once asked, the dispatcher decides and the unit cannot ask again
        act(unit, t.id, "sign", null)
                .then()
                .statusCode(200)
                .body("allowedActions", contains("submit-rectification", "request-extension"));
        String due = given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .jsonPath()
                .getString("deadlines.rectifyDueAt");
        assertThat(allowed(dispatcher, t.id)).doesNotContain("approve-extension", "refuse-extension");
        act(
                        unit,
                        t.id,
                        "request-extension",
                        "{\"newDueAt\":\"" + OffsetDateTime.parse(due).plusDays(5) + "\",\"reason\":\"等待配件\"}")
                .then()
                .statusCode(200);
        assertThat(allowed(unit, t.id)).containsExactly("submit-rectification");
        assertThat(allowed(dispatcher, t.id))
                .containsExactly(
                        "redispatch", "approve-extension", "refuse-extension", "cancel", "designate-lead", "verify");
        act(dispatcher, t.id, "refuse-extension", "{\"note\":\"按期完成\"}").then().statusCode(200);
        assertThat(allowed(dispatcher, t.id)).doesNotContain("approve-extension", "refuse-extension");
        assertThat(allowed(unit, t.id)).containsExactly("submit-rectification", "request-extension");

        // another township's dispatcher cannot even read it
        assertProblem(
                given().auth()
                        .oauth2(otherDispatcher)
                        .get("/api/v1/tickets/" + t.id)
                        .then(),
                404,
                "ticket-not-found");

        // the units it may be given to: for who may (re)dispatch only
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body("unitChoices.id", hasItem(town.department.id.intValue()))
                .body("unitChoices.id", hasItem(town.villageA.id.intValue()))
                .body("unitChoices.id", not(hasItem(otherTown.department.id.intValue())));
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body("unitChoices", org.hamcrest.Matchers.empty());
    }

    @Test
    void theListsFacetsAreTheCallersTicketsOnly() {
        Ticket t = ticket();
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/facets")
                .then()
                .statusCode(200)
                .body("categories.code", hasItem(town.fire.code))
                .body("units.id", hasItem(town.department.id.intValue()))
                .body("grids.id", hasItem(t.gridId.intValue()));
        given().auth()
                .oauth2(assistUnit)
                .get("/api/v1/tickets/facets")
                .then()
                .statusCode(200)
                .body("units.id", contains(town.department.id.intValue()));
        given().auth()
                .oauth2(otherDispatcher)
                .get("/api/v1/tickets/facets")
                .then()
                .statusCode(200)
                .body("units.id", not(hasItem(town.department.id.intValue())))
                .body("grids.id", not(hasItem(t.gridId.intValue())));
        given().auth()
                .oauth2(otherUnit)
                .get("/api/v1/tickets/facets")
                .then()
                .statusCode(200)
                .body("units", org.hamcrest.Matchers.empty());
        assertProblem(
                given().auth()
                        .oauth2(fixtures.tokenFor(fixtures.resident().id))
                        .get("/api/v1/tickets/facets")
                        .then(),
                403,
                "forbidden");
    }

    @Test
    void unitsAndGridWorkersNeverSeeWhoReported() {
        Account resident = fixtures.resident();
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routingService);
        double[] at = town.centre('B', 1, 1);
        Number ticketId = Reports.submit(
                        fixtures.tokenFor(resident.id),
                        Reports.fields(at, town.fire.code),
                        List.of(Reports.jpeg(
                                "p.jpg",
                                Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), 77))))
                .then()
                .statusCode(201)
                .extract()
                .path("ticketId");
        String body = given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + ticketId)
                .then()
                .statusCode(200)
                .body("reports", org.hamcrest.Matchers.hasSize(1))
                .body("reports[0]", not(hasKey("reporterId")))
                .body("reports[0].photos", org.hamcrest.Matchers.hasSize(1))
                .extract()
                .asString();
        assertThat(body)
                .doesNotContain(resident.phone)
                .doesNotContain(resident.displayName)
                .doesNotContain(resident.wechatOpenid);
    }

    @Test
    void anIllegalTransitionIs409WithTheCurrentStateAndChangesNothing() throws Exception {
        Ticket t = ticket();
        act(unit, t.id, "sign", null).then().statusCode(200);
        assertProblem(act(unit, t.id, "sign", null).then(), 409, "illegal-transition")
                .body("state", equalTo("IN_PROGRESS"));
        assertProblem(act(unit, t.id, "return", "{\"reason\":\"不归我们管\"}").then(), 409, "illegal-transition");
        assertProblem(
                        withPhotos(gridWorker, t.id, "recheck", fields(f("passed", "true")), 0)
                                .then(),
                        409,
                        "illegal-transition")
                .body("state", equalTo("IN_PROGRESS"));
        assertProblem(
                act(dispatcher, t.id, "dispatch", "{\"leadUnitId\":" + town.villageB.id + "}")
                        .then(),
                409,
                "illegal-transition");
        assertThat(timeline(t.id)).containsExactly("DISPATCHED", "SIGNED");
    }

    @Test
    void aStaleVersionIs409AndConcurrentActionsApplyOnce() throws Exception {
        Ticket t = ticket();
        // If-Match with an old version: refused, nothing applied
        long v = t.version;
        assertProblem(
                given().auth()
                        .oauth2(unit)
                        .header("If-Match", "\"" + (v + 7) + "\"")
                        .post("/api/v1/tickets/" + t.id + "/actions/sign")
                        .then(),
                409,
                "stale-version");
        given().auth()
                .oauth2(unit)
                .header("If-Match", "\"" + v + "\"")
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200)
                .body("ticket.version", equalTo((int) v + 1));

        // a unit submitting a request for more time and a dispatcher cancelling, at the same instant, on version 1
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        String later = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(60).toString();
        List<Callable<Integer>> calls = List.of(
                () -> {
                    go.await();
                    return given().auth()
                            .oauth2(unit)
                            .header("If-Match", String.valueOf(v + 1))
                            .contentType(ContentType.JSON)
                            .body("{\"newDueAt\":\"" + later + "\",\"reason\":\"材料未到\"}")
                            .post("/api/v1/tickets/" + t.id + "/actions/request-extension")
                            .statusCode();
                },
                () -> {
                    go.await();
                    return given().auth()
                            .oauth2(dispatcher)
                            .header("If-Match", String.valueOf(v + 1))
                            .contentType(ContentType.JSON)
                            .body("{\"reason\":\"重复工单\"}")
                            .post("/api/v1/tickets/" + t.id + "/actions/cancel")
                            .statusCode();
                });
        List<Future<Integer>> results = new ArrayList<>();
        calls.forEach(c -> results.add(pool.submit(c)));
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> r : results) {
            codes.add(r.get());
        }
        pool.shutdown();
        assertThat(codes).containsExactlyInAnyOrder(200, 409);
        // exactly one of the two happened: one more event, the version moved once
        List<String> events = timeline(t.id);
        assertThat(events).hasSize(3);
        assertThat(events.get(2)).isIn("EXTENSION_REQUESTED", "CANCELLED");
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .body("ticket.version", equalTo((int) v + 2));
        assertThat(count("select count(*) from ticket_extension where ticket_id = ?", t.id))
                .isEqualTo(events.get(2).equals("EXTENSION_REQUESTED") ? 1 : 0);
    }

    @Test
    void extensionsAreRequestedOnceAndDecidedByTheDispatcher() throws Exception {
        Ticket t = ticket();
        act(unit, t.id, "sign", null).then().statusCode(200);
        String due = given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .jsonPath()
                .getString("deadlines.rectifyDueAt");
        OffsetDateTime current = OffsetDateTime.parse(due);
        // not later than the current deadline: refused, nothing stored
        assertProblem(
                act(unit, t.id, "request-extension", "{\"newDueAt\":\"" + current + "\",\"reason\":\"x\"}")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                act(unit, t.id, "request-extension", "{\"newDueAt\":\"" + current.plusDays(10) + "\"}")
                        .then(),
                422,
                "invalid-field");
        assertThat(count("select count(*) from ticket_extension where ticket_id = ?", t.id))
                .isZero();

        act(unit, t.id, "request-extension", "{\"newDueAt\":\"" + current.plusDays(10) + "\",\"reason\":\"等待配件\"}")
                .then()
                .statusCode(200)
                .body("pendingExtension.reason", equalTo("等待配件"));
        assertProblem(
                act(
                                unit,
                                t.id,
                                "request-extension",
                                "{\"newDueAt\":\"" + current.plusDays(20) + "\",\"reason\":\"再等\"}")
                        .then(),
                409,
                "extension-pending");
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "EXTENSION_REQUESTED")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(t.id.intValue()));
        // the unit cannot decide its own request; refusing needs a note
        assertProblem(act(unit, t.id, "approve-extension", "{}").then(), 403, "forbidden");
        assertProblem(act(dispatcher, t.id, "refuse-extension", "{}").then(), 422, "invalid-field");
        assertProblem(act(otherDispatcher, t.id, "approve-extension", "{}").then(), 404, "ticket-not-found");

        Instant granted = current.plusDays(7).toInstant();
        act(
                        dispatcher,
                        t.id,
                        "approve-extension",
                        "{\"grantedDueAt\":\"" + current.plusDays(7) + "\",\"note\":\"给 7 天\"}")
                .then()
                .statusCode(200)
                .body("pendingExtension", nullValue())
                .body("extensions[0].status", equalTo("APPROVED"))
                .body("timeline[-1].type", equalTo("EXTENSION_APPROVED"))
                .body("timeline[-1].details.previousDueAt", notNullValue());
        String moved = given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .jsonPath()
                .getString("deadlines.rectifyDueAt");
        assertThat(OffsetDateTime.parse(moved).toInstant()).isEqualTo(granted);
        assertThat(OffsetDateTime.parse(given().auth()
                                .oauth2(unit)
                                .get("/api/v1/tickets/" + t.id)
                                .jsonPath()
                                .getString("deadlines.dueAt"))
                        .toInstant())
                .isEqualTo(granted);
        // the chase follows the new deadline
        assertThat(count(
                        "select count(*) from ticket_chase where ticket_id = ? and deadline_at = ? and deadline = 'RECTIFY'",
                        t.id,
                        Timestamp.from(granted)))
                .isEqualTo(4);
        assertThat(count(
                        "select count(*) from ticket_chase where ticket_id = ? and deadline_at <> ? and deadline = 'RECTIFY'",
                        t.id,
                        Timestamp.from(granted)))
                .isZero();
        assertProblem(act(dispatcher, t.id, "approve-extension", "{}").then(), 409, "no-pending-extension");
    }

    @Test
    void aTicketReturnedTwiceMustBeDesignatedAndThenCannotBeReturned() throws Exception {
        Ticket t = ticket();
        assertProblem(act(unit, t.id, "return", "{}").then(), 422, "invalid-field");
        act(unit, t.id, "return", "{\"reason\":\"不属于本单位职责\"}")
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("RETURNED"))
                .body("returnCount", equalTo(1))
                // re-dispatching it is the dispatcher's deadline now, not the unit's
                .body("deadlines.dueAt", notNullValue())
                .body("deadlines.dueOwner", equalTo("DISPATCHER"));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "RETURNED")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", hasItem(t.id.intValue()));
        // back to the same unit, which returns it again
        act(dispatcher, t.id, "dispatch", "{\"leadUnitId\":" + town.department.id + "}")
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("DISPATCHED"))
                .body("deadlines.signDueAt", notNullValue());
        act(unit, t.id, "return", "{\"reason\":\"仍不属于本单位\"}")
                .then()
                .statusCode(200)
                .body("returnCount", equalTo(2));
        // twice returned: no more ping-pong without a designated lead
        assertProblem(
                act(dispatcher, t.id, "dispatch", "{\"leadUnitId\":" + town.villageA.id + "}")
                        .then(),
                422,
                "lead-designation-required");
        act(dispatcher, t.id, "dispatch", "{\"leadUnitId\":" + town.villageA.id + ",\"designateLead\":true}")
                .then()
                .statusCode(200)
                .body("ticket.designatedLead", equalTo(true))
                .body("ticket.leadUnit.id", equalTo(town.villageA.id.intValue()));
        assertProblem(
                act(assistUnit, t.id, "return", "{\"reason\":\"不归我们\"}").then(), 409, "designated-lead-cannot-return");
        // the former lead no longer sees it
        assertProblem(given().auth().oauth2(unit).get("/api/v1/tickets/" + t.id).then(), 404, "ticket-not-found");
        assertThat(timeline(t.id)).containsExactly("DISPATCHED", "RETURNED", "DISPATCHED", "RETURNED", "DISPATCHED");
        // each return told the township's dispatchers; each dispatch told the unit it went to
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_RETURNED' "
                                + "and recipient_type = 'REGION_DISPATCHERS' and recipient_id = ?",
                        t.id,
                        town.township.id))
                .isEqualTo(2);
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_DISPATCHED' "
                                + "and recipient_type = 'UNIT' and recipient_id = ?",
                        t.id,
                        town.villageA.id))
                .isEqualTo(2); // assisting, then lead
    }

    @Test
    void designateLeadKeepsOrMovesTheLead() {
        Ticket t = ticket();
        act(dispatcher, t.id, "designate-lead", "{}")
                .then()
                .statusCode(200)
                .body("ticket.designatedLead", equalTo(true))
                .body("ticket.state", equalTo("DISPATCHED"));
        assertProblem(act(unit, t.id, "return", "{\"reason\":\"x\"}").then(), 409, "designated-lead-cannot-return");
        act(dispatcher, t.id, "redispatch", "{\"leadUnitId\":" + town.villageB.id + ",\"designateLead\":false}")
                .then()
                .statusCode(200)
                .body("ticket.leadUnit.id", equalTo(town.villageB.id.intValue()))
                .body("ticket.designatedLead", equalTo(false));
        assertProblem(
                act(dispatcher, t.id, "redispatch", "{\"leadUnitId\":999999999}")
                        .then(),
                422,
                "invalid-field");
        // a unit of another township is not one this ticket can go to
        assertProblem(
                        act(dispatcher, t.id, "redispatch", "{\"leadUnitId\":" + otherTown.department.id + "}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("leadUnitId"));
        assertProblem(
                        act(
                                        dispatcher,
                                        t.id,
                                        "redispatch",
                                        "{\"leadUnitId\":" + town.villageA.id + ",\"assistingUnitIds\":["
                                                + otherTown.villageA.id + "]}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("assistingUnitIds"));
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .statusCode(404); // still with village B, not moved
    }

    @Test
    void verificationNotRealCancelsAndVerificationIsOnce() throws Exception {
        Ticket t = ticket();
        assertProblem(
                withPhotos(gridWorker, t.id, "verify", fields(f("real", "false")), 0)
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                withPhotos(gridWorker, t.id, "verify", fields(f("real", "maybe")), 0)
                        .then(),
                422,
                "invalid-field");
        withPhotos(gridWorker, t.id, "verify", fields(f("real", "false"), f("note", "现场无此隐患")), 1)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("CANCELLED"))
                .body("ticket.verified", equalTo(false))
                .body("cancelReason", equalTo("现场无此隐患"))
                .body("timeline[-1].type", equalTo("VERIFIED_NOT_REAL"))
                .body("timeline[-1].photos.kind", contains("VERIFY"));
        assertProblem(
                withPhotos(dispatcher, t.id, "verify", fields(f("real", "true")), 0)
                        .then(),
                409,
                "illegal-transition");

        Ticket u = ticket();
        withPhotos(dispatcher, u.id, "verify", fields(f("real", "true")), 0)
                .then()
                .statusCode(200)
                .body("ticket.verified", equalTo(true));
        assertProblem(
                withPhotos(gridWorker, u.id, "verify", fields(f("real", "true")), 0)
                        .then(),
                409,
                "already-verified");
    }

    @Test
    void aFailedRecheckSendsTheTicketBackToTheUnit() {
        Ticket t = ticket();
        act(unit, t.id, "sign", null).then().statusCode(200);
        withPhotos(unit, t.id, "submit-rectification", fields(f("note", "已整改")), 1)
                .then()
                .statusCode(200);
        assertProblem(
                withPhotos(gridWorker, t.id, "recheck", fields(f("passed", "false")), 0)
                        .then(),
                422,
                "invalid-field");
        withPhotos(gridWorker, t.id, "recheck", fields(f("passed", "false"), f("note", "杂物仍未清理完")), 1)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("IN_PROGRESS"))
                .body("ticket.rework", equalTo(true))
                .body("reworkCount", equalTo(1))
                .body("timeline[-1].type", equalTo("RECHECK_FAILED"));
        given().auth()
                .oauth2(unit)
                .queryParam("box", "REWORK")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", contains(t.id.intValue()));
        withPhotos(unit, t.id, "submit-rectification", fields(f("note", "已彻底清理")), 1)
                .then()
                .statusCode(200)
                .body("ticket.rework", equalTo(false));
    }

    @Test
    void badRectificationsAreRefusedAndKeepNothing() throws Exception {
        Ticket t = ticket();
        act(unit, t.id, "sign", null).then().statusCode(200);
        assertProblem(
                withPhotos(unit, t.id, "submit-rectification", fields(f("note", "已整改")), 0)
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                withPhotos(unit, t.id, "submit-rectification", fields(), 1).then(), 422, "invalid-field");
        // not a picture: 415, and neither rows nor objects stay behind
        Response r = given().auth()
                .oauth2(unit)
                .contentType("multipart/form-data")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder("已整改")
                        .controlName("note")
                        .mimeType("text/plain")
                        .charset("UTF-8")
                        .build())
                .multiPart("photos", "a.jpg", Reports.photo(30, 120, Instant.now(), 5), "image/jpeg")
                .multiPart("photos", "notes.txt", "hello".getBytes(), "text/plain")
                .post("/api/v1/tickets/" + t.id + "/actions/submit-rectification");
        assertProblem(r.then(), 415, "photo-unsupported-type");
        assertThat(count("select count(*) from photo where ticket_id = ?", t.id))
                .isZero();
        assertThat(count("select count(*) from upload_intent")).isZero();
        given().auth().oauth2(unit).get("/api/v1/tickets/" + t.id).then().body("ticket.state", equalTo("IN_PROGRESS"));
    }

    @Test
    void inboxesAndOverdueLists() {
        Ticket a = ticket();
        Ticket b = ticket();
        act(unit, b.id, "sign", null).then().statusCode(200);
        given().auth()
                .oauth2(unit)
                .queryParam("box", "TO_SIGN")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", contains(a.id.intValue()))
                .body("total", equalTo(1));
        given().auth()
                .oauth2(unit)
                .queryParam("box", "IN_PROGRESS")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", contains(b.id.intValue()));
        given().auth()
                .oauth2(assistUnit)
                .queryParam("box", "ASSISTING")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", contains(a.id.intValue(), b.id.intValue()));
        given().auth().oauth2(otherUnit).get("/api/v1/tickets").then().body("total", equalTo(0));
        given().auth().oauth2(otherDispatcher).get("/api/v1/tickets").then().body("total", equalTo(0));
        given().auth()
                .oauth2(unit)
                .queryParam("overdue", "true")
                .get("/api/v1/tickets")
                .then()
                .body("total", equalTo(0));

        // past the sign deadline, not yet the rectification deadline
        Instant signDue = OffsetDateTime.parse(given().auth()
                        .oauth2(unit)
                        .get("/api/v1/tickets/" + a.id)
                        .jsonPath()
                        .getString("deadlines.signDueAt"))
                .toInstant();
        clock.advance(Duration.between(Instant.now(), signDue).plusMinutes(1));
        given().auth()
                .oauth2(unit)
                .queryParam("overdue", "true")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", contains(a.id.intValue()))
                .body("items[0].overdue", equalTo(true));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("overdue", "true")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", contains(a.id.intValue()));
        given().auth()
                .oauth2(unit)
                .queryParam("dueWithin", "P400D")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", contains(b.id.intValue()));
        assertProblem(
                given().auth()
                        .oauth2(unit)
                        .queryParam("dueWithin", "soon")
                        .get("/api/v1/tickets")
                        .then(),
                400,
                "invalid-parameter");
        assertProblem(
                given().auth()
                        .oauth2(unit)
                        .queryParam("box", "NOPE")
                        .get("/api/v1/tickets")
                        .then(),
                400,
                "invalid-parameter");
    }

    @Test
    void onTimeRatesPerUnit() {
        Ticket a = ticket();
        Ticket b = ticket();
        act(unit, a.id, "sign", null).then().statusCode(200);
        clock.advance(Duration.ofDays(40)); // beyond any sign deadline
        act(unit, b.id, "sign", null).then().statusCode(200);
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1);
        OffsetDateTime to = from.plusDays(60);
        given().auth()
                .oauth2(leader)
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/v1/tickets/on-time-rates")
                .then()
                .statusCode(200)
                .body("find { it.unitId == " + town.department.id + " }.signed", equalTo(2))
                .body("find { it.unitId == " + town.department.id + " }.signedOnTime", equalTo(1))
                .body("find { it.unitId == " + town.department.id + " }.signOnTimeRate", equalTo(0.5f))
                .body("find { it.unitId == " + town.department.id + " }.overdueNow", equalTo(2));
        given().auth()
                .oauth2(otherDispatcher)
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/v1/tickets/on-time-rates")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        assertProblem(
                given().auth()
                        .oauth2(gridWorker)
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .get("/api/v1/tickets/on-time-rates")
                        .then(),
                403,
                "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(leader)
                        .queryParam("from", to.toString())
                        .queryParam("to", from.toString())
                        .get("/api/v1/tickets/on-time-rates")
                        .then(),
                422,
                "invalid-field");
    }

    @Test
    void aReporterRatesTheClosedTicketOnce() throws Exception {
        Account resident = fixtures.resident();
        String residentToken = fixtures.tokenFor(resident.id);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routingService);
        double[] at = town.centre('A', 1, 1);
        long ticketId = ((Number) Reports.submit(
                                residentToken,
                                Reports.fields(at, town.fire.code),
                                List.of(Reports.jpeg(
                                        "p.jpg",
                                        Reports.photo(
                                                at[0], at[1], Instant.now().minus(Duration.ofHours(1)), 78))))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("ticketId"))
                .longValue();
        String rating = "{\"rating\":\"SATISFIED\",\"comment\":\"处理及时\"}";
        assertProblem(act(residentToken, ticketId, "rate", rating).then(), 409, "illegal-transition");
        act(unit, ticketId, "sign", null).then().statusCode(200);
        withPhotos(unit, ticketId, "submit-rectification", fields(f("note", "已整改")), 1)
                .then()
                .statusCode(200);
        withPhotos(gridWorker, ticketId, "recheck", fields(f("passed", "true")), 0)
                .then()
                .statusCode(200);

        // closing tells the reporter (outbox, same transaction as the change) and the unit
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'REPORT_CLOSED' "
                                + "and recipient_type = 'ACCOUNT' and recipient_id = ?",
                        ticketId,
                        resident.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_DISPATCHED' "
                                + "and recipient_type = 'UNIT' and recipient_id = ?",
                        ticketId,
                        town.department.id))
                .isEqualTo(1);
        // the resident now sees the after-photos and the closed status
        given().auth()
                .oauth2(residentToken)
                .get("/api/v1/reports/mine")
                .then()
                .body("items[0].status", equalTo("CLOSED"));
        String stranger = fixtures.tokenFor(fixtures.resident().id);
        assertProblem(act(stranger, ticketId, "rate", rating).then(), 404, "ticket-not-found");
        assertProblem(act(unit, ticketId, "rate", rating).then(), 403, "forbidden");
        assertProblem(
                act(residentToken, ticketId, "rate", "{\"rating\":\"GREAT\"}").then(), 400, "malformed-json");
        act(residentToken, ticketId, "rate", rating).then().statusCode(200).body("rating", equalTo("SATISFIED"));
        assertProblem(
                act(residentToken, ticketId, "rate", "{\"rating\":\"DISSATISFIED\"}")
                        .then(),
                409,
                "already-rated");
        assertThat(count("select count(*) from ticket_rating where ticket_id = ? and rating = 'SATISFIED'", ticketId))
                .isEqualTo(1);
    }

    @Test
    void aPolicyChangeAppliesToNewTicketsOnly() {
        String admin = town.adminToken;
        String policy = "{\"categoryCode\":\"" + town.fire.code + "\",\"severity\":\"GENERAL\","
                + "\"sign\":{\"amount\":3,\"unit\":\"CALENDAR_DAYS\"},\"rectify\":{\"amount\":10,\"unit\":\"CALENDAR_DAYS\"},"
                + "\"recheck\":{\"amount\":1,\"unit\":\"CALENDAR_DAYS\"}}";
        int id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(policy)
                .post("/api/v1/admin/deadline-policies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Ticket before = ticket();
        Instant dispatched = before.dispatchedAt;
        assertThat(before.signDueAt).isEqualTo(dispatched.plus(Duration.ofDays(3)));
        assertThat(before.rectifyDueAt).isEqualTo(dispatched.plus(Duration.ofDays(10)));

        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(
                        "{\"sign\":{\"amount\":1,\"unit\":\"CALENDAR_DAYS\"},\"rectify\":{\"amount\":2,\"unit\":\"CALENDAR_DAYS\"},"
                                + "\"recheck\":{\"amount\":1,\"unit\":\"CALENDAR_DAYS\"},\"version\":0}")
                .put("/api/v1/admin/deadline-policies/" + id)
                .then()
                .statusCode(200);
        Ticket after = ticket();
        assertThat(after.rectifyDueAt).isEqualTo(after.dispatchedAt.plus(Duration.ofDays(2)));

        // the older ticket keeps its plan, also for deadlines computed later (a failed re-check: 10 days again)
        act(unit, before.id, "sign", null).then().statusCode(200);
        withPhotos(unit, before.id, "submit-rectification", fields(f("note", "已整改")), 1)
                .then()
                .statusCode(200);
        String body = withPhotos(gridWorker, before.id, "recheck", fields(f("passed", "false"), f("note", "未整改到位")), 0)
                .then()
                .statusCode(200)
                .body("deadlines.plan.rectify.amount", equalTo(10))
                .extract()
                .asString();
        Instant newDue = OffsetDateTime.parse(
                        io.restassured.path.json.JsonPath.from(body).getString("deadlines.rectifyDueAt"))
                .toInstant();
        assertThat(Duration.between(clock.instant(), newDue).toDays()).isBetween(9L, 10L);
    }

    @Test
    void aTicketFromBeforeDeadlinesGetsThemOnItsFirstAction() throws Exception {
        Ticket t = ticket();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update ticket set deadline_plan = null, "
                                + "sign_due_at = null, rectify_due_at = null, due_at = null, due_owner = null, chase_key = null where id = ?")) {
            ps.setLong(1, t.id);
            ps.executeUpdate();
        }
        act(unit, t.id, "sign", null)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("IN_PROGRESS"))
                .body("deadlines.rectifyDueAt", notNullValue())
                .body("deadlines.plan", notNullValue());
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'RECTIFY'", t.id))
                .isEqualTo(4);
    }

    @Test
    void submittingTheFixWithdrawsAPendingExtension() throws Exception {
        Ticket t = ticket();
        act(unit, t.id, "sign", null).then().statusCode(200);
        String later = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(60).toString();
        act(unit, t.id, "request-extension", "{\"newDueAt\":\"" + later + "\",\"reason\":\"等待配件\"}")
                .then()
                .statusCode(200);
        withPhotos(unit, t.id, "submit-rectification", fields(f("note", "已整改")), 1)
                .then()
                .statusCode(200)
                .body("pendingExtension", nullValue())
                .body("extensions[0].status", equalTo("WITHDRAWN"));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "EXTENSION_REQUESTED")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", not(hasItem(t.id.intValue())));
        // an over-long optional note is a 422, not a failed insert
        assertProblem(
                withPhotos(gridWorker, t.id, "recheck", fields(f("passed", "true"), f("note", "长".repeat(501))), 0)
                        .then(),
                422,
                "invalid-field");
    }

    /** A resident's report through intake in cell (A, row, col), fixed and closed by a passing re-check without a 核实 first. */
    private boolean routed;

    private long closedTicketReportedBy(String residentToken, int row, int col, long seed) {
        if (!routed) {
            town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
            Routing.refreshNow(routingService);
            routed = true;
        }
        double[] at = town.centre('A', row, col);
        long ticketId = ((Number) Reports.submit(
                                residentToken,
                                Reports.fields(at, town.fire.code),
                                List.of(Reports.jpeg(
                                        "p.jpg",
                                        Reports.photo(
                                                at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed))))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("ticketId"))
                .longValue();
        act(unit, ticketId, "sign", null).then().statusCode(200);
        withPhotos(unit, ticketId, "submit-rectification", fields(f("note", "已整改")), 1)
                .then()
                .statusCode(200);
        withPhotos(gridWorker, ticketId, "recheck", fields(f("passed", "true")), 0)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("CLOSED"));
        return ticketId;
    }

    @Test
    void aPassingRecheckRecordsTheMissingVerificationOnTheTimeline() throws Exception {
        long ticketId = closedTicketReportedBy(fixtures.tokenFor(fixtures.resident().id), 0, 1, 81);
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + ticketId)
                .then()
                .statusCode(200)
                .body("ticket.verified", equalTo(true));
        assertThat(timeline(ticketId)).containsExactly("DISPATCHED", "SIGNED", "RECTIFIED", "VERIFIED_REAL", "CLOSED");
        assertThat(count(
                        "select count(*) from ticket_event where ticket_id = ? and type = 'VERIFIED_REAL' "
                                + "and details->>'by' = 'RECHECK' and actor_id is not null",
                        ticketId))
                .isEqualTo(1);
        assertThat(count("select count(*) from reward where ticket_id = ?", ticketId))
                .isEqualTo(1);
    }

    @Test
    void aDissatisfiedRatingIsShownAuditedAndFollowedUpByTheDispatcher() throws Exception {
        Account resident = fixtures.resident();
        String residentToken = fixtures.tokenFor(resident.id);
        long ticketId = closedTicketReportedBy(residentToken, 1, 0, 82);
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "FOLLOW_UP")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem((int) ticketId)));
        act(residentToken, ticketId, "rate", "{\"rating\":\"DISSATISFIED\",\"comment\":\"杂物又堆回来了\"}")
                .then()
                .statusCode(200);

        // every rating is audited; staff see the rating and its comment, never who gave it
        assertThat(count(
                        "select count(*) from audit_log where action = 'TICKET_RATED' and target_type = 'ticket' and target_id = ? "
                                + "and actor_id = ?",
                        String.valueOf(ticketId),
                        resident.id))
                .isEqualTo(1);
        for (String staff : List.of(unit, dispatcher, gridWorker, leader)) {
            given().auth()
                    .oauth2(staff)
                    .get("/api/v1/tickets/" + ticketId)
                    .then()
                    .statusCode(200)
                    .body("ratings", org.hamcrest.Matchers.hasSize(1))
                    .body("ratings[0].rating", equalTo("DISSATISFIED"))
                    .body("ratings[0].comment", equalTo("杂物又堆回来了"))
                    .body("ratings[0]", not(hasKey("accountId")))
                    .body("followUpPending", equalTo(true));
        }
        // in front of the township's dispatcher, and no one else's
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "FOLLOW_UP")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) ticketId));
        given().auth()
                .oauth2(otherDispatcher)
                .queryParam("box", "FOLLOW_UP")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_DISSATISFIED' "
                                + "and recipient_type = 'REGION_DISPATCHERS'",
                        ticketId))
                .isEqualTo(1);

        // 回访: the dispatcher of the ticket's region only, with a note and an outcome
        String body = "{\"outcome\":\"HAZARD_PERSISTS\",\"note\":\"回访居民，现场杂物仍在\"}";
        assertProblem(act(unit, ticketId, "follow-up", body).then(), 403, "forbidden");
        assertProblem(act(gridWorker, ticketId, "follow-up", body).then(), 403, "forbidden");
        assertProblem(act(residentToken, ticketId, "follow-up", body).then(), 403, "forbidden");
        assertProblem(act(otherDispatcher, ticketId, "follow-up", body).then(), 404, "ticket-not-found");
        assertProblem(
                act(dispatcher, ticketId, "follow-up", "{\"outcome\":\"HAZARD_PERSISTS\"}")
                        .then(),
                422,
                "invalid-field");
        assertProblem(act(dispatcher, ticketId, "follow-up", "{\"note\":\"x\"}").then(), 422, "invalid-field");
        assertThat(count("select count(*) from ticket_follow_up where ticket_id = ?", ticketId))
                .isZero();

        Response done = act(dispatcher, ticketId, "follow-up", body);
        done.then()
                .statusCode(200)
                .body("ticket.state", equalTo("CLOSED"))
                .body("followUpPending", equalTo(false))
                .body("followUps[0].outcome", equalTo("HAZARD_PERSISTS"))
                .body("followUps[0].note", equalTo("回访居民，现场杂物仍在"))
                .body("followUps[0].newTicketId", notNullValue())
                .body("timeline[-1].type", equalTo("FOLLOWED_UP"));
        long newTicket = ((Number) done.path("followUps[0].newTicketId")).longValue();
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + newTicket)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("DISPATCHED"))
                .body("parentTicketId", equalTo((int) ticketId));
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "FOLLOW_UP")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", not(hasItem((int) ticketId)));
        assertProblem(act(dispatcher, ticketId, "follow-up", body).then(), 409, "no-follow-up-pending");
        assertThat(count(
                        "select count(*) from audit_log where action = 'TICKET_FOLLOW_UP' and target_id = ?",
                        String.valueOf(ticketId)))
                .isEqualTo(1);
    }

    @Test
    void aFollowUpThatResolvesItOpensNothingAndASatisfiedRatingNeedsNone() throws Exception {
        Account a = fixtures.resident();
        long dissatisfied = closedTicketReportedBy(fixtures.tokenFor(a.id), 1, 1, 83);
        act(fixtures.tokenFor(a.id), dissatisfied, "rate", "{\"rating\":\"DISSATISFIED\"}")
                .then()
                .statusCode(200);
        long tickets = count("select count(*) from ticket");
        act(dispatcher, dissatisfied, "follow-up", "{\"outcome\":\"RESOLVED\",\"note\":\"已向居民解释整改标准\"}")
                .then()
                .statusCode(200)
                .body("followUps[0].newTicketId", nullValue())
                .body("followUpPending", equalTo(false));
        assertThat(count("select count(*) from ticket")).isEqualTo(tickets);

        Account b = fixtures.resident();
        long satisfied = closedTicketReportedBy(fixtures.tokenFor(b.id), 0, 0, 84);
        act(fixtures.tokenFor(b.id), satisfied, "rate", "{\"rating\":\"BASICALLY_SATISFIED\"}")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "FOLLOW_UP")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", not(hasItem((int) satisfied)));
        assertProblem(
                act(dispatcher, satisfied, "follow-up", "{\"outcome\":\"RESOLVED\",\"note\":\"x\"}")
                        .then(),
                409,
                "no-follow-up-pending");
        // an open ticket has nothing to follow up
        Ticket open = ticket();
        assertProblem(
                act(dispatcher, open.id, "follow-up", "{\"outcome\":\"RESOLVED\",\"note\":\"x\"}")
                        .then(),
                409,
                "illegal-transition");
    }
}
