package cn.suishoupai.notify;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.suishoupai.reward.RewardWorld;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.Town;
import cn.suishoupai.support.WechatStub;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WeChat resident's journey through the API, hearing at each step (DOMAIN §6): accepted, not taken
 * on (with the reason), merged, cancelled (with the reason), closed (with the after-photos link), reward
 * accrued, failed (with what to do) and paid — by subscription message, and in the in-app list with
 * read / unread. An anonymous report tells nobody.
 */
@QuarkusTest
class ResidentNoticesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    OutboxDelivery delivery;

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    @Inject
    AgroalDataSource ds;

    Town town;
    String admin;
    String dispatcher;
    String unit;
    String finance;
    String openid;
    String resident;
    long residentId;
    int photoSeed = 3000;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(town.reviewed.code, town.township.id, town.department.id, Set.of());
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
        dispatcher = Fixtures.token(town.dispatcher());
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        openid = Fixtures.unique("o").replace("-", "_");
        // as the mini-program logs in: wx.login() code → jscode2session (the stub)
        JsonPath login = given().contentType(ContentType.JSON)
                .body("{\"code\":\"ok-" + openid + "\"}")
                .post("/api/v1/auth/wechat")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        resident = login.getString("accessToken");
        residentId = id("select id from account where wechat_openid = ?", openid);
    }

    /** Runs delivery rounds until nothing is due. */
    void deliver() {
        while (delivery.deliverDue() > 0) {
            Thread.onSpinWait();
        }
    }

    /** What wx.requestSubscribeMessage answered, as the mini-program reports it. */
    Response subscribe(String token, String json) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/notices/subscriptions");
    }

    long submit(char zone, int row, int col, String category, boolean anonymous) {
        double[] at = town.centre(zone, row, col);
        Map<String, String> fields = Reports.fields(at, category);
        if (anonymous) {
            fields.put("anonymous", "true");
        }
        return ((Number) Reports.submit(
                                resident,
                                fields,
                                List.of(Reports.jpeg(
                                        "p.jpg",
                                        Reports.photo(
                                                at[0], at[1], Instant.now().minusSeconds(600), photoSeed++))))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    long ticketOf(long reportId) {
        return id("select ticket_id from report where id = ?", reportId);
    }

    Response review(long reportId, String action, String json) {
        return given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/dispatch/reports/" + reportId + "/actions/" + action);
    }

    Response ticketAction(String token, long ticketId, String action, String json) {
        var r = given().auth().oauth2(token);
        if (json != null) {
            r = r.contentType(ContentType.JSON).body(json);
        }
        return r.post("/api/v1/tickets/" + ticketId + "/actions/" + action);
    }

    Response multipart(String token, long ticketId, String action, Map<String, String> fields, boolean photo) {
        var r = given().auth().oauth2(token).contentType("multipart/form-data");
        for (var f : fields.entrySet()) {
            r = r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(f.getValue())
                    .controlName(f.getKey())
                    .mimeType("text/plain")
                    .charset("UTF-8")
                    .build());
        }
        if (photo) {
            r = r.multiPart("photos", "after.jpg", Reports.photo(30, 120, Instant.now(), photoSeed++), "image/jpeg");
        }
        return r.post("/api/v1/tickets/" + ticketId + "/actions/" + action);
    }

    JsonPath mine(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/notices/mine?size=50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The newest in-app notice of the type, as the resident sees it. */
    Map<String, Object> newest(String type) {
        List<Map<String, Object>> items = mine(resident).getList("items");
        return items.stream()
                .filter(i -> type.equals(i.get("type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + items));
    }

    /** The subscription messages the stub got for the resident, oldest first. */
    List<Map<String, Object>> wechat() {
        return WechatStub.messagesTo(openid);
    }

    @SuppressWarnings("unchecked")
    static String value(Map<String, Object> message, String keyword) {
        return ((Map<String, Map<String, String>>) message.get("data"))
                .get(keyword)
                .get("value");
    }

    @Test
    void aWechatResidentHearsOfEveryStepOfTheirReportsAndReward() {
        // the mini-program asks which templates to request, the resident accepts: one message each time
        given().auth()
                .oauth2(resident)
                .get("/api/v1/notices/subscriptions")
                .then()
                .statusCode(200)
                .body("templates.templateId", org.hamcrest.Matchers.hasItems("tmpl-report", "tmpl-reward"))
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(0))
                .body(
                        "templates.find { it.templateId == 'tmpl-reward' }.types",
                        org.hamcrest.Matchers.hasItems("REWARD_ACCRUED", "REWARD_FAILED", "REWARD_PAID"));
        for (int i = 0; i < 7; i++) {
            subscribe(resident, "{\"results\":{\"tmpl-report\":\"accept\",\"tmpl-reward\":\"accept\"}}")
                    .then()
                    .statusCode(200);
        }
        subscribe(resident, "{\"results\":{\"tmpl-report\":\"filter\"}}")
                .then()
                .statusCode(200)
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(7));

        // 1. accepted: a FIRE report is dispatched on its own
        long r1 = submit('A', 0, 0, town.fire.code, false);
        long t1 = ticketOf(r1);
        deliver();
        List<Map<String, Object>> sent = wechat();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0))
                .containsEntry("templateId", "tmpl-report")
                .containsEntry("page", "pages/report/detail?id=" + r1);
        assertThat(value(sent.get(0), "thing1")).isEqualTo("上报已受理");
        assertThat(value(sent.get(0), "character_string2")).isEqualTo(String.valueOf(r1));
        assertThat(value(sent.get(0), "phrase3")).isEqualTo("已受理");
        assertThat(value(sent.get(0), "time4")).matches("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}");
        Map<String, Object> accepted = newest("REPORT_ACCEPTED");
        assertThat(accepted)
                .containsEntry("title", "上报已受理")
                .containsEntry("read", false)
                .containsEntry("link", "/api/v1/reports/" + r1);
        assertThat(((Number) accepted.get("reportId")).longValue()).isEqualTo(r1);
        assertThat(mine(resident).getInt("unread")).isEqualTo(1);

        // 2. not taken on, with the reason
        long r2 = submit('A', 1, 1, town.reviewed.code, false);
        review(r2, "reject", "{\"reason\":\"OUT_OF_JURISDICTION\",\"note\":\"请向市政热线反映\"}")
                .then()
                .statusCode(200);
        deliver();
        assertThat((String) newest("REPORT_REJECTED").get("text"))
                .isEqualTo("您上报的隐患（编号 " + r2 + "）不予受理，原因：不属于本辖区或本系统受理范围：请向市政热线反映。");
        assertThat(value(wechat().get(1), "thing4")).isEqualTo("不属于本辖区或本系统受理范围：请向市政…");

        // 3. merged into the ticket of the same hazard
        long r3 = submit('A', 0, 0, town.reviewed.code, false);
        review(r3, "merge", "{\"ticketId\":" + t1 + "}").then().statusCode(200);
        deliver();
        assertThat(newest("REPORT_MERGED")).containsEntry("title", "上报已合并处理");
        assertThat(value(wechat().get(2), "phrase3")).isEqualTo("已合并");

        // 4. cancelled by the dispatcher, with the reason
        long r4 = submit('B', 1, 1, town.fire.code, false);
        long t4 = ticketOf(r4);
        ticketAction(dispatcher, t4, "cancel", "{\"reason\":\"已由住建站另案处理\"}")
                .then()
                .statusCode(200);
        deliver();
        assertThat((String) newest("REPORT_CANCELLED").get("text"))
                .isEqualTo("您上报的隐患（编号 " + r4 + "）对应的工单已撤销，原因：已由住建站另案处理。");

        // 5. closed: the after-photos link, one notice per report of the resident on the ticket
        ticketAction(unit, t1, "sign", null).then().statusCode(200);
        multipart(unit, t1, "submit-rectification", Map.of("note", "已清理"), true)
                .then()
                .statusCode(200);
        multipart(dispatcher, t1, "recheck", Map.of("passed", "true"), false)
                .then()
                .statusCode(200);
        deliver();
        List<Map<String, Object>> closed = mine(resident).getList("items").stream()
                .map(i -> (Map<String, Object>) i)
                .filter(i -> "REPORT_CLOSED".equals(i.get("type")))
                .toList();
        assertThat(closed)
                .extracting(i -> i.get("link"))
                .containsExactlyInAnyOrder(
                        "https://h5.test.suishoupai/reports/" + r1 + "/after-photos",
                        "https://h5.test.suishoupai/reports/" + r3 + "/after-photos");
        assertThat(wechat())
                .filteredOn(m -> "隐患已整改".equals(value(m, "thing1")))
                .extracting(m -> m.get("page"))
                .containsExactlyInAnyOrder(
                        "pages/report/detail?id=" + r1 + "&tab=after", "pages/report/detail?id=" + r3 + "&tab=after");

        // 6. reward accrued (the passing re-check verified the ticket)
        assertThat((String) newest("REWARD_ACCRUED").get("text")).contains("50.00 元已记入");
        assertThat(wechat())
                .filteredOn(m -> "tmpl-reward".equals(m.get("templateId")))
                .extracting(m -> value(m, "amount2"))
                .containsExactly("50.00元");

        // 7. payment failed, with what to do; then paid in a later batch
        setPayoutPhone();
        long reward = id("select id from reward where ticket_id = ?", t1);
        given().auth()
                .oauth2(finance)
                .post("/api/v1/rewards/" + reward + "/actions/approve")
                .then()
                .statusCode(200);
        settle(reward, "FAILED", "号码已停机");
        deliver();
        Map<String, Object> failed = newest("REWARD_FAILED");
        assertThat((String) failed.get("text"))
                .startsWith("您的奖励 50.00 元发放失败（号码已停机）。如收款手机号有误或已停机，请在“我的—收款手机号”中更换并验证")
                .containsOnlyOnce("发放失败");
        assertThat(wechat())
                .filteredOn(m -> "奖励发放失败".equals(value(m, "thing1")))
                .singleElement()
                .satisfies(m -> assertThat(value(m, "thing4")).endsWith("…"));
        settle(reward, "PAID", null);
        deliver();
        assertThat((String) newest("REWARD_PAID").get("text")).isEqualTo("您的奖励 50.00 元已发放（话费充值）。");

        // every notice went out by WeChat, none by SMS (credits were there), each exactly once
        assertThat(wechat()).hasSize(10);
        assertThat(sms.notices(payoutPhone)).isEmpty();
        JsonPath all = mine(resident);
        assertThat(all.getList("items.type")).first().isEqualTo("REWARD_PAID");
        assertThat(all.getList("items.type")).last().isEqualTo("REPORT_ACCEPTED");
        assertThat(all.getList("items.type"))
                .containsExactlyInAnyOrder(
                        "REWARD_PAID",
                        "REWARD_FAILED",
                        "REWARD_ACCRUED",
                        "REPORT_CLOSED",
                        "REPORT_CLOSED",
                        "REPORT_CANCELLED",
                        "REPORT_ACCEPTED",
                        "REPORT_MERGED",
                        "REPORT_REJECTED",
                        "REPORT_ACCEPTED");
        assertThat(all.getInt("total")).isEqualTo(10);
        assertThat(all.getInt("unread")).isEqualTo(10);
        given().auth()
                .oauth2(resident)
                .contentType(ContentType.JSON)
                .get("/api/v1/notices/subscriptions")
                .then()
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(0))
                .body("templates.find { it.templateId == 'tmpl-reward' }.credits", equalTo(4));
    }

    String payoutPhone;

    /** A WeChat resident has no phone: they set a payout phone with an SMS code, as the app does. */
    void setPayoutPhone() {
        payoutPhone = "1370" + String.format("%07d", Math.floorMod(openid.hashCode(), 10_000_000));
        given().auth()
                .oauth2(resident)
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + payoutPhone + "\"}")
                .post("/api/v1/me/payout-phone/code")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        given().auth()
                .oauth2(resident)
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + payoutPhone + "\",\"code\":\"" + sms.lastCode(payoutPhone) + "\"}")
                .put("/api/v1/me/payout-phone")
                .then()
                .statusCode(200);
    }

    /** Finance builds a batch with the reward, exports it and records the provider's result for it. */
    void settle(long reward, String status, String reason) {
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
        String line = "{\"rewardId\":" + reward + ",\"status\":\"" + status + "\""
                + (reason == null ? ",\"externalRef\":\"TX-" + reward + "\"" : ",\"reason\":\"" + reason + "\"") + "}";
        given().auth()
                .oauth2(finance)
                .contentType(ContentType.JSON)
                .body("{\"lines\":[" + line + "]}")
                .post("/api/v1/payout-batches/" + batch + "/results")
                .then()
                .statusCode(200);
    }

    @Test
    void readAndUnreadAreTheCallersOwnAndOtherRolesHaveNoList() {
        long r1 = submit('A', 0, 1, town.fire.code, false);
        long r2 = submit('B', 0, 0, town.fire.code, false);
        deliver();
        JsonPath list = mine(resident);
        assertThat(list.getInt("unread")).isEqualTo(2);
        List<Integer> ids = list.getList("items.id");
        assertThat(list.getList("items.reportId", Integer.class)).containsExactly((int) r2, (int) r1); // newest first

        // someone else's notice does not exist for them
        String stranger = fixtures.tokenFor(fixtures.resident().id);
        assertProblem(
                given().auth()
                        .oauth2(stranger)
                        .post("/api/v1/notices/" + ids.get(0) + "/read")
                        .then(),
                404,
                "notice-not-found");
        assertThat(mine(stranger).getInt("total")).isZero();
        assertProblem(
                given().auth()
                        .oauth2(resident)
                        .post("/api/v1/notices/99999999/read")
                        .then(),
                404,
                "notice-not-found");

        given().auth()
                .oauth2(resident)
                .post("/api/v1/notices/" + ids.get(1) + "/read")
                .then()
                .statusCode(200)
                .body("read", equalTo(true))
                .body("readAt", org.hamcrest.Matchers.notNullValue());
        assertThat(mine(resident).getInt("unread")).isEqualTo(1);
        assertThat(given().auth()
                        .oauth2(resident)
                        .get("/api/v1/notices/mine?unread=true")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id"))
                .containsExactly(ids.get(0));
        given().auth()
                .oauth2(resident)
                .post("/api/v1/notices/read-all")
                .then()
                .statusCode(200)
                .body("marked", equalTo(1))
                .body("unread", equalTo(0));
        assertThat(mine(resident).getInt("unread")).isZero();

        // admins and finance have no notices; anonymous callers none at all
        assertProblem(given().auth().oauth2(admin).get("/api/v1/notices/mine").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(finance).get("/api/v1/notices/mine").then(), 403, "forbidden");
        given().get("/api/v1/notices/mine").then().statusCode(401);
        // subscriptions are residents' (the mini-program's)
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .get("/api/v1/notices/subscriptions")
                        .then(),
                403,
                "forbidden");
        assertProblem(
                subscribe(unit, "{\"results\":{\"tmpl-report\":\"accept\"}}").then(), 403, "forbidden");
        // bad paging
        given().auth()
                .oauth2(resident)
                .get("/api/v1/notices/mine?size=0")
                .then()
                .statusCode(400);
    }

    @Test
    void badSubscriptionAnswersAreRefusedAndChangeNothing() {
        subscribe(resident, "{\"results\":{\"tmpl-report\":\"accept\"}}").then().statusCode(200);
        assertProblem(subscribe(resident, "{\"results\":{}}").then(), 422, "invalid-field");
        assertProblem(subscribe(resident, "{}").then(), 422, "invalid-field");
        assertProblem(
                        subscribe(resident, "{\"results\":{\"tmpl-report\":\"accept\",\"tmpl-nobody\":\"accept\"}}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("results.tmpl-nobody"));
        assertProblem(
                        subscribe(resident, "{\"results\":{\"tmpl-report\":\"yes\"}}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("results.tmpl-report"));
        StringBuilder many = new StringBuilder("{\"results\":{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"accept\"");
        }
        assertProblem(subscribe(resident, many + "}}").then(), 422, "invalid-field");
        subscribe(resident, "not json").then().statusCode(400);
        given().auth()
                .oauth2(resident)
                .get("/api/v1/notices/subscriptions")
                .then()
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(1));

        // a reject leaves nothing until the next accept
        subscribe(resident, "{\"results\":{\"tmpl-report\":\"reject\"}}")
                .then()
                .statusCode(200)
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(0))
                .body(
                        "templates.find { it.templateId == 'tmpl-report' }.refusedAt",
                        org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anAnonymousReportTellsNobody() {
        long before = count(
                "select count(*) from outbox_event where recipient_type = 'ACCOUNT' and recipient_id = ?", residentId);
        long anon = submit('B', 0, 1, town.fire.code, true);
        long ticket = id("select ticket_id from report where id = ?", anon); // auto-dispatched all the same
        assertThat(ticket).isPositive();
        ticketAction(dispatcher, ticket, "cancel", "{\"reason\":\"测试\"}").then().statusCode(200);
        assertThat(count(
                        "select count(*) from outbox_event where recipient_type = 'ACCOUNT' and recipient_id = ?",
                        residentId))
                .isEqualTo(before);
        assertThat(count("select count(*) from outbox_event where payload ->> 'reportId' = ?", String.valueOf(anon)))
                .isZero();
        // the unit still hears of the ticket
        assertThat(count(
                        "select count(*) from outbox_event where ticket_id = ? and type = 'TICKET_DISPATCHED'", ticket))
                .isEqualTo(1);
    }

    long id(String sql, Object... args) {
        return count(sql, args);
    }

    long count(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
