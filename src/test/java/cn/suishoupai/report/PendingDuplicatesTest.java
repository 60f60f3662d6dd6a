package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.media.TestPhotos;
import cn.suishoupai.reward.RewardWorld;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One hazard, one ticket (issue 11): reports waiting in the review queue are duplicates of each other as well as of
 * open tickets, both ways; accepting one offers (and merges) the rest; a second accept of the same hazard is refused.
 */
@QuarkusTest
class PendingDuplicatesTest {

    private static final double M = 1 / 111_320.0;
    private static final DateTimeFormatter EXIF_TIME =
            DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    AgroalDataSource ds;

    Town town;
    String admin;
    String dispatcher;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(null, town.township.id, null, Set.of());
        Routing.refreshNow(routing);
        dispatcher = Fixtures.token(town.dispatcher());
    }

    private String resident() {
        Account a = fixtures.resident();
        return fixtures.tokenFor(a.id);
    }

    private static byte[] photo(double[] at, long seed) {
        return Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed);
    }

    /** The same picture re-compressed by a messaging app: other bytes, near-identical content. */
    private static byte[] recompressed(double[] at, long seed) {
        return TestPhotos.withExif(
                TestPhotos.jpeg(TestPhotos.photoLike(640, 480, seed), 0.6f),
                TestPhotos.ExifSpec.empty()
                        .gps(at[0], at[1])
                        .taken(EXIF_TIME.format(Instant.now().minus(Duration.ofMinutes(30)))));
    }

    private static Response submit(String token, double[] at, String category, byte[] photo) {
        return Reports.submit(token, Reports.fields(at, category), List.of(Reports.jpeg("p.jpg", photo)));
    }

    private static long id(Response r) {
        return ((Number) r.then().statusCode(201).extract().path("id")).longValue();
    }

    private static double[] north(double[] at, double metres) {
        return new double[] {at[0] + metres * M, at[1]};
    }

    private Response action(String token, long id, String action, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/dispatch/reports/" + id + "/actions/" + action);
    }

    private io.restassured.response.ValidatableResponse detail(long id) {
        return given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + id)
                .then()
                .statusCode(200);
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

    private long tickets() throws Exception {
        return count("select count(*) from ticket where township_id = ?", town.township.id);
    }

    @Test
    void pendingReportsOfTheSameHazardShowEachOther() throws Exception {
        // same photo bytes, sent by two residents from 1.5 km apart
        double[] a = town.centre('A', 0, 0);
        byte[] shared = photo(a, 101);
        long samePhoto1 = id(submit(resident(), a, town.reviewed.code, shared));
        long samePhoto2 = id(submit(resident(), town.centre('A', 1, 1), town.reviewed.code, shared));
        // the same picture re-compressed, 300 m away
        double[] b = town.centre('B', 0, 0);
        long similar1 = id(submit(resident(), b, town.reviewed.code, photo(b, 102)));
        long similar2 = id(submit(resident(), north(b, 300), town.reviewed.code, recompressed(north(b, 300), 102)));
        // the same category 20 m apart, different photos
        double[] c = town.centre('B', 1, 1);
        long nearby1 = id(submit(resident(), c, town.reviewed.code, photo(c, 103)));
        long nearby2 = id(submit(resident(), north(c, 20), town.reviewed.code, photo(north(c, 20), 104)));

        long[][] pairs = {{samePhoto1, samePhoto2}, {similar1, similar2}, {nearby1, nearby2}};
        String[] kinds = {"SAME_PHOTO", "SIMILAR_PHOTO", "NEARBY"};
        for (int i = 0; i < pairs.length; i++) {
            for (int side = 0; side < 2; side++) {
                long self = pairs[i][side];
                long other = pairs[i][1 - side];
                detail(self)
                        .body("report.reviewReasons", hasItem("SUSPECTED_DUPLICATE"))
                        .body("report.duplicateReports.reportId", contains((int) other))
                        .body("report.duplicateReports[0].kind", equalTo(kinds[i]))
                        .body("report.duplicateReports[0].status", equalTo("PENDING_REVIEW"));
            }
        }
        Number distance = detail(nearby2).extract().path("report.duplicateReports[0].distanceMeters");
        assertThat(distance.doubleValue()).isBetween(18.0, 22.0);
        // the queue filter on the reason finds the earlier one too
        given().auth()
                .oauth2(dispatcher)
                .queryParam("reason", "SUSPECTED_DUPLICATE")
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("total", equalTo(6));
    }

    @Test
    void aReportDuplicatingAPendingOneIsNotAutoDispatched() throws Exception {
        // the first report waits (its photo was taken 8 days ago: evidence against it; a photo without EXIF no longer
        // holds a report back, issue 14); the second, clear on its own, is the same hazard 20 m away
        double[] at = town.centre('A', 0, 1);
        long first = id(submit(
                resident(),
                at,
                town.fire.code,
                Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofDays(8)), 105)));
        double[] near = north(at, 20);
        submit(resident(), near, town.fire.code, photo(near, 106))
                .then()
                .statusCode(201)
                .body("status", equalTo("SUBMITTED"))
                .body("reviewReasons", contains("SUSPECTED_DUPLICATE"));
        assertThat(tickets()).as("no second ticket for the hazard").isZero();
        detail(first).body("report.duplicateReports", org.hamcrest.Matchers.hasSize(1));
    }

    @Test
    void acceptingOneMergesTheOthersIntoOneTicketWithOneReward() throws Exception {
        RewardWorld.fixedRule(admin, town.reviewed.code, "GENERAL", 2000);
        double[] at = town.centre('A', 1, 0);
        long first = id(submit(resident(), at, town.reviewed.code, photo(at, 107)));
        long second = id(submit(resident(), north(at, 20), town.reviewed.code, photo(north(at, 20), 108)));
        byte[] shared = photo(at, 109);
        long third = id(submit(resident(), north(at, -15), town.reviewed.code, shared));

        // bad merge lists change nothing
        long elsewhere =
                id(submit(resident(), town.centre('B', 0, 1), town.reviewed.code, photo(town.centre('B', 0, 1), 110)));
        action(dispatcher, elsewhere, "reject", "{\"reason\":\"NOT_A_HAZARD\"}")
                .then()
                .statusCode(200);
        assertProblem(
                action(dispatcher, second, "accept", "{\"mergeDuplicates\":[" + elsewhere + "]}")
                        .then(),
                409,
                "report-not-in-review");
        assertProblem(
                        action(dispatcher, second, "accept", "{\"mergeDuplicates\":[" + second + "]}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("mergeDuplicates"));
        Town other = new Town(fixtures, admin);
        other.rule(null, other.township.id, null, Set.of());
        Routing.refreshNow(routing);
        long foreign = id(
                submit(resident(), other.centre('A', 0, 0), other.reviewed.code, photo(other.centre('A', 0, 0), 111)));
        assertProblem(
                action(dispatcher, second, "accept", "{\"mergeDuplicates\":[" + foreign + "]}")
                        .then(),
                404,
                "report-not-found");
        assertThat(tickets()).isZero();
        assertThat(count(
                        "select count(*) from report where id in (?, ?, ?) and status = 'PENDING_REVIEW'",
                        first,
                        second,
                        third))
                .isEqualTo(3);

        // accepting the second offers the other two and merges them in the same call
        Response accepted = action(dispatcher, second, "accept", "{\"mergeDuplicates\":[" + first + "," + third + "]}");
        accepted.then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("ticketId", notNullValue())
                .body("duplicateReports.reportId", contains((int) first, (int) third))
                .body("duplicateReports.status", contains("MERGED", "MERGED"));
        long ticket = ((Number) accepted.path("ticketId")).longValue();
        assertThat(tickets()).isEqualTo(1);
        assertThat(count("select count(*) from report where ticket_id = ?", ticket))
                .isEqualTo(3);
        assertThat(count("select count(*) from ticket_event where ticket_id = ? and type = 'REPORT_MERGED'", ticket))
                .isEqualTo(2);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_MERGED' and target_id in (?, ?)",
                        String.valueOf(first),
                        String.valueOf(third)))
                .isEqualTo(2);

        // verified: one reward, for the first reporter
        Account worker = fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id));
        RewardWorld.verify(Fixtures.token(worker), ticket, true).then().statusCode(200);
        assertThat(count(
                        "select count(*) from reward r join report p on p.id = r.report_id where p.id in (?, ?, ?)",
                        first,
                        second,
                        third))
                .isEqualTo(1);
        assertThat(count("select report_id from reward where ticket_id = ?", ticket))
                .isEqualTo(first);
    }

    @Test
    void aTicketOpenedFromOneDuplicateIsOfferedToTheOthers() throws Exception {
        double[] at = town.centre('B', 1, 0);
        long first = id(submit(resident(), at, town.reviewed.code, photo(at, 112)));
        long second = id(submit(resident(), north(at, 20), town.reviewed.code, photo(north(at, 20), 113)));

        // accepted alone: the answer offers the other pending report
        Response accepted = action(dispatcher, first, "accept", "{}");
        accepted.then()
                .statusCode(200)
                .body("duplicateReports.reportId", contains((int) second))
                .body("duplicateReports[0].status", equalTo("PENDING_REVIEW"));
        long ticket = ((Number) accepted.path("ticketId")).longValue();

        // the other now shows the new ticket as a candidate
        detail(second)
                .body("report.duplicates.ticketId", hasItem((int) ticket))
                .body("report.duplicates[0].kind", equalTo("NEARBY"));
        // and accepting it blindly is refused, naming the open ticket; nothing changes
        assertProblem(action(dispatcher, second, "accept", "{}").then(), 409, "duplicate-ticket-open")
                .body("ticketIds", contains((int) ticket));
        assertThat(tickets()).isEqualTo(1);
        assertThat(count("select count(*) from report where id = ? and status = 'PENDING_REVIEW'", second))
                .isEqualTo(1);

        // merged into it: one ticket for the hazard
        action(dispatcher, second, "merge", "{\"ticketId\":" + ticket + "}")
                .then()
                .statusCode(200)
                .body("status", equalTo("MERGED"));
        assertThat(tickets()).isEqualTo(1);
        // after an unmerge the dispatcher may still decide it is another hazard, knowingly
        action(dispatcher, second, "unmerge", "{}").then().statusCode(200);
        action(dispatcher, second, "accept", "{\"confirmNewTicket\":true}")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        assertThat(tickets()).isEqualTo(2);
    }

    @Test
    void twoDispatchersAcceptingTwoDuplicatesAtOnceMakeOneTicket() throws Exception {
        double[] at = town.centre('A', 0, 0);
        long first = id(submit(resident(), at, town.reviewed.code, photo(at, 114)));
        long second = id(submit(resident(), north(at, 10), town.reviewed.code, photo(north(at, 10), 115)));
        String otherDispatcher = Fixtures.token(town.dispatcher());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        results.add(pool.submit(() -> {
            go.await();
            return action(dispatcher, first, "accept", "{}");
        }));
        results.add(pool.submit(() -> {
            go.await();
            return action(otherDispatcher, second, "accept", "{}");
        }));
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> f : results) {
            Response r = f.get();
            statuses.add(r.statusCode());
            if (r.statusCode() == 409) {
                assertProblem(r.then(), 409, "duplicate-ticket-open");
            }
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(tickets()).isEqualTo(1);
    }
}
