package cn.suishoupai.reward;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.report.Report;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Every reward can be paid" (issue 11): payout destinations (verified payout phone, WeChat openid),
 * channel changes, failed lines the resident can act on, bulk approval and totals that add up.
 */
@QuarkusTest
class RewardPayableTest {

    private static final AtomicLong PHONES = new AtomicLong(13_700_000_000L + (System.nanoTime() % 1_000_000) * 10);

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    String admin;
    Town town;
    Town otherTown;
    String gridWorker;
    String finance;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        finance = Fixtures.token(
                fixtures.staff(Set.of("finance"), null, Set.of(town.township.id, otherTown.township.id)));
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
        RewardWorld.fixedRule(admin, otherTown.fire.code, "GENERAL", 5000);
    }

    static String newPhone() {
        return String.valueOf(PHONES.incrementAndGet());
    }

    private long reward(Town where, Account payee) {
        String worker = where == town
                ? gridWorker
                : Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(where.township.id)));
        Ticket t = world.ticket(where, Severity.GENERAL);
        world.resident(t, payee, Instant.now().minusSeconds(60));
        RewardWorld.verify(worker, t.id, true).then().statusCode(200);
        return world.rewardOf(t.id).id;
    }

    private long approved(Account payee) {
        long id = reward(town, payee);
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + id + "/actions/approve")
                .then()
                .statusCode(200);
        return id;
    }

    private Response build(String body) {
        return given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/payout-batches");
    }

    private long exported(String body) {
        long batch = ((Number) build(body).then().statusCode(201).extract().path("batch.id")).longValue();
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch + "/actions/export")
                .then()
                .statusCode(200);
        return batch;
    }

    private String csv(long batch) {
        return new String(
                given().auth()
                        .oauth2(finance)
                        .get("/api/v1/payout-batches/" + batch + "/export.csv")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
    }

    private Response results(long batch, String lines) {
        return given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"lines\":[" + lines + "]}")
                .post("/api/v1/payout-batches/" + batch + "/results");
    }

    private static Response changeChannel(String token, long id, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rewards/" + id + "/actions/change-channel");
    }

    private static Response requestCode(String token, String phone) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/me/payout-phone/code");
    }

    private static Response confirm(String token, String phone, String code) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}")
                .put("/api/v1/me/payout-phone");
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** Verifies phone as the resident's payout phone through the API. */
    private void setPayoutPhone(String token, String phone) {
        requestCode(token, phone).then().statusCode(200);
        confirm(token, phone, sms.lastCode(phone)).then().statusCode(200);
    }

    @Test
    void aWechatResidentWithoutPhoneIsReportedAtBuildAndPaidOnceTheyVerifyAPayoutPhone() {
        Account wx = world.wechatOnly(fixtures.resident());
        Account withPhone = fixtures.resident();
        long a = approved(wx);
        long b = approved(withPhone);
        String wxToken = fixtures.tokenFor(wx.id);

        // the resident is told what to do while the reward cannot be paid
        given().auth()
                .oauth2(wxToken)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo((int) a))
                .body("items[0].action", equalTo("SET_PAYOUT_PHONE"))
                .body("items[0].actionHint", containsString("收款手机号"))
                .body("items[0].stateLabel", equalTo("已审核"));

        // the batch takes only the payable reward and reports the other with its reason
        long batch = ((Number) build("{\"regionId\":" + town.township.id + "}")
                        .then()
                        .statusCode(201)
                        .body("batch.lineCount", equalTo(1))
                        .body("lines[0].rewardId", equalTo((int) b))
                        .body("skipped", hasSize(1))
                        .body("skipped[0].reason", equalTo("NO_PAYOUT_PHONE"))
                        .body("skipped[0].label", notNullValue())
                        .body("skipped[0].count", equalTo(1))
                        .extract()
                        .path("batch.id"))
                .longValue();
        assertThat(world.count("select count(*) from reward where id = ? and state = 'APPROVED'", a))
                .isEqualTo(1);
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch + "/actions/discard")
                .then()
                .statusCode(200);

        // nothing payable at all: 422, still saying why
        Account wx2 = world.wechatOnly(fixtures.resident());
        Town lone = otherTown;
        long c = reward(lone, wx2);
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + c + "/actions/approve")
                .then()
                .statusCode(200);
        assertProblem(build("{\"regionId\":" + lone.township.id + "}").then(), 422, "payout-batch-empty")
                .body("skipped[0].reason", equalTo("NO_PAYOUT_PHONE"))
                .body("skipped[0].count", equalTo(1));

        // bad input and a wrong code change nothing
        String phone = newPhone();
        assertProblem(requestCode(wxToken, "12345").then(), 400, "validation-failed");
        assertProblem(requestCode(finance, phone).then(), 403, "forbidden");
        requestCode(wxToken, phone).then().statusCode(200).body("expiresIn", notNullValue());
        String code = sms.lastCode(phone);
        assertThat(code).isNotNull();
        assertProblem(confirm(wxToken, phone, wrong(code)).then(), 422, "sms-code-invalid")
                .body("remainingAttempts", equalTo(4));
        // the failed attempt is counted (it survives the error answer)
        assertThat(world.count(
                        "select attempts from sms_challenge where phone = ? and purpose = 'PAYOUT_PHONE' and consumed_at is null",
                        phone))
                .isEqualTo(1);
        assertProblem(confirm(wxToken, newPhone(), code).then(), 422, "sms-code-expired");
        assertThat(world.count("select count(*) from account where id = ? and payout_phone is not null", wx.id))
                .isZero();
        // the code proves the phone for this resident's payouts only: it is no login code
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}")
                        .post("/api/v1/auth/sms/verify")
                        .then(),
                401,
                "sms-code-expired");

        confirm(wxToken, phone, code)
                .then()
                .statusCode(200)
                .body("payoutPhoneMasked", equalTo(phone.substring(0, 3) + "****" + phone.substring(7)))
                .body(not(containsString(phone)));
        assertProblem(confirm(wxToken, phone, code).then(), 422, "sms-code-expired"); // used once
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'PAYOUT_PHONE_VERIFIED' and target_id = ?",
                        String.valueOf(wx.id)))
                .isEqualTo(1);
        given().auth()
                .oauth2(wxToken)
                .get("/api/v1/me/payout-phone")
                .then()
                .statusCode(200)
                .body("payoutPhoneMasked", notNullValue())
                .body("verifiedAt", notNullValue());
        given().auth()
                .oauth2(wxToken)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].action", nullValue());

        // now both are paid, to the verified payout phone
        long next = exported("{\"regionId\":" + town.township.id + "}");
        String file = csv(next);
        assertThat(file).contains(phone);
        given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + next)
                .then()
                .statusCode(200)
                .body("batch.lineCount", equalTo(2))
                .body("skipped", nullValue());
    }

    @Test
    void wechatLinesCarryTheOpenidAndResidentsWithoutOneAreReported() {
        Account withOpenid = fixtures.resident();
        Account phoneOnly = world.phoneOnly(fixtures.resident());
        long a = approved(withOpenid);
        long b = approved(phoneOnly);
        changeChannel(finance, a, "{\"channel\":\"WECHAT\"}")
                .then()
                .statusCode(200)
                .body("channel", equalTo("WECHAT"));
        changeChannel(finance, b, "{\"channel\":\"WECHAT\"}").then().statusCode(200);

        long batch = ((Number) build("{\"regionId\":" + town.township.id + ",\"channel\":\"WECHAT\"}")
                        .then()
                        .statusCode(201)
                        .body("batch.lineCount", equalTo(1))
                        .body("lines[0].rewardId", equalTo((int) a))
                        .body("skipped[0].reason", equalTo("NO_WECHAT_OPENID"))
                        .body("skipped[0].count", equalTo(1))
                        .extract()
                        .path("batch.id"))
                .longValue();
        given().auth()
                .oauth2(finance)
                .post("/api/v1/payout-batches/" + batch + "/actions/export")
                .then()
                .statusCode(200);
        String file = csv(batch);
        String[] rows = file.replace("\uFEFF", "").split("\r\n");
        assertThat(rows[0]).contains("openid");
        assertThat(rows[1]).contains(withOpenid.wechatOpenid).contains("WECHAT");
        given().auth()
                .oauth2(fixtures.tokenFor(phoneOnly.id))
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].action", equalTo("ASK_FINANCE_TO_CHANGE_CHANNEL"))
                .body("items[0].actionHint", notNullValue());
    }

    @Test
    void financeChangesARewardsChannelBeforeItIsBatched() {
        Account payee = fixtures.resident();
        long id = reward(town, payee);
        long entries = world.count("select count(*) from reward_ledger where reward_id = ?", id);
        long version = ((Number) given().auth()
                        .oauth2(finance)
                        .get("/api/v1/rewards/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("reward.version"))
                .longValue();

        // bad input, wrong role, out of scope, stale version: nothing changes
        assertProblem(changeChannel(finance, id, "{}").then(), 422, "invalid-field");
        assertProblem(changeChannel(finance, id, "{\"channel\":\"CASH\"}").then(), 400, "malformed-json");
        assertProblem(
                changeChannel(fixtures.tokenFor(payee.id), id, "{\"channel\":\"WECHAT\"}")
                        .then(),
                403,
                "forbidden");
        String stranger = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(fixtures.township().id)));
        assertProblem(changeChannel(stranger, id, "{\"channel\":\"WECHAT\"}").then(), 404, "reward-not-found");
        assertProblem(
                given().auth()
                        .oauth2(finance)
                        .header("If-Match", "\"" + (version + 5) + "\"")
                        .contentType(ContentType.JSON)
                        .body("{\"channel\":\"WECHAT\"}")
                        .post("/api/v1/rewards/" + id + "/actions/change-channel")
                        .then(),
                409,
                "stale-version");
        assertThat(world.count("select count(*) from reward where id = ? and channel = 'PHONE_CREDIT'", id))
                .isEqualTo(1);

        // ACCRUED: changed, audited, the ledger untouched; the same change again changes nothing
        changeChannel(finance, id, "{\"channel\":\"WECHAT\"}")
                .then()
                .statusCode(200)
                .body("channel", equalTo("WECHAT"))
                .body("state", equalTo("ACCRUED"));
        changeChannel(finance, id, "{\"channel\":\"WECHAT\"}")
                .then()
                .statusCode(200)
                .body("channel", equalTo("WECHAT"));
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_CHANNEL_CHANGED' and target_id = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ?", id))
                .isEqualTo(entries);

        // in a batch: refused; after a failed payment: allowed again
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + id + "/actions/approve")
                .then()
                .statusCode(200);
        long batch = exported("{\"regionId\":" + town.township.id + ",\"channel\":\"WECHAT\"}");
        assertProblem(
                changeChannel(finance, id, "{\"channel\":\"PHONE_CREDIT\"}").then(), 409, "reward-in-batch");
        results(batch, "{\"rewardId\":" + id + ",\"status\":\"FAILED\",\"reason\":\"openid 无效\"}")
                .then()
                .statusCode(200);
        changeChannel(finance, id, "{\"channel\":\"PHONE_CREDIT\"}")
                .then()
                .statusCode(200)
                .body("channel", equalTo("PHONE_CREDIT"))
                .body("state", equalTo("FAILED"));
        long again = exported("{\"regionId\":" + town.township.id + "}");
        results(again, "{\"rewardId\":" + id + ",\"status\":\"PAID\",\"externalRef\":\"TX-" + id + "\"}")
                .then()
                .statusCode(200);
        // paid: never again
        assertProblem(changeChannel(finance, id, "{\"channel\":\"WECHAT\"}").then(), 409, "reward-channel-fixed");
    }

    @Test
    void aFailedLineCarriesTheProviderReasonAndTheResidentCanChangeThePayoutPhone() {
        Account payee = fixtures.resident();
        long id = approved(payee);
        String token = fixtures.tokenFor(payee.id);
        long batch = exported("{\"regionId\":" + town.township.id + "}");
        results(batch, "{\"rewardId\":" + id + ",\"status\":\"FAILED\",\"reason\":\"号码为空号\"}")
                .then()
                .statusCode(200);

        given().auth()
                .oauth2(finance)
                .get("/api/v1/payout-batches/" + batch)
                .then()
                .statusCode(200)
                .body("lines[0].failureReason", equalTo("号码为空号"));
        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].state", equalTo("FAILED"))
                .body("items[0].stateLabel", equalTo("发放失败"))
                .body("items[0].failureReason", equalTo("号码为空号"))
                .body("items[0].action", equalTo("CHANGE_PAYOUT_PHONE"))
                .body("items[0].actionHint", containsString("号码为空号"));

        String phone = newPhone();
        setPayoutPhone(token, phone);
        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].action", equalTo("WAIT_FOR_NEXT_BATCH"));
        long next = exported("{\"regionId\":" + town.township.id + "}");
        String file = csv(next);
        assertThat(file).contains(phone).doesNotContain(payee.phone);
        results(next, "{\"rewardId\":" + id + ",\"status\":\"PAID\",\"externalRef\":\"TX-OK-" + id + "\"}")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .get("/api/v1/rewards/mine")
                .then()
                .statusCode(200)
                .body("items[0].state", equalTo("PAID"))
                .body("items[0].action", nullValue());
    }

    @Test
    void financeApprovesManyRewardsInOneIdempotentCall() {
        long a = reward(town, fixtures.resident());
        long b = reward(town, fixtures.resident());
        long c = reward(town, fixtures.resident());
        String narrow = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        long elsewhere = reward(otherTown, fixtures.resident());
        Ticket t = world.ticket(town, Severity.GENERAL);
        Report anon = world.report(
                t,
                null,
                "resident",
                true,
                "CLAIM-" + System.nanoTime(),
                Report.Status.ACCEPTED,
                Instant.now().minusSeconds(60));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        long unclaimed = world.rewardOf(t.id).id;
        given().auth()
                .oauth2(narrow)
                .post("/api/v1/rewards/" + c + "/actions/approve")
                .then()
                .statusCode(200);

        String body =
                "{\"ids\":[" + a + "," + b + "," + c + "," + elsewhere + ",999999999," + unclaimed + "," + a + "]}";
        JsonPath first = given().auth()
                .oauth2(narrow)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rewards/actions/approve")
                .then()
                .statusCode(200)
                .body("approved", containsInAnyOrder((int) a, (int) b, (int) c))
                .body("notFound", containsInAnyOrder((int) elsewhere, 999999999))
                .body("refused", hasSize(1))
                .body("refused[0].id", equalTo((int) unclaimed))
                .body("refused[0].code", equalTo("reward-unclaimed"))
                .body("refused[0].state", equalTo("ACCRUED"))
                .extract()
                .jsonPath();
        assertThat(world.count("select count(*) from reward where id in (?, ?, ?) and state = 'APPROVED'", a, b, c))
                .isEqualTo(3);
        assertThat(world.count("select count(*) from reward where id = ? and state = 'ACCRUED'", elsewhere))
                .isEqualTo(1);
        // repeating it changes nothing and answers the same
        JsonPath second = given().auth()
                .oauth2(narrow)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rewards/actions/approve")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(second.getMap("")).isEqualTo(first.getMap(""));
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'REWARD_APPROVED' and target_id in (?, ?, ?)",
                        String.valueOf(a),
                        String.valueOf(b),
                        String.valueOf(c)))
                .isEqualTo(3);

        // bad input, wrong role: 4xx and nothing changes
        long d = reward(town, fixtures.resident());
        assertProblem(
                given().auth()
                        .oauth2(narrow)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/v1/rewards/actions/approve")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                given().auth()
                        .oauth2(narrow)
                        .contentType(ContentType.JSON)
                        .body("{\"ids\":[]}")
                        .post("/api/v1/rewards/actions/approve")
                        .then(),
                422,
                "invalid-field");
        String tooMany =
                LongStream.rangeClosed(1, 201).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertProblem(
                given().auth()
                        .oauth2(narrow)
                        .contentType(ContentType.JSON)
                        .body("{\"ids\":[" + d + "," + tooMany + "]}")
                        .post("/api/v1/rewards/actions/approve")
                        .then(),
                422,
                "invalid-field");
        assertProblem(
                given().auth()
                        .oauth2(gridWorker)
                        .contentType(ContentType.JSON)
                        .body("{\"ids\":[" + d + "]}")
                        .post("/api/v1/rewards/actions/approve")
                        .then(),
                403,
                "forbidden");
        assertThat(world.count("select count(*) from reward where id = ? and state = 'ACCRUED'", d))
                .isEqualTo(1);
    }

    @Test
    void totalsKeepPaidOutstandingAndCancelledApartAndAddUp() {
        long paid = approved(fixtures.resident());
        long failed = approved(fixtures.resident());
        long reversed = approved(fixtures.resident());
        long cancelled = reward(town, fixtures.resident());
        long accrued = reward(town, fixtures.resident());
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"重复上报\"}")
                .post("/api/v1/rewards/" + cancelled + "/actions/cancel")
                .then()
                .statusCode(200);
        long batch = exported("{\"regionId\":" + town.township.id + "}");
        results(
                        batch,
                        "{\"rewardId\":" + paid + ",\"status\":\"PAID\",\"externalRef\":\"TX-P-" + paid + "\"},"
                                + "{\"rewardId\":" + failed + ",\"status\":\"FAILED\",\"reason\":\"空号\"},"
                                + "{\"rewardId\":" + reversed + ",\"status\":\"PAID\",\"externalRef\":\"TX-R-"
                                + reversed + "\"}")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"误登记\"}")
                .post("/api/v1/rewards/" + reversed + "/actions/reverse-payment")
                .then()
                .statusCode(200);

        String narrow = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        JsonPath totals = given().auth()
                .oauth2(narrow)
                .get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String group : List.of("byMonth", "byRegion", "byCategory", "byState")) {
            List<Map<String, Object>> rows = totals.getList(group);
            long amount = 0;
            long sumPaid = 0;
            long sumOutstanding = 0;
            long sumCancelled = 0;
            for (Map<String, Object> row : rows) {
                long a = ((Number) row.get("amountFen")).longValue();
                long p = ((Number) row.get("paidFen")).longValue();
                long o = ((Number) row.get("outstandingFen")).longValue();
                assertThat(row.get("cancelledFen")).as(group + " cancelledFen").isNotNull();
                long x = ((Number) row.get("cancelledFen")).longValue();
                assertThat(a)
                        .as(group + " " + row.get("key") + ": amount = paid + outstanding + cancelled")
                        .isEqualTo(p + o + x);
                amount += a;
                sumPaid += p;
                sumOutstanding += o;
                sumCancelled += x;
            }
            assertThat(amount).as(group).isEqualTo(25000);
            assertThat(sumPaid).as(group).isEqualTo(5000);
            assertThat(sumOutstanding).as(group).isEqualTo(15000); // failed, reversed (approved again), accrued
            assertThat(sumCancelled).as(group).isEqualTo(5000);
        }
        Map<String, String> stateLabels = totals.getList("byState", Map.class).stream()
                .collect(Collectors.toMap(m -> (String) m.get("key"), m -> (String) m.get("label")));
        assertThat(stateLabels)
                .containsEntry("PAID", "已支付")
                .containsEntry("FAILED", "发放失败")
                .containsEntry("CANCELLED", "已取消")
                .containsEntry("ACCRUED", "待审核")
                .containsEntry("APPROVED", "已审核");
        String month = totals.getString("byMonth[0].key");
        assertThat(totals.getString("byMonth[0].label"))
                .isEqualTo(month.substring(0, 4) + "年" + month.substring(5) + "月");
    }
}
