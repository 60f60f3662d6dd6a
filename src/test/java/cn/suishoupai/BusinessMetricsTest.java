package cn.suishoupai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.reward.RewardWorld;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Metrics;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.ChaseJob;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The business metrics on /q/metrics, with the exact names the dashboard and alerts use, moved by real API actions:
 * reports received, auto-dispatched and reviewed, the review queue's depth and age, rewards accrued and paid (fen),
 * chase steps, overdue tickets and the outbox's lag. (Outbox give-ups: OutboxDeliveryTest; uploads: UploadTest.)
 * Counters are compared before and after; the gauges count shared state (other tests' rows too), so they are
 * compared with what this test added.
 */
@QuarkusTest
class BusinessMetricsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    RewardWorld world;

    @Inject
    Tickets tickets;

    @Inject
    ChaseJob chase;

    @Inject
    TestClock clock;

    Town town;
    String resident;
    String dispatcher;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(null, town.township.id, null, Set.of());
        Routing.refreshNow(routing);
        resident = fixtures.tokenFor(fixtures.resident().id);
        dispatcher = Fixtures.token(town.dispatcher());
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long report(char zone, String category, long seed) {
        double[] at = town.centre(zone, 0, 0);
        Map<String, String> f = Reports.fields(at, category);
        byte[] photo = Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed);
        return ((Number) Reports.submit(resident, f, List.of(Reports.jpeg("p.jpg", photo)))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    private void decide(long reportId, String action, String body) {
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/dispatch/reports/" + reportId + "/actions/" + action)
                .then()
                .statusCode(200);
    }

    @Test
    void reportsAndTheReviewQueue() {
        double received = Metrics.value("suishoupai_reports_received_total");
        double auto = Metrics.value("suishoupai_reports_auto_dispatched_total");
        double accepted = Metrics.value("suishoupai_reports_reviewed_total{decision=\"accepted\"}");
        double rejected = Metrics.value("suishoupai_reports_reviewed_total{decision=\"rejected\"}");
        double depth = Metrics.value("suishoupai_review_queue_depth");

        report('A', town.fire.code, 11); // FIRE goes straight to its department
        long q1 = report('A', town.reviewed.code, 12); // always reviewed
        long q2 = report('B', town.reviewed.code, 13);

        assertThat(Metrics.value("suishoupai_reports_received_total")).isEqualTo(received + 3);
        assertThat(Metrics.value("suishoupai_reports_auto_dispatched_total")).isEqualTo(auto + 1);
        assertThat(Metrics.value("suishoupai_review_queue_depth")).isEqualTo(depth + 2);
        clock.advance(Duration.ofHours(2));
        assertThat(Metrics.value("suishoupai_review_queue_oldest_seconds")).isGreaterThanOrEqualTo(7200);

        decide(q1, "accept", "{}");
        decide(q2, "reject", "{\"reason\":\"NOT_A_HAZARD\"}");
        assertThat(Metrics.value("suishoupai_reports_reviewed_total{decision=\"accepted\"}"))
                .isEqualTo(accepted + 1);
        assertThat(Metrics.value("suishoupai_reports_reviewed_total{decision=\"rejected\"}"))
                .isEqualTo(rejected + 1);
        assertThat(Metrics.value("suishoupai_review_queue_depth")).isEqualTo(depth);
    }

    @Test
    void rewardsAccruedAndPaidInFen() {
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        String finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        double accrued = Metrics.value("suishoupai_rewards_accrued_fen_total");
        double paid = Metrics.value("suishoupai_rewards_paid_fen_total");

        Account payee = fixtures.resident();
        Ticket t = world.ticket(town, Severity.GENERAL);
        world.resident(t, payee, Instant.now().minusSeconds(60));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        long reward = world.rewardOf(t.id).id;
        assertThat(Metrics.value("suishoupai_rewards_accrued_fen_total")).isEqualTo(accrued + 5000);
        assertThat(Metrics.value("suishoupai_rewards_paid_fen_total")).isEqualTo(paid);

        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + reward + "/actions/approve")
                .then()
                .statusCode(200);
        long batch = ((Number) given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"regionId\":" + town.township.id + "}")
                        .post("/api/v1/payout-batches")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("batch.id"))
                .longValue();
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch + "/actions/export")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"lines\":[{\"rewardId\":" + reward + ",\"status\":\"PAID\",\"externalRef\":\"TX-M1\"}]}")
                .post("/api/v1/payout-batches/" + batch + "/results")
                .then()
                .statusCode(200);
        assertThat(Metrics.value("suishoupai_rewards_paid_fen_total")).isEqualTo(paid + 5000);
    }

    @Test
    void chaseStepsOverdueTicketsAndOutboxLag() {
        double steps = Metrics.value("suishoupai_chase_steps_total");
        double overdue = Metrics.value("suishoupai_tickets_overdue");
        tickets.dispatched(town, town.department.id); // its outbox rows wait: delivery is off in the tests

        clock.advance(Duration.ofDays(60)); // past every deadline it has
        assertThat(Metrics.value("suishoupai_tickets_overdue")).isGreaterThanOrEqualTo(overdue + 1);
        assertThat(Metrics.value("suishoupai_outbox_lag_seconds")).isGreaterThanOrEqualTo(60 * 86400);
        int raised = chase.run();
        assertThat(raised).isPositive();
        assertThat(Metrics.value("suishoupai_chase_steps_total")).isEqualTo(steps + raised);
        assertThat(Metrics.value("suishoupai_outbox_give_ups_total")).isGreaterThanOrEqualTo(0);
        assertThat(Metrics.value("suishoupai_uploads_backlog")).isGreaterThanOrEqualTo(0);
        assertThat(Metrics.value("suishoupai_uploads_processed_total{outcome=\"failed\"}"))
                .isGreaterThanOrEqualTo(0);
    }
}
