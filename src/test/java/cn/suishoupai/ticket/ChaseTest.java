package cn.suishoupai.ticket;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The chase (催办, 逾期, 督办): each step raised once, at its time, by any number of instances. */
@QuarkusTest
class ChaseTest {

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
    ChaseNotices notices;

    Town town;
    String dispatcher;
    String leader;
    String unit;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        dispatcher = Fixtures.token(town.dispatcher());
        leader = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of(town.township.id)));
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        job.run(); // whatever earlier tests left due is raised now, not inside this test's counts
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long count(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i] instanceof Long[] ids ? c.createArrayOf("bigint", ids) : args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Instant at(long ticketId, String stage) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select due_at from ticket_chase where ticket_id = ? and stage = ?")) {
            ps.setLong(1, ticketId);
            ps.setString(2, stage);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("pending " + stage).isTrue();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private void moveTo(Instant t) {
        clock.advance(Duration.between(clock.instant(), t).plusSeconds(1));
    }

    private long events(long ticketId, String type) throws Exception {
        return count("select count(*) from ticket_event where ticket_id = ? and type = ?", ticketId, type);
    }

    private long notices(long ticketId, String type, String recipientType, long recipientId) throws Exception {
        return count(
                "select count(*) from outbox_event where ticket_id = ? and type = ? and recipient_type = ? and recipient_id = ?",
                ticketId,
                type,
                recipientType,
                recipientId);
    }

    @Test
    void remindOverdueEscalateThenLeadersEachOnce() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'SIGN'", t.id))
                .isEqualTo(4);
        Instant remind = at(t.id, "REMINDER");
        Instant due = at(t.id, "OVERDUE");
        Instant leaders = at(t.id, "LEADERS");
        assertThat(remind).isBefore(due);
        assertThat(leaders).isAfter(due);

        assertThat(job.run()).isZero();
        moveTo(remind);
        job.run();
        job.run();
        assertThat(events(t.id, "DEADLINE_REMINDER")).isEqualTo(1);
        assertThat(notices(t.id, "DEADLINE_REMINDER", "UNIT", town.department.id))
                .isEqualTo(1);
        assertThat(events(t.id, "TICKET_OVERDUE")).isZero();

        moveTo(due);
        job.run();
        assertThat(events(t.id, "TICKET_OVERDUE")).isEqualTo(1);
        assertThat(notices(t.id, "TICKET_OVERDUE", "UNIT", town.department.id)).isEqualTo(1);
        assertThat(notices(t.id, "ESCALATED_TO_DISPATCHER", "REGION_DISPATCHERS", town.township.id))
                .isEqualTo(1);
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "ESCALATED")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(t.id.intValue()));
        given().auth()
                .oauth2(leader)
                .queryParam("box", "LEADER_ESCALATED")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", not(hasItem(t.id.intValue())));

        moveTo(leaders);
        job.run();
        job.run();
        assertThat(notices(t.id, "ESCALATED_TO_LEADERS", "REGION_LEADERS", town.township.id))
                .isEqualTo(1);
        given().auth()
                .oauth2(leader)
                .queryParam("box", "LEADER_ESCALATED")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", hasItem(t.id.intValue()));
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'SIGN'", t.id))
                .isZero(); // all raised
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/tickets/" + t.id)
                .then()
                .statusCode(200)
                .body(
                        "chase.findAll { it.deadline == 'SIGN' }.type",
                        org.hamcrest.Matchers.contains(
                                "DEADLINE_REMINDER",
                                "TICKET_OVERDUE",
                                "ESCALATED_TO_DISPATCHER",
                                "ESCALATED_TO_LEADERS"));

        // signing late ends the escalation: the rectification deadline is chased from now on
        given().auth()
                .oauth2(unit)
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200);
        assertThat(count("select count(*) from ticket_chase where ticket_id = ? and deadline = 'RECTIFY'", t.id))
                .isEqualTo(4);
        given().auth()
                .oauth2(dispatcher)
                .queryParam("box", "ESCALATED")
                .get("/api/v1/tickets")
                .then()
                .body("items.id", not(hasItem(t.id.intValue())));
    }

    /**
     * 催办 at half-time of a short period is half of its working time: a ticket dispatched on Friday
     * 17:00 with 2 working hours to sign (due Monday 10:00: 30 min on Friday, 90 min on Monday) is
     * reminded on Monday 09:00, not at the wall-clock midpoint, Sunday 01:30.
     */
    @Test
    void aHalfTimeReminderFallsInWorkingTime() throws Exception {
        clock.advance(Duration.between(clock.instant(), WorkCalendarTestTimes.sh("2026-03-20T17:00")));
        Ticket t = tickets.dispatched(town, town.department.id);
        assertThat(at(t.id, "OVERDUE"))
                .isBetween(WorkCalendarTestTimes.sh("2026-03-23T10:00"), WorkCalendarTestTimes.sh("2026-03-23T10:01"));
        assertThat(at(t.id, "REMINDER"))
                .isBetween(WorkCalendarTestTimes.sh("2026-03-23T08:59"), WorkCalendarTestTimes.sh("2026-03-23T09:01"));
    }

    @Test
    void aMetDeadlineIsNeverChased() throws Exception {
        Ticket t = tickets.dispatched(town, town.department.id);
        Instant due = at(t.id, "OVERDUE");
        given().auth()
                .oauth2(unit)
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200);
        moveTo(due.plus(Duration.ofHours(1)));
        job.run();
        assertThat(events(t.id, "TICKET_OVERDUE")).isZero();
        assertThat(count("select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_OVERDUE'", t.id))
                .isZero();
    }

    @Test
    void majorHazardsAreSupervisedFromDispatch() throws Exception {
        Ticket t = tickets.dispatched(town, 'A', 0, 1, town.fire, Severity.MAJOR, town.department.id, Set.of());
        assertThat(notices(t.id, "TICKET_SUPERVISED", "REGION_LEADERS", town.township.id))
                .isEqualTo(1);
        assertThat(notices(t.id, "TICKET_DISPATCHED", "UNIT", town.department.id))
                .isEqualTo(1);
        given().auth()
                .oauth2(leader)
                .queryParam("box", "SUPERVISED")
                .get("/api/v1/tickets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(t.id.intValue()));
    }

    /**
     * Two instances against one database: the application's job and a second, independent sweeper
     * on its own connections, racing over the same due steps in small batches.
     */
    @Test
    void twoInstancesRaiseEverythingOnceAndMissNothing() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(tickets.dispatched(town, town.department.id).id);
        }
        long steps = count(
                "select count(*) from ticket_chase c join ticket t on t.id = c.ticket_id where t.township_id = ? "
                        + "and c.deadline = 'SIGN'",
                town.township.id);
        assertThat(steps).isEqualTo(160);
        // beside each sign deadline, the grid workers' verification deadline: reminder, overdue, leaders
        assertThat(count(
                        "select count(*) from ticket_chase c join ticket t on t.id = c.ticket_id where t.township_id = ? "
                                + "and c.deadline = 'VERIFY' and c.owner = 'VERIFIER'",
                        town.township.id))
                .isEqualTo(120);
        Instant later = clock.instant().plus(Duration.ofDays(60)); // everything is due
        // other tests' tickets in this database fall due too: the race must raise all of them, once
        long dueEverywhere = count("select count(*) from ticket_chase where due_at <= ?", Timestamp.from(later));

        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setURL(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
        other.setUser(ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class));
        ChaseSweep first = new ChaseSweep(ds, 7, notices);
        ChaseSweep second = new ChaseSweep(other, 5, notices);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Integer>> runs = List.of(
                () -> {
                    go.await();
                    return first.sweep(later);
                },
                () -> {
                    go.await();
                    return second.sweep(later);
                },
                () -> {
                    go.await();
                    return first.sweep(later);
                },
                () -> {
                    go.await();
                    return second.sweep(later);
                });
        List<Future<Integer>> done = new ArrayList<>();
        runs.forEach(r -> done.add(pool.submit(r)));
        go.countDown();
        int raised = 0;
        for (Future<Integer> f : done) {
            raised += f.get();
        }
        pool.shutdown();

        Long[] arr = ids.toArray(Long[]::new);
        assertThat(raised).isEqualTo(dueEverywhere);
        assertThat(count("select count(*) from ticket_chase where ticket_id = any(?)", (Object) arr))
                .isZero();
        for (String type :
                List.of("DEADLINE_REMINDER", "TICKET_OVERDUE", "ESCALATED_TO_DISPATCHER", "ESCALATED_TO_LEADERS")) {
            // one timeline event and one notice per ticket and step: nothing twice, nothing missed
            assertThat(count(
                            "select count(*) from ticket_event where ticket_id = any(?) and type = ? and details->>'deadline' = 'SIGN'",
                            (Object) arr,
                            type))
                    .as(type)
                    .isEqualTo(40);
            assertThat(count(
                            "select count(distinct ticket_id) from ticket_event where ticket_id = any(?) and type = ? "
                                    + "and details->>'deadline' = 'SIGN'",
                            (Object) arr,
                            type))
                    .as(type)
                    .isEqualTo(40);
            assertThat(count(
                            "select count(*) from outbox_event where ticket_id = any(?) and type = ? and payload->>'deadline' = 'SIGN'",
                            (Object) arr,
                            type))
                    .as(type)
                    .isEqualTo(40);
            // the verification deadline's steps, once each (it has no escalation to the dispatchers: it is theirs)
            assertThat(count(
                            "select count(*) from ticket_event where ticket_id = any(?) and type = ? and details->>'deadline' = 'VERIFY'",
                            (Object) arr,
                            type))
                    .as(type)
                    .isEqualTo(type.equals("ESCALATED_TO_DISPATCHER") ? 0 : 40);
        }
        assertThat(first.sweep(later) + second.sweep(later)).isZero();
    }
}
