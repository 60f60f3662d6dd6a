package cn.suishoupai.reward;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.report.Report;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Problems;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Accrual on verification through the real API: each eligibility case, caps and budget, fines, races. */
@QuarkusTest
class RewardAccrualTest {

    @Inject
    RoutingService routingService;

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    @Inject
    RewardAccrual accrual;

    @Inject
    Clock clock;

    String admin;
    Town town;
    String gridWorker;
    Account gridWorkerAccount;
    String finance;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        gridWorkerAccount = fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id));
        gridWorker = Fixtures.token(gridWorkerAccount);
        finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
    }

    private Ticket ticket() {
        return world.ticket(town, Severity.GENERAL);
    }

    private static Instant ago(int minutes) {
        return Instant.now().minusSeconds(60L * minutes);
    }

    @Test
    void theFirstResidentReportIsRewardedAndDuplicatesAreNot() {
        Account first = fixtures.resident();
        Account duplicate = fixtures.resident();
        Ticket t = ticket();
        Report r1 = world.resident(t, first, ago(30));
        world.report(t, duplicate, "resident", false, null, Report.Status.MERGED, ago(20));

        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);

        Reward w = world.rewardOf(t.id);
        assertThat(w.reportId).isEqualTo(r1.id);
        assertThat(w.payeeAccountId).isEqualTo(first.id);
        assertThat(w.amountFen).isEqualTo(5000);
        assertThat(w.state).isEqualTo(RewardState.ACCRUED); // ¥50 is not under the test's ¥30 auto-approval
        assertThat(w.accrualMonth)
                .isEqualTo(YearMonth.now(ZoneId.of("Asia/Shanghai")).toString());
        assertThat(world.count(
                        "select count(*) from reward_ledger where reward_id = ? and kind = 'ACCRUAL' and amount_fen = 5000",
                        w.id))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from outbox_event where type = 'REWARD_ACCRUED' and recipient_id = ?",
                        first.id))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_ACCRUED' and target_id = ?",
                        String.valueOf(w.id)))
                .isEqualTo(1);

        given().auth()
                .oauth2(fixtures.tokenFor(first.id))
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].ticketId", equalTo(t.id.intValue()))
                .body("items[0].amountFen", equalTo(5000))
                .body("items[0].amountYuan", equalTo("50.00"))
                .body("items[0].state", equalTo("ACCRUED"));
        given().auth()
                .oauth2(fixtures.tokenFor(duplicate.id))
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void staffReportsAndFraudulentReportsArePassedOver() {
        Account staffAsResident = fixtures.staff(Set.of("dispatcher"), null, Set.of(town.township.id));
        Account cheat = fixtures.resident();
        Account honest = fixtures.resident();
        Ticket t = ticket();
        world.report(t, gridWorkerAccount, "grid_worker", false, null, Report.Status.ACCEPTED, ago(40));
        world.report(t, staffAsResident, "resident", false, null, Report.Status.MERGED, ago(35));
        Report fraud = world.report(t, cheat, "resident", false, null, Report.Status.MERGED, ago(30));
        Report ok = world.report(t, honest, "resident", false, null, Report.Status.MERGED, ago(20));
        String dispatcher = Fixtures.token(town.dispatcher());
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"照片为网络下载\"}")
                .post("/api/v1/dispatch/reports/" + fraud.id + "/actions/mark-fraudulent")
                .then()
                .statusCode(200)
                .body("rewardId", nullValue());

        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);

        Reward w = world.rewardOf(t.id);
        assertThat(w.reportId).isEqualTo(ok.id);
        assertThat(w.payeeAccountId).isEqualTo(honest.id);
        // the rewarded report cannot be unmerged from the ticket it earned the reward on
        Problems.assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/v1/dispatch/reports/" + ok.id + "/actions/unmerge")
                        .then(),
                409,
                "report-rewarded");
        assertThat(world.rewardOf(t.id).reportId).isEqualTo(ok.id);
    }

    @Test
    void aTicketWithOnlyStaffReportsOrVerifiedNotRealAccruesNothing() {
        Ticket staffOnly = ticket();
        world.report(staffOnly, gridWorkerAccount, "grid_worker", false, null, Report.Status.ACCEPTED, ago(10));
        RewardWorld.verify(gridWorker, staffOnly.id, true).then().statusCode(200);
        assertThat(world.rewardOf(staffOnly.id)).isNull();
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_NOT_ACCRUED' and target_id = ?",
                        String.valueOf(staffOnly.id)))
                .isEqualTo(1);

        Ticket notReal = ticket();
        world.resident(notReal, fixtures.resident(), ago(10));
        RewardWorld.verify(gridWorker, notReal.id, false).then().statusCode(200);
        assertThat(world.rewardOf(notReal.id)).isNull();
    }

    @Test
    void anAnonymousReportIsPaidToWhoeverClaimsItWithItsCode() {
        Ticket t = ticket();
        Report anon = world.report(t, null, "resident", true, "ABCD-EFGH-JK01", Report.Status.ACCEPTED, ago(30));
        world.resident(t, fixtures.resident(), ago(20)); // a later duplicate: not rewarded
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);

        Reward w = world.rewardOf(t.id);
        assertThat(w.reportId).isEqualTo(anon.id);
        assertThat(w.payeeAccountId).isNull();
        assertThat(w.amountFen).isEqualTo(5000);
        // unclaimed: finance cannot approve it yet
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .post("/api/v1/rewards/" + w.id + "/actions/approve")
                        .then(),
                409,
                "reward-unclaimed");

        Account claimer = fixtures.resident();
        String token = fixtures.tokenFor(claimer.id);
        assertProblem(
                given().auth()
                        .oauth2(token)
                        .contentType(ContentType.JSON)
                        .body("{\"claimCode\":\"ZZZZ-ZZZZ-ZZZZ\"}")
                        .post("/api/v1/rewards/claims")
                        .then(),
                404,
                "claim-code-unknown");
        // the code's shape is checked on the request (ClaimBody): blank or longer than any code is a 422 naming it
        for (String bad : new String[] {"{\"claimCode\":\"  \"}", "{\"claimCode\":\"" + "A".repeat(33) + "\"}", "{}"}) {
            assertProblem(
                            given().auth()
                                    .oauth2(token)
                                    .contentType(ContentType.JSON)
                                    .body(bad)
                                    .post("/api/v1/rewards/claims")
                                    .then(),
                            422,
                            "invalid-field")
                    .body("errors.field", equalTo(List.of("claimCode")))
                    .body("errors[0].message", equalTo("必填"));
        }
        assertThat(world.rewardOf(t.id).payeeAccountId).as("nothing claimed").isNull();
        // codes are retyped: case, dashes and O/I/L do not matter
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"claimCode\":\"abcdefghjkOl\"}")
                .post("/api/v1/rewards/claims")
                .then()
                .statusCode(200)
                .body("reportId", equalTo(anon.id.intValue()))
                .body("rewardId", equalTo(w.id.intValue()))
                .body("amountFen", equalTo(5000));
        // again: the same answer; someone else: 409
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"claimCode\":\"ABCD-EFGH-JK01\"}")
                .post("/api/v1/rewards/claims")
                .then()
                .statusCode(200)
                .body("rewardId", equalTo(w.id.intValue()));
        assertProblem(
                given().auth()
                        .oauth2(fixtures.tokenFor(fixtures.resident().id))
                        .contentType(ContentType.JSON)
                        .body("{\"claimCode\":\"ABCD-EFGH-JK01\"}")
                        .post("/api/v1/rewards/claims")
                        .then(),
                409,
                "report-already-claimed");
        assertProblem(
                given().auth()
                        .oauth2(gridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"claimCode\":\"ABCD-EFGH-JK01\"}")
                        .post("/api/v1/rewards/claims")
                        .then(),
                403,
                "forbidden");

        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(w.id.intValue()))
                .body("items[0].state", equalTo("ACCRUED"));
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + w.id + "/actions/approve")
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("payee.accountId", equalTo(claimer.id.intValue()));
    }

    @Test
    void aReportClaimedBeforeVerificationIsPaidToTheClaimerAtOnce() {
        Ticket t = ticket();
        world.report(t, null, "resident", true, "MNPQ-RSTV-WXY2", Report.Status.ACCEPTED, ago(30));
        Account claimer = fixtures.resident();
        given().auth()
                .oauth2(fixtures.tokenFor(claimer.id))
                .contentType(ContentType.JSON)
                .body("{\"claimCode\":\"MNPQ-RSTV-WXY2\"}")
                .post("/api/v1/rewards/claims")
                .then()
                .statusCode(200)
                .body("rewardId", nullValue());
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        assertThat(world.rewardOf(t.id).payeeAccountId).isEqualTo(claimer.id);
    }

    @Test
    void smallRewardsAreApprovedAutomatically() {
        Town small = new Town(fixtures, admin);
        RewardWorld.fixedRule(admin, small.fire.code, "GENERAL", 2000);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(small.township.id)));
        Ticket t = world.ticket(small, Severity.GENERAL);
        world.resident(t, fixtures.resident(), ago(5));
        RewardWorld.verify(worker, t.id, true).then().statusCode(200);
        Reward w = world.rewardOf(t.id);
        assertThat(w.state).isEqualTo(RewardState.APPROVED);
        assertThat(w.approvedBy).isNull();
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_AUTO_APPROVED' and target_id = ?",
                        String.valueOf(w.id)))
                .isEqualTo(1);
    }

    @Test
    void noRuleInForceRecordsAZeroRewardWithTheReason() {
        Town bare = new Town(fixtures, admin);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(bare.township.id)));
        Ticket t = world.ticket(bare, Severity.MAJOR); // no MAJOR rule anywhere for this category
        world.resident(t, fixtures.resident(), ago(5));
        RewardWorld.verify(worker, t.id, true).then().statusCode(200);
        Reward w = world.rewardOf(t.id);
        assertThat(w.amountFen).isZero();
        assertThat(w.cutReason).isEqualTo("NO_RULE");
    }

    @Test
    void theMonthlyCapCutsAndRecordsTheReason() {
        Town big = new Town(fixtures, admin);
        RewardWorld.fixedRule(admin, big.fire.code, "GENERAL", 15000);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(big.township.id)));
        Account payee = fixtures.resident();
        List<Reward> rewards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ticket t = world.ticket(big, Severity.GENERAL);
            world.resident(t, payee, ago(5));
            RewardWorld.verify(worker, t.id, true).then().statusCode(200);
            rewards.add(world.rewardOf(t.id));
        }
        // the cap is ¥200 a month (20000 fen)
        assertThat(rewards).extracting(w -> w.amountFen).containsExactly(15000L, 5000L, 0L);
        assertThat(rewards).extracting(w -> w.ruleAmountFen).containsExactly(15000L, 15000L, 15000L);
        assertThat(rewards).extracting(w -> w.cutReason).containsExactly(null, "MONTHLY_CAP", "MONTHLY_CAP");
        given().auth()
                .oauth2(fixtures.tokenFor(payee.id))
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items[0].cutReason", equalTo("MONTHLY_CAP"));
    }

    @Test
    void theTownshipBudgetCutsAndRecordsTheReason() {
        Town tight = new Town(fixtures, admin);
        RewardWorld.fixedRule(admin, tight.fire.code, "GENERAL", 5000);
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"budgetFen\":8000}")
                .put("/api/v1/admin/reward-budgets/" + tight.township.id + "/" + year)
                .then()
                .statusCode(200)
                .body("budgetFen", equalTo(8000))
                .body("usedFen", equalTo(0));
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(tight.township.id)));
        List<Reward> rewards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ticket t = world.ticket(tight, Severity.GENERAL);
            world.resident(t, fixtures.resident(), ago(5));
            RewardWorld.verify(worker, t.id, true).then().statusCode(200);
            rewards.add(world.rewardOf(t.id));
        }
        assertThat(rewards).extracting(w -> w.amountFen).containsExactly(5000L, 3000L, 0L);
        assertThat(rewards).extracting(w -> w.cutReason).containsExactly(null, "REGION_BUDGET", "REGION_BUDGET");
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-budgets?year=" + year)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-budgets?year=" + year)
                .then()
                .body("find { it.regionId == " + tight.township.id + " }.usedFen", equalTo(8000))
                .body("find { it.regionId == " + tight.township.id + " }.remainingFen", equalTo(0));
        // budgets are set on townships only
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .contentType(ContentType.JSON)
                        .body("{\"budgetFen\":8000}")
                        .put("/api/v1/admin/reward-budgets/" + tight.zoneA.id + "/" + year)
                        .then(),
                422,
                "invalid-field");
        // the year is checked on the path parameter: the same 422 naming it; the budget stays as it was
        assertProblem(
                        given().auth()
                                .oauth2(admin)
                                .contentType(ContentType.JSON)
                                .body("{\"budgetFen\":1}")
                                .put("/api/v1/admin/reward-budgets/" + tight.township.id + "/1999")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("year")));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-budgets?year=1999")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"budgetFen\":8000}")
                        .put("/api/v1/admin/reward-budgets/" + tight.township.id + "/" + year)
                        .then(),
                403,
                "forbidden");
    }

    @Test
    void aFineBasedRuleAccruesWhenTheFineIsRecorded() {
        Town major = new Town(fixtures, admin);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"categoryCode\":\"" + major.fire.code + "\",\"severity\":\"MAJOR\",\"kind\":\"FINE_PERCENT\","
                        + "\"percentBps\":1500,\"minFen\":300000,\"maxFen\":30000000,\"validFrom\":\"2020-01-01\"}")
                .post("/api/v1/admin/reward-rules")
                .then()
                .statusCode(201);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(major.township.id)));
        String dispatcher = Fixtures.token(major.dispatcher());
        Ticket t = world.ticket(major, Severity.MAJOR);
        Account payee = fixtures.resident();
        world.resident(t, payee, ago(5));
        RewardWorld.verify(worker, t.id, true).then().statusCode(200);
        Reward w = world.rewardOf(t.id);
        assertThat(w.awaitingFine).isTrue();
        assertThat(w.amountFen).isZero();
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ?", w.id))
                .isZero();

        // wrong role, wrong scope, bad input: nothing recorded
        assertProblem(
                given().auth()
                        .oauth2(worker)
                        .contentType(ContentType.JSON)
                        .body("{\"fineFen\":5000000}")
                        .put("/api/v1/tickets/" + t.id + "/fine")
                        .then(),
                403,
                "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"fineFen\":5000000}")
                        .put("/api/v1/tickets/" + t.id + "/fine")
                        .then(),
                404,
                "ticket-not-found");
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body("{\"fineFen\":-1}")
                        .put("/api/v1/tickets/" + t.id + "/fine")
                        .then(),
                422,
                "invalid-field");
        assertThat(world.count("select count(*) from ticket_fine where ticket_id = ?", t.id))
                .isZero();

        // ¥50,000 fine: 15 % is ¥7,500, paid in full: the national scheme is not cut by the phone-credit monthly cap
        // (¥200)
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body("{\"fineFen\":5000000}")
                .put("/api/v1/tickets/" + t.id + "/fine")
                .then()
                .statusCode(200)
                .body("rewardId", equalTo(w.id.intValue()))
                .body("fineYuan", equalTo("50000.00"));
        w = world.rewardOf(t.id);
        assertThat(w.awaitingFine).isFalse();
        assertThat(w.fineFen).isEqualTo(5000000L);
        assertThat(w.ruleAmountFen).isEqualTo(750000L);
        assertThat(w.amountFen).isEqualTo(750000L);
        assertThat(w.cutReason).isNull();
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body("{\"fineFen\":6000000}")
                        .put("/api/v1/tickets/" + t.id + "/fine")
                        .then(),
                409,
                "fine-already-recorded");

        // nor does it use up the payee's monthly cap for ordinary (phone-credit) rewards
        RewardWorld.fixedRule(admin, major.fire.code, "GENERAL", 5000);
        Ticket general = world.ticket(major, Severity.GENERAL);
        world.resident(general, payee, ago(4));
        RewardWorld.verify(worker, general.id, true).then().statusCode(200);
        Reward g = world.rewardOf(general.id);
        assertThat(g.amountFen).isEqualTo(5000L);
        assertThat(g.cutReason).isNull();
    }

    /** Two verifications of one ticket at once: one wins, the other is 409, exactly one reward. */
    @Test
    void racingVerificationsAccrueExactlyOneReward() throws Exception {
        for (int round = 0; round < 3; round++) {
            Ticket t = ticket();
            world.resident(t, fixtures.resident(), ago(5));
            String otherWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Response>> results = new ArrayList<>();
                for (String token : List.of(gridWorker, otherWorker)) {
                    Callable<Response> c = () -> {
                        start.await();
                        return RewardWorld.verify(token, t.id, true);
                    };
                    results.add(pool.submit(c));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Response> f : results) {
                    statuses.add(f.get().statusCode());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            } finally {
                pool.shutdownNow();
            }
            assertThat(world.count("select count(*) from reward where ticket_id = ?", t.id))
                    .isEqualTo(1);
            assertThat(world.count(
                            "select count(*) from reward_ledger l join reward w on w.id = l.reward_id where w.ticket_id = ?",
                            t.id))
                    .isEqualTo(1);
        }
    }

    /** The accrual itself, called twice at once in two transactions: the unique ticket constraint leaves one. */
    @Test
    void racingAccrualCallsLeaveOneReward() throws Exception {
        Ticket t = ticket();
        world.resident(t, fixtures.resident(), ago(5));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Reward>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return QuarkusTransaction.requiringNew()
                            .call(() -> accrual.onVerified(Ticket.findById(t.id), Instant.now()));
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Reward> f : results) {
                if (f.get() != null) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(world.count("select count(*) from reward where ticket_id = ?", t.id))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from reward_ledger l join reward w on w.id = l.reward_id where w.ticket_id = ?",
                        t.id))
                .isEqualTo(1);
    }

    /** The normal path end to end: a resident's report through intake, auto-dispatched, verified, rewarded. */
    @Test
    void aReportThroughIntakeIsRewardedOnVerification() {
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routingService); // the new town's grids and rule, now rather than within a second
        Account resident = fixtures.resident();
        String token = fixtures.tokenFor(resident.id);
        double[] at = town.centre('A', 0, 1);
        // taken an hour ago by the application's clock, as ReportIntakeTest does: a fresh photo is not flagged
        Response submitted = Reports.submit(
                token,
                Reports.fields(at, town.fire.code),
                List.of(Reports.jpeg(
                        "a.jpg", Reports.photo(at[0], at[1], clock.instant().minusSeconds(3600), 4242))));
        submitted.then().statusCode(201);
        assertThat((Object) submitted.path("ticketId")).as(submitted.asString()).isNotNull();
        long ticketId = ((Number) submitted.path("ticketId")).longValue();
        RewardWorld.verify(gridWorker, ticketId, true).then().statusCode(200);
        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].ticketId", equalTo((int) ticketId))
                .body("items[0].amountFen", equalTo(5000));
    }

    /** The ways a real, fixed hazard reaches CLOSED (DOMAIN §4): each one leaves exactly one reward. */
    enum PathToClosed {
        /** 核实 while the unit works, then the passing 复查 */
        VERIFIED_THEN_RECHECKED,
        /** nobody verified: the passing on-site 复查 records the verification */
        RECHECKED_WITHOUT_VERIFICATION,
        /** closed before verification was required (before V11): verified after closure */
        CLOSED_UNVERIFIED_THEN_VERIFIED
    }

    @ParameterizedTest
    @EnumSource(PathToClosed.class)
    void everyPathToClosedAccruesTheRewardExactlyOnce(PathToClosed path) {
        Account reporter = fixtures.resident();
        Ticket t = ticket();
        world.resident(t, reporter, ago(30));
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        given().auth()
                .oauth2(unit)
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200);
        if (path == PathToClosed.VERIFIED_THEN_RECHECKED) {
            RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        }
        if (path == PathToClosed.CLOSED_UNVERIFIED_THEN_VERIFIED) {
            world.closeAsBeforeV11(t.id);
            assertThat(world.rewardOf(t.id)).isNull();
            given().auth()
                    .oauth2(gridWorker)
                    .queryParam("box", "TO_VERIFY")
                    .get("/api/v1/tickets")
                    .then()
                    .statusCode(200)
                    .body("items.id", org.hamcrest.Matchers.hasItem(t.id.intValue()));
            RewardWorld.verify(gridWorker, t.id, true)
                    .then()
                    .statusCode(200)
                    .body("ticket.state", equalTo("CLOSED"))
                    .body("ticket.verified", equalTo(true));
        } else {
            given().auth()
                    .oauth2(unit)
                    .contentType("multipart/form-data")
                    .multiPart(new io.restassured.builder.MultiPartSpecBuilder("已整改")
                            .controlName("note")
                            .mimeType("text/plain")
                            .charset("UTF-8")
                            .build())
                    .multiPart("photos", "a.jpg", Reports.photo(30, 120, Instant.now(), 31), "image/jpeg")
                    .post("/api/v1/tickets/" + t.id + "/actions/submit-rectification")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(gridWorker)
                    .contentType("multipart/form-data")
                    .multiPart(new io.restassured.builder.MultiPartSpecBuilder("true")
                            .controlName("passed")
                            .mimeType("text/plain")
                            .charset("UTF-8")
                            .build())
                    .post("/api/v1/tickets/" + t.id + "/actions/recheck")
                    .then()
                    .statusCode(200)
                    .body("ticket.state", equalTo("CLOSED"))
                    .body("ticket.verified", equalTo(true));
        }
        Reward w = world.rewardOf(t.id);
        assertThat(w).as(path + ": the fixed hazard's reward").isNotNull();
        assertThat(w.payeeAccountId).isEqualTo(reporter.id);
        assertThat(w.amountFen).isEqualTo(5000);
        // a second verification, by anyone, changes nothing and accrues nothing
        assertProblem(RewardWorld.verify(gridWorker, t.id, true).then(), 409, "already-verified");
        assertThat(world.count("select count(*) from reward where ticket_id = ?", t.id))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ? and kind = 'ACCRUAL'", w.id))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from ticket where id = ? and state = 'CLOSED' and verified", t.id))
                .isEqualTo(1);
    }

    @Test
    void aClosedTicketCannotBeVerifiedNotReal() {
        Ticket t = ticket();
        world.resident(t, fixtures.resident(), ago(30));
        world.closeAsBeforeV11(t.id);
        assertProblem(RewardWorld.verify(gridWorker, t.id, false).then(), 409, "closed-verify-not-real");
        assertThat(world.count(
                        "select count(*) from ticket where id = ? and state = 'CLOSED' and verified is null", t.id))
                .isEqualTo(1);
        assertThat(world.rewardOf(t.id)).isNull();
    }
}
