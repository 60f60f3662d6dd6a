package cn.suishoupai.reward;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finance through the API: approve, cancel, batches, exports, results, totals, consistency, roles and scope. */
@QuarkusTest
class RewardSettlementTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    String admin;
    Town town;
    Town otherTown;
    String gridWorker;
    String finance;
    String otherFinance;
    String dispatcher;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        otherFinance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(otherTown.township.id)));
        dispatcher = Fixtures.token(town.dispatcher());
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
    }

    /** A verified ticket with a resident's reward of ¥50 (ACCRUED). */
    private long reward(Account payee) {
        Ticket t = world.ticket(town, Severity.GENERAL);
        world.resident(t, payee, Instant.now().minusSeconds(60));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        return world.rewardOf(t.id).id;
    }

    private long approved(Account payee) {
        long id = reward(payee);
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + id + "/actions/approve")
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"));
        return id;
    }

    private Response build(String token, String key, String body) {
        var r = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (key != null) {
            r = r.header("Idempotency-Key", key);
        }
        return r.post("/api/v1/payout-batches");
    }

    private Response results(String token, long batch, String key, String json) {
        var r = given().auth().oauth2(token).contentType(ContentType.JSON).body(json);
        if (key != null) {
            r = r.header("Idempotency-Key", key);
        }
        return r.post("/api/v1/payout-batches/" + batch + "/results");
    }

    private static String line(long rewardId, String status, String ref, String reason) {
        return "{\"rewardId\":" + rewardId + ",\"status\":\"" + status + "\""
                + (ref == null ? "" : ",\"externalRef\":\"" + ref + "\"")
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    }

    private void assertConsistent(String token) {
        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/consistency")
                .then()
                .statusCode(200)
                .body("consistent", equalTo(true))
                .body("mismatches.size()", equalTo(0));
    }

    @Test
    void aBatchIsBuiltExportedOnceDownloadedAndSettledWithFailedLinesRetriedLater() throws Exception {
        Account alice = fixtures.resident();
        Account bob = fixtures.resident();
        long a = approved(alice);
        long b = approved(bob);

        long batch = ((Number) build(finance, "build-" + a, "{\"regionId\":" + town.township.id + "}")
                        .then()
                        .statusCode(201)
                        .body("batch.state", equalTo("OPEN"))
                        .body("batch.lineCount", equalTo(2))
                        .body("batch.totalFen", equalTo(10000))
                        .body("batch.totalYuan", equalTo("100.00"))
                        .body("lines[0].payee.phoneMasked", containsString("****"))
                        .body(not(containsString(alice.phone)))
                        .extract()
                        .path("batch.id"))
                .longValue();
        // the same request retried: the same batch, no second one
        build(finance, "build-" + a, "{\"regionId\":" + town.township.id + "}")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("batch.id", equalTo((int) batch));
        // nothing left to put in another batch: the rewards are in this one
        assertProblem(
                build(finance, null, "{\"regionId\":" + town.township.id + "}").then(), 422, "payout-batch-empty");
        assertThat(world.count("select count(*) from reward where id in (?, ?) and state = 'IN_BATCH'", a, b))
                .isEqualTo(2);
        // a reward in a batch cannot be cancelled
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"reason\":\"x\"}")
                        .post("/api/v1/rewards/" + a + "/actions/cancel")
                        .then(),
                409,
                "reward-in-batch");

        // no files before export, and no results
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .get("/api/v1/payout-batches/" + batch + "/export.csv")
                        .then(),
                409,
                "payout-batch-not-exported");
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "PAID", "TX-A", null) + "]}")
                        .then(),
                409,
                "payout-batch-not-exported");

        // export once: a retried request with the key replays, a second export is 409
        given().auth()
                .oauth2(finance)
                .header("Idempotency-Key", "export-" + batch)
                .post("/api/v1/payout-batches/" + batch + "/actions/export")
                .then()
                .statusCode(200)
                .body("state", equalTo("EXPORTED"))
                .body("files.csv", equalTo("/api/v1/payout-batches/" + batch + "/export.csv"));
        given().auth()
                .oauth2(finance)
                .header("Idempotency-Key", "export-" + batch)
                .post("/api/v1/payout-batches/" + batch + "/actions/export")
                .then()
                .statusCode(200)
                .header("Idempotent-Replay", "true")
                .body("state", equalTo("EXPORTED"));
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .post("/api/v1/payout-batches/" + batch + "/actions/export")
                        .then(),
                409,
                "payout-batch-already-exported");
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'PAYOUT_BATCH_EXPORTED' and target_id = ?",
                        String.valueOf(batch)))
                .isEqualTo(1);
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .post("/api/v1/payout-batches/" + batch + "/actions/discard")
                        .then(),
                409,
                "payout-batch-illegal-state");

        // CSV: BOM, full phone, yuan with two decimals; XLSX the same lines
        byte[] csv = given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + batch + "/export.csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asByteArray();
        assertThat(csv[0]).isEqualTo((byte) 0xEF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("line_no,batch_id,reward_id,ticket_id,payee_name,phone,amount_yuan,channel")
                .contains(alice.phone)
                .contains(bob.phone)
                .contains(alice.displayName)
                .contains(",50.00,PHONE_CREDIT");
        byte[] xlsx = given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + batch + "/export.xlsx")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).getCellText(5)).isEqualTo("phone");
            assertThat(List.of(rows.get(1).getCellText(5), rows.get(2).getCellText(5)))
                    .containsExactlyInAnyOrder(alice.phone, bob.phone);
            assertThat(rows.get(1).getCellAsNumber(6).orElseThrow()).isEqualByComparingTo("50.00");
        }
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'PAYOUT_FILE_DOWNLOADED' and target_id = ?",
                        String.valueOf(batch)))
                .isEqualTo(2);

        // bad results change nothing
        assertProblem(
                        results(
                                        finance,
                                        batch,
                                        null,
                                        "{\"lines\":[" + line(a, "PAID", "TX-A", null) + ","
                                                + line(999999999, "PAID", "X", null) + "]}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("lines[1].rewardId"));
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "PAID", null, null) + "]}")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "FAILED", null, null) + "]}")
                        .then(),
                422,
                "invalid-field");
        assertThat(world.count("select count(*) from reward_ledger where batch_id = ?", batch))
                .isZero();

        // a paid, b failed; the same delivery again (with its key) replays, without the key it changes nothing
        String delivery = "{\"lines\":[" + line(a, "PAID", "TX-A", null) + "," + line(b, "FAILED", null, "空号") + "]}";
        results(finance, batch, "results-" + batch, delivery)
                .then()
                .statusCode(200)
                .body("applied", equalTo(2))
                .body("batch.state", equalTo("CLOSED"))
                .body("batch.paidFen", equalTo(5000))
                .body("batch.failedFen", equalTo(5000));
        results(finance, batch, "results-" + batch, delivery)
                .then()
                .statusCode(200)
                .header("Idempotent-Replay", "true");
        results(finance, batch, null, delivery)
                .then()
                .statusCode(200)
                .body("applied", equalTo(0))
                .body("unchanged", equalTo(2));
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "PAID", "TX-OTHER", null) + "]}")
                        .then(),
                409,
                "payout-line-settled");
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "FAILED", null, "oops") + "]}")
                        .then(),
                409,
                "payout-line-settled");
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ? and kind = 'PAYMENT'", a))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from reward where id = ? and state = 'PAID' and external_ref = 'TX-A'", a))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward where id = ? and state = 'FAILED'", b))
                .isEqualTo(1);

        // cancellation is refused after payment
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"reason\":\"重复\"}")
                        .post("/api/v1/rewards/" + a + "/actions/cancel")
                        .then(),
                409,
                "reward-illegal-transition");

        // the failed line goes into a later batch and is paid there, by the provider's result file
        long batch2 = ((Number) build(finance, null, "{\"regionId\":" + town.township.id + "}")
                        .then()
                        .statusCode(201)
                        .body("batch.lineCount", equalTo(1))
                        .body("lines[0].rewardId", equalTo((int) b))
                        .extract()
                        .path("batch.id"))
                .longValue();
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch2 + "/actions/export")
                .then()
                .statusCode(200);
        String bad = "reward_id,status\n" + b + ",MAYBE\n";
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .multiPart("file", "r.csv", bad.getBytes(StandardCharsets.UTF_8), "text/csv")
                        .post("/api/v1/payout-batches/" + batch2 + "/results/file")
                        .then(),
                422,
                "invalid-field");
        String file = "\uFEFFreward_id,status,external_ref,reason\r\n" + b + ",成功,TX-B2,\r\n";
        given().auth()
                .oauth2(finance)
                .header("Idempotency-Key", "file-" + batch2)
                .multiPart("file", "result.csv", file.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/payout-batches/" + batch2 + "/results/file")
                .then()
                .statusCode(200)
                .body("applied", equalTo(1))
                .body("batch.state", equalTo("CLOSED"));
        given().auth()
                .oauth2(finance)
                .header("Idempotency-Key", "file-" + batch2)
                .multiPart("file", "result.csv", file.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/payout-batches/" + batch2 + "/results/file")
                .then()
                .statusCode(200)
                .header("Idempotent-Replay", "true");
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ? and kind = 'PAYMENT'", b))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ? and kind = 'FAILURE'", b))
                .isEqualTo(1);

        given().auth()
                .oauth2(fixtures.tokenFor(bob.id))
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].state", equalTo("PAID"))
                .body("items[0].amountYuan", equalTo("50.00"));
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'PAYOUT_RESULTS_RECORDED' and target_id in (?, ?)",
                        String.valueOf(batch),
                        String.valueOf(batch2)))
                .isEqualTo(2);
        assertConsistent(finance);
        assertConsistent(admin);

        // totals: by state within my township
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .body("byState.find { it.key == 'PAID' }.amountFen", equalTo(10000))
                .body("byRegion.find { it.key == '" + town.township.id + "' }.paidFen", equalTo(10000))
                .body("byCategory.find { it.key == '" + town.fire.code + "' }.count", equalTo(2));
        assertProblem(
                        given().auth()
                                .oauth2(finance)
                                .get("/api/v1/rewards/totals?from=2026-13")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("from")));
        assertProblem(
                        given().auth()
                                .oauth2(finance)
                                .get("/api/v1/rewards/totals?from=2026-01&to=2026-1")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("to")));
        assertProblem(
                        given().auth()
                                .oauth2(finance)
                                .get("/api/v1/rewards?month=26-01")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("month")));
    }

    private Response reverse(String token, long id, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rewards/" + id + "/actions/reverse-payment");
    }

    /** An exported batch of the township's approved rewards; returns its id. */
    private long exportedBatch() {
        long batch = ((Number) build(finance, null, "{\"regionId\":" + town.township.id + "}")
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
        return batch;
    }

    @Test
    void aPaymentRecordedByMistakeIsReversedAndPaidAgainInALaterBatch() {
        Account alice = fixtures.resident();
        long a = approved(alice);
        long batch = exportedBatch();
        String delivery = "{\"lines\":[" + line(a, "PAID", "TX-WRONG", null) + "]}";
        results(finance, batch, null, delivery).then().statusCode(200).body("batch.state", equalTo("CLOSED"));
        long accrued = reward(fixtures.resident()); // ACCRUED: never paid
        long paymentId = world.count("select id from reward_ledger where reward_id = ? and kind = 'PAYMENT'", a);
        String reason = "{\"reason\":\"运营商已退回该笔充值\"}";

        // refusals change nothing
        assertProblem(reverse(finance, accrued, reason).then(), 409, "reward-not-paid")
                .body("state", equalTo("ACCRUED"))
                .body("rewardId", equalTo((int) accrued));
        assertProblem(reverse(dispatcher, a, reason).then(), 403, "forbidden");
        assertProblem(reverse(admin, a, reason).then(), 403, "forbidden");
        assertProblem(reverse(fixtures.tokenFor(alice.id), a, reason).then(), 403, "forbidden");
        assertProblem(reverse(otherFinance, a, reason).then(), 404, "reward-not-found");
        assertProblem(reverse(finance, a, "{}").then(), 422, "invalid-field")
                .body("errors[0].field", equalTo("reason"));
        assertProblem(reverse(finance, a, "{\"reason\":\"  \"}").then(), 422, "invalid-field");
        assertProblem(
                reverse(finance, a, "{\"reason\":\"" + "x".repeat(501) + "\"}").then(), 422, "invalid-field");
        int version = given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/" + a)
                .then()
                .statusCode(200)
                .extract()
                .path("reward.version");
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .header("If-Match", "\"" + (version + 7) + "\"")
                        .contentType(ContentType.JSON)
                        .body(reason)
                        .post("/api/v1/rewards/" + a + "/actions/reverse-payment")
                        .then(),
                409,
                "stale-version");
        assertThat(world.count(
                        "select count(*) from reward where id = ? and state = 'PAID' and external_ref = 'TX-WRONG' and version = ?",
                        a,
                        (long) version))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward where id = ? and state = 'ACCRUED'", accrued))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from reward_ledger where reward_id in (?, ?) and kind = 'REVERSAL'",
                        a,
                        accrued))
                .isZero();
        assertThat(world.count("select count(*) from payout_line where reward_id = ? and status = 'PAID'", a))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_PAYMENT_REVERSED' and target_id = ?",
                        String.valueOf(a)))
                .isZero();

        // the reversal: back to APPROVED, the ledger offsets the payment exactly, the line is REVERSED
        given().auth()
                .oauth2(finance)
                .header("If-Match", "\"" + version + "\"")
                .contentType(ContentType.JSON)
                .body(reason)
                .post("/api/v1/rewards/" + a + "/actions/reverse-payment")
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("externalRef", equalTo(null))
                .body("paidAt", equalTo(null));
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/" + a)
                .then()
                .statusCode(200)
                .body("ledger.kind", org.hamcrest.Matchers.contains("ACCRUAL", "PAYMENT", "REVERSAL"))
                .body("ledger[2].amountFen", equalTo(-5000))
                .body("ledger[2].reversesEntryId", equalTo((int) paymentId))
                .body("ledger[2].batchId", equalTo((int) batch))
                .body("ledger[2].reason", equalTo("运营商已退回该笔充值"));
        assertThat(world.count(
                        "select sum(amount_fen) from reward_ledger where reward_id = ? and batch_id = ? and kind in ('PAYMENT', 'REVERSAL')",
                        a,
                        batch))
                .isZero();
        given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + batch)
                .then()
                .statusCode(200)
                .body("batch.state", equalTo("CLOSED"))
                .body("batch.totalFen", equalTo(5000))
                .body("batch.paidFen", equalTo(0))
                .body("batch.reversedFen", equalTo(5000))
                .body("batch.pendingFen", equalTo(0))
                .body("lines[0].status", equalTo("REVERSED"))
                .body("lines[0].externalRef", equalTo("TX-WRONG"));
        assertThat(world.count(
                        "select count(*) from payout_line where reward_id = ? and status = 'REVERSED' and reversal_reason is not null "
                                + "and reversed_by is not null",
                        a))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_PAYMENT_REVERSED' and target_id = ? "
                                + "and details like '%运营商已退回该笔充值%'",
                        String.valueOf(a)))
                .isEqualTo(1);
        assertConsistent(finance);

        // not twice; the old delivery again pays nothing; another result for the line is refused
        assertProblem(reverse(finance, a, reason).then(), 409, "reward-not-paid")
                .body("state", equalTo("APPROVED"));
        results(finance, batch, null, delivery)
                .then()
                .statusCode(200)
                .body("applied", equalTo(0))
                .body("unchanged", equalTo(1));
        assertProblem(
                results(finance, batch, null, "{\"lines\":[" + line(a, "FAILED", null, "x") + "]}")
                        .then(),
                409,
                "payout-line-settled");
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ?", a))
                .isEqualTo(3);
        assertThat(world.count("select count(*) from reward where id = ? and state = 'APPROVED'", a))
                .isEqualTo(1);

        // a later batch pays it again: one standing payment
        long batch2 = exportedBatch();
        given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + batch2)
                .then()
                .body("lines.rewardId", org.hamcrest.Matchers.contains((int) a));
        results(finance, batch2, null, "{\"lines\":[" + line(a, "PAID", "TX-RIGHT", null) + "]}")
                .then()
                .statusCode(200)
                .body("batch.paidFen", equalTo(5000))
                .body("batch.reversedFen", equalTo(0));
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/" + a)
                .then()
                .statusCode(200)
                .body("reward.state", equalTo("PAID"))
                .body("reward.externalRef", equalTo("TX-RIGHT"))
                .body("ledger.kind", org.hamcrest.Matchers.contains("ACCRUAL", "PAYMENT", "REVERSAL", "PAYMENT"));
        assertThat(world.count("select count(*) from payout_line where reward_id = ? and status = 'PAID'", a))
                .isEqualTo(1);
        assertThat(world.count(
                        "select sum(amount_fen) from reward_ledger where reward_id = ? and kind in ('PAYMENT', 'REVERSAL')",
                        a))
                .isEqualTo(5000);
        assertConsistent(finance);
        assertConsistent(admin);
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .body("byState.find { it.key == 'PAID' }.amountFen", equalTo(5000));
    }

    @Test
    void aDiscardedBatchReturnsItsRewards() {
        long a = approved(fixtures.resident());
        long batch = ((Number)
                        build(finance, null, "{\"regionId\":" + town.township.id + ",\"channel\":\"PHONE_CREDIT\"}")
                                .then()
                                .statusCode(201)
                                .extract()
                                .path("batch.id"))
                .longValue();
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch + "/actions/discard")
                .then()
                .statusCode(200)
                .body("state", equalTo("DISCARDED"));
        assertThat(world.count("select count(*) from reward where id = ? and state = 'APPROVED'", a))
                .isEqualTo(1);
        build(finance, null, "{\"regionId\":" + town.township.id + "}")
                .then()
                .statusCode(201)
                .body("lines[0].rewardId", equalTo((int) a));
        assertConsistent(finance);
    }

    @Test
    void cancellationNeedsAReasonAndWritesTheLedger() {
        long a = reward(fixtures.resident());
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body("{\"reason\":\" \"}")
                        .post("/api/v1/rewards/" + a + "/actions/cancel")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .header("If-Match", "\"99\"")
                        .contentType(ContentType.JSON)
                        .body("{\"reason\":\"x\"}")
                        .post("/api/v1/rewards/" + a + "/actions/cancel")
                        .then(),
                409,
                "stale-version");
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"举报人放弃\"}")
                .post("/api/v1/rewards/" + a + "/actions/cancel")
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"))
                .body("cancelReason", equalTo("举报人放弃"));
        assertThat(world.count(
                        "select count(*) from reward_ledger where reward_id = ? and kind = 'CANCELLATION' and amount_fen = 5000",
                        a))
                .isEqualTo(1);
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .post("/api/v1/rewards/" + a + "/actions/approve")
                        .then(),
                409,
                "reward-illegal-transition");
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/" + a)
                .then()
                .statusCode(200)
                .body("ledger.kind", org.hamcrest.Matchers.contains("ACCRUAL", "CANCELLATION"));
        assertConsistent(finance);
    }

    /** Issue 11: phone numbers typed into a cancellation reason are masked in finance's views (the ledger keeps them). */
    @Test
    void aPhoneNumberInACancellationReasonIsMaskedInFinancesViews() {
        long a = reward(fixtures.resident());
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"举报人来电13800138000放弃\"}")
                .post("/api/v1/rewards/" + a + "/actions/cancel")
                .then()
                .statusCode(200)
                .body("cancelReason", equalTo("举报人来电138****8000放弃"));
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/" + a)
                .then()
                .statusCode(200)
                .body("reward.cancelReason", equalTo("举报人来电138****8000放弃"))
                .body("ledger.find { it.kind == 'CANCELLATION' }.reason", equalTo("举报人来电138****8000放弃"));
        assertThat(world.count("select count(*) from reward where id = ? and cancel_reason like '%13800138000%'", a))
                .isEqualTo(1);
    }

    @Test
    void aFraudulentReportsUnpaidRewardIsCancelled() {
        Account cheat = fixtures.resident();
        Ticket t = world.ticket(town, Severity.GENERAL);
        var report = world.resident(t, cheat, Instant.now().minusSeconds(60));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        long id = world.rewardOf(t.id).id;
        String body = "{\"reason\":\"摆拍\"}";
        String path = "/api/v1/dispatch/reports/" + report.id + "/actions/mark-fraudulent";
        assertProblem(
                given().auth()
                        .oauth2(Fixtures.token(otherTown.dispatcher()))
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post(path)
                        .then(),
                404,
                "report-not-found");
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post(path)
                        .then(),
                403,
                "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(path)
                        .then(),
                422,
                "invalid-field");
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(200)
                .body("rewardId", equalTo((int) id))
                .body("rewardState", equalTo("CANCELLED"));
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post(path)
                        .then(),
                409,
                "report-already-fraudulent");
        assertThat(world.count("select count(*) from reward where id = ? and cancel_reason = 'FRAUDULENT: 摆拍'", id))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REPORT_MARKED_FRAUDULENT' and target_id = ?",
                        String.valueOf(report.id)))
                .isEqualTo(1);
    }

    @Test
    void rolesAndScope() {
        Account alice = fixtures.resident();
        Account bob = fixtures.resident();
        long a = approved(alice);
        reward(bob);
        String aliceToken = fixtures.tokenFor(alice.id);
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        String leader = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of(town.township.id)));

        // a resident sees only their own rewards, and no finance view
        given().auth()
                .oauth2(aliceToken)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo((int) a));
        assertProblem(
                given().auth().oauth2(aliceToken).get("/api/v1/rewards/" + a).then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(aliceToken).get("/api/v1/rewards").then(), 403, "forbidden");
        // units, leaders and dispatchers see none
        for (String token : List.of(unit, leader, dispatcher, gridWorker)) {
            assertProblem(
                    given().auth().oauth2(token).get("/api/v1/rewards/mine").then(), 403, "forbidden");
            assertProblem(given().auth().oauth2(token).get("/api/v1/rewards").then(), 403, "forbidden");
            assertProblem(
                    given().auth().oauth2(token).get("/api/v1/payout-batches").then(), 403, "forbidden");
            assertProblem(
                    given().auth()
                            .oauth2(token)
                            .get("/api/v1/rewards/consistency")
                            .then(),
                    403,
                    "forbidden");
        }
        assertProblem(given().get("/api/v1/rewards/mine").then(), 401, "unauthenticated");
        // finance of another township: nothing of ours
        given().auth()
                .oauth2(otherFinance)
                .get("/api/v1/rewards")
                .then()
                .statusCode(200)
                .body("items.id", not(org.hamcrest.Matchers.hasItem((int) a)));
        assertProblem(
                given().auth().oauth2(otherFinance).get("/api/v1/rewards/" + a).then(), 404, "reward-not-found");
        assertProblem(
                given().auth()
                        .oauth2(otherFinance)
                        .post("/api/v1/rewards/" + a + "/actions/approve")
                        .then(),
                404,
                "reward-not-found");
        assertProblem(
                build(otherFinance, null, "{\"regionId\":" + town.township.id + "}")
                        .then(),
                422,
                "invalid-field");
        assertProblem(build(finance, null, "{}").then(), 422, "invalid-field");
        assertProblem(
                build(finance, null, "{\"regionId\":" + town.township.id + ",\"month\":\"2026-1\"}")
                        .then(),
                422,
                "invalid-field");
        long batch = ((Number) build(finance, null, "{\"regionId\":" + town.zoneA.id + "}")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("batch.id"))
                .longValue();
        assertProblem(
                given().auth()
                        .oauth2(otherFinance)
                        .get("/api/v1/payout-batches/" + batch)
                        .then(),
                404,
                "payout-batch-not-found");
        assertProblem(
                given().auth()
                        .oauth2(otherFinance)
                        .post("/api/v1/payout-batches/" + batch + "/actions/export")
                        .then(),
                404,
                "payout-batch-not-found");
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards?state=IN_BATCH")
                .then()
                .statusCode(200)
                .body("items.find { it.id == " + a + " }.payee.phoneMasked", equalTo(Payee.mask(alice.phone)))
                .body(not(containsString(alice.phone)));
        // finance cannot verify tickets, nor an admin approve rewards
        Ticket t = world.ticket(town, Severity.GENERAL);
        assertProblem(RewardWorld.verify(finance, t.id, true).then(), 403, "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .post("/api/v1/rewards/" + a + "/actions/approve")
                        .then(),
                403,
                "forbidden");
        // admin sees the consistency and totals of the whole service; finance only of its own regions
        given().auth().oauth2(admin).get("/api/v1/rewards/consistency").then().statusCode(200);
        given().auth()
                .oauth2(otherFinance)
                .get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .body("byRegion.key", not(org.hamcrest.Matchers.hasItem(String.valueOf(town.township.id))));
    }

    @Test
    void rewardRulesAdmin() {
        String base = "{\"categoryCode\":\"" + town.reviewed.code
                + "\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":2000,";
        long first = ((Number) given().auth()
                        .oauth2(admin)
                        .contentType(ContentType.JSON)
                        .body(base + "\"validFrom\":\"2026-01-01\",\"validUntil\":\"2026-06-30\"}")
                        .post("/api/v1/admin/reward-rules")
                        .then()
                        .statusCode(201)
                        .body("channel", equalTo("PHONE_CREDIT"))
                        .extract()
                        .path("id"))
                .longValue();
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .contentType(ContentType.JSON)
                        .body(base + "\"validFrom\":\"2026-06-30\"}")
                        .post("/api/v1/admin/reward-rules")
                        .then(),
                409,
                "reward-rule-overlap");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(base + "\"validFrom\":\"2026-07-01\"}")
                .post("/api/v1/admin/reward-rules")
                .then()
                .statusCode(201);
        // body → the field named: ranges and required on RuleBody (constraints), the rest in the service
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put(
                "{\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":0,\"validFrom\":\"2030-01-01\"}",
                "fixedFen");
        invalid.put(
                "{\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100,\"percentBps\":10,\"validFrom\":\"2030-01-01\"}",
                "percentBps");
        invalid.put(
                "{\"severity\":\"MAJOR\",\"kind\":\"FINE_PERCENT\",\"percentBps\":1500,\"minFen\":500,\"maxFen\":100,\"validFrom\":\"2030-01-01\"}",
                "maxFen");
        invalid.put(
                "{\"severity\":\"MAJOR\",\"kind\":\"FINE_PERCENT\",\"percentBps\":10001,\"minFen\":0,\"maxFen\":100,\"validFrom\":\"2030-01-01\"}",
                "percentBps");
        invalid.put(
                "{\"severity\":\"MAJOR\",\"kind\":\"FINE_PERCENT\",\"percentBps\":1500,\"maxFen\":100,\"validFrom\":\"2030-01-01\"}",
                "minFen");
        invalid.put(
                "{\"severity\":\"MAJOR\",\"kind\":\"FINE_PERCENT\",\"percentBps\":1500,\"minFen\":-1,\"maxFen\":100,\"validFrom\":\"2030-01-01\"}",
                "minFen");
        invalid.put(
                "{\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100,\"validFrom\":\"2030-01-02\",\"validUntil\":\"2030-01-01\"}",
                "validUntil");
        invalid.put(
                "{\"categoryCode\":\"NOPE\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100,\"validFrom\":\"2030-01-01\"}",
                "categoryCode");
        invalid.put("{\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100}", "validFrom");
        long before = world.count("select count(*) from reward_rule");
        for (Map.Entry<String, String> c : invalid.entrySet()) {
            assertProblem(
                            given().auth()
                                    .oauth2(admin)
                                    .contentType(ContentType.JSON)
                                    .body(c.getKey())
                                    .post("/api/v1/admin/reward-rules")
                                    .then(),
                            422,
                            "invalid-field")
                    .body("errors.field", equalTo(List.of(c.getValue())));
        }
        assertThat(world.count("select count(*) from reward_rule")).isEqualTo(before);
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .contentType(ContentType.JSON)
                        .body(base + "\"validFrom\":\"2031-01-01\"}")
                        .post("/api/v1/admin/reward-rules")
                        .then(),
                403,
                "forbidden");
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-rules?categoryCode=" + town.reviewed.code + "&on=2026-03-01")
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.contains((int) first));

        // a rule rewards used keeps its amounts; it may end
        long used = ((Number) given().auth()
                        .oauth2(admin)
                        .get("/api/v1/admin/reward-rules?categoryCode=" + town.fire.code)
                        .then()
                        .extract()
                        .path("[0].id"))
                .longValue();
        reward(fixtures.resident());
        String usedBody = "{\"categoryCode\":\"" + town.fire.code
                + "\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":";
        String from = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-rules/" + used)
                .then()
                .extract()
                .path("validFrom");
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .contentType(ContentType.JSON)
                        .body(usedBody + "9000,\"validFrom\":\"" + from + "\"}")
                        .put("/api/v1/admin/reward-rules/" + used)
                        .then(),
                409,
                "reward-rule-in-use");
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .delete("/api/v1/admin/reward-rules/" + used)
                        .then(),
                409,
                "reward-rule-in-use");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(usedBody + "5000,\"validFrom\":\"" + from + "\",\"validUntil\":\"2099-12-31\"}")
                .put("/api/v1/admin/reward-rules/" + used)
                .then()
                .statusCode(200)
                .body("validUntil", equalTo("2099-12-31"));
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/admin/reward-rules/" + first)
                .then()
                .statusCode(204);
        assertThat(world.count(
                        "select count(*) from audit_log where action like 'REWARD_RULE_%' and target_id = ?",
                        String.valueOf(first)))
                .isEqualTo(2);
    }
}
