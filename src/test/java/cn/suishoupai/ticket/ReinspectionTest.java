package cn.suishoupai.ticket;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 回头看: sampling a share of tickets closed N days ago, once, and a failed re-inspection opening a linked ticket. */
@QuarkusTest
class ReinspectionTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    Reinspections reinspections;

    @Inject
    AgroalDataSource ds;

    Town town;
    Town otherTown;
    String gridWorker;
    String otherGridWorker;
    String unit;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        otherGridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(otherTown.township.id)));
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
    }

    /** Tickets of this town, closed at the given instant (set directly: the workflow tests cover closing). */
    private List<Long> closed(int n, Instant closedAt) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(tickets.dispatched(town, town.department.id).id);
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update ticket set state = 'CLOSED', closed_at = ?, due_at = null, due_owner = null where id = any(?)")) {
            ps.setTimestamp(1, Timestamp.from(closedAt));
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
        return ids;
    }

    private long sampled(List<Long> ids) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select count(*) from reinspection where ticket_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aShareOfTicketsClosedNDaysAgoIsSampledOnce() throws Exception {
        Instant now = Instant.now();
        List<Long> due = closed(120, now.minus(Duration.ofDays(31)));
        List<Long> recent = closed(10, now.minus(Duration.ofDays(5)));
        List<Long> ancient = closed(10, now.minus(Duration.ofDays(60)));

        // two instances sampling at the same moment add each ticket at most once
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> reinspections.sample(now, 0.5));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> reinspections.sample(now, 0.5));
        int added = a.get() + b.get();
        long n = sampled(due);
        assertThat(n).isEqualTo(added).isBetween(30L, 90L); // about half of 120, each once
        assertThat(sampled(recent)).isZero();
        assertThat(sampled(ancient)).isZero();
        // a later run adds nothing new; share 1 takes the rest, share 0 none
        assertThat(reinspections.sample(now, 0.5)).isZero();
        assertThat(sampled(due)).isEqualTo(n);
        reinspections.sample(now, 1.0);
        assertThat(sampled(due)).isEqualTo(120);
        List<Long> more = closed(10, now.minus(Duration.ofDays(31)));
        assertThat(reinspections.sample(now, 0.0)).isZero();
        assertThat(sampled(more)).isZero();
    }

    @Test
    void aFailedReinspectionOpensALinkedTicketAndAPassedOneClosesTheMatter() throws Exception {
        Instant now = Instant.now();
        List<Long> ids = closed(2, now.minus(Duration.ofDays(31)));
        reinspections.sample(now, 1.0);
        List<Integer> items = given().auth()
                .oauth2(gridWorker)
                .get("/api/v1/reinspections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.ticketId in [" + ids.get(0) + "," + ids.get(1) + "] }.id");
        assertThat(items).hasSize(2);
        // scope and role
        given().auth()
                .oauth2(otherGridWorker)
                .get("/api/v1/reinspections")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        assertProblem(
                given().auth()
                        .oauth2(otherGridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"passed\":true}")
                        .post("/api/v1/reinspections/" + items.get(0) + "/actions/complete")
                        .then(),
                404,
                "reinspection-not-found");
        assertProblem(given().auth().oauth2(unit).get("/api/v1/reinspections").then(), 403, "forbidden");
        // a failure needs a note
        assertProblem(
                        given().auth()
                                .oauth2(gridWorker)
                                .contentType(ContentType.JSON)
                                .body("{\"passed\":false}")
                                .post("/api/v1/reinspections/" + items.get(0) + "/actions/complete")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("note")));
        // the shape is checked on Outcome: passed is required, a note at most 500 characters
        assertProblem(
                        given().auth()
                                .oauth2(gridWorker)
                                .contentType(ContentType.JSON)
                                .body("{\"note\":\"x\"}")
                                .post("/api/v1/reinspections/" + items.get(0) + "/actions/complete")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("passed")));
        assertProblem(
                        given().auth()
                                .oauth2(gridWorker)
                                .contentType(ContentType.JSON)
                                .body("{\"passed\":true,\"note\":\"" + "x".repeat(501) + "\"}")
                                .post("/api/v1/reinspections/" + items.get(0) + "/actions/complete")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("note")));

        given().auth()
                .oauth2(gridWorker)
                .contentType(ContentType.JSON)
                .body("{\"passed\":true,\"note\":\"保持良好\"}")
                .post("/api/v1/reinspections/" + items.get(0) + "/actions/complete")
                .then()
                .statusCode(200)
                .body("status", equalTo("PASSED"));
        long newTicket = ((Number) given().auth()
                        .oauth2(gridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"passed\":false,\"note\":\"通道又被堵\"}")
                        .post("/api/v1/reinspections/" + items.get(1) + "/actions/complete")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("FAILED"))
                        .body("newTicketId", notNullValue())
                        .extract()
                        .path("newTicketId"))
                .longValue();
        assertProblem(
                given().auth()
                        .oauth2(gridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"passed\":true}")
                        .post("/api/v1/reinspections/" + items.get(1) + "/actions/complete")
                        .then(),
                409,
                "reinspection-done");

        long failedTicket = given().auth()
                .oauth2(gridWorker)
                .get("/api/v1/reinspections?status=FAILED")
                .then()
                .extract()
                .jsonPath()
                .getLong("items[0].ticketId");
        // the new ticket: dispatched to the same unit with fresh deadlines, linked to the old one
        given().auth()
                .oauth2(unit)
                .get("/api/v1/tickets/" + newTicket)
                .then()
                .statusCode(200)
                .body("ticket.state", equalTo("DISPATCHED"))
                .body("parentTicketId", equalTo((int) failedTicket))
                .body("deadlines.signDueAt", notNullValue())
                .body("ticket.leadUnit.id", equalTo(town.department.id.intValue()));
        given().auth()
                .oauth2(gridWorker)
                .get("/api/v1/tickets/" + failedTicket)
                .then()
                .body("timeline.type", hasItem("REINSPECTION_FAILED"));
    }

    @Test
    void aFailedReinspectionOfAUnitThatIsGoneGoesToTheDispatcher() throws Exception {
        Instant now = Instant.now();
        List<Long> ids = closed(1, now.minus(Duration.ofDays(31)));
        reinspections.sample(now, 1.0);
        int item = given().auth()
                .oauth2(gridWorker)
                .get("/api/v1/reinspections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("items.find { it.ticketId == " + ids.get(0) + " }.id");
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("update unit set active = false where id = ?")) {
            ps.setLong(1, town.department.id);
            ps.executeUpdate();
        }
        long newTicket = ((Number) given().auth()
                        .oauth2(gridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"passed\":false,\"note\":\"又堵上了\"}")
                        .post("/api/v1/reinspections/" + item + "/actions/complete")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("newTicketId"))
                .longValue();
        String dispatcher = Fixtures.token(town.dispatcher());
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "RETURNED")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) newTicket));
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + newTicket)
                .then()
                .body("ticket.state", equalTo("RETURNED"))
                .body("deadlines.dueAt", org.hamcrest.Matchers.notNullValue())
                .body("deadlines.dueOwner", equalTo("DISPATCHER"));
    }
}
