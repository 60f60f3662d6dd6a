package cn.suishoupai.notify;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.support.WechatStub;
import cn.suishoupai.ticket.Ticket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staff task notices (DOMAIN §6): the unit's clerks hear of a ticket to sign, the grid workers of its
 * grid of one to verify and, with the dispatchers, of one to re-check — in their in-app lists, and by
 * SMS and / or WeCom bot as the admin set it per unit or region. The admin endpoints: allowed, wrong
 * role, wrong scope, bad input.
 */
@QuarkusTest
class StaffNoticesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    OutboxDelivery delivery;

    @Inject
    TestClock clock;

    @Inject
    NotifyConfig config;

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    @Inject
    AgroalDataSource ds;

    String admin;
    Town town;
    Account clerk;
    Account gridWorkerA;
    Account gridWorkerB;
    Account dispatcher;
    Account otherDispatcher;
    String wecomKey;
    String dutyPhone;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        Town other = new Town(fixtures, admin);
        clerk = withPhone(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        gridWorkerA = withPhone(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        gridWorkerB = withPhone(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneB.id)));
        dispatcher = fixtures.staff(Set.of("dispatcher"), null, Set.of(town.township.id));
        otherDispatcher = fixtures.staff(Set.of("dispatcher"), null, Set.of(other.township.id));
        wecomKey = "k-" + Fixtures.unique("bot").replace("-", "");
        dutyPhone = phone(Fixtures.unique("duty"));
        deliver(); // other tests' due rows out of the way
    }

    @AfterEach
    void reset() {
        clock.reset();
    }

    static String phone(String seed) {
        return "136" + String.format("%08d", Math.floorMod(seed.hashCode(), 100_000_000));
    }

    Account withPhone(Account a) {
        String p = phone(a.username);
        QuarkusTransaction.requiringNew().run(() -> {
            Account x = Account.findById(a.id);
            x.phone = p;
        });
        a.phone = p;
        return a;
    }

    void deliver() {
        while (delivery.deliverDue() > 0) {
            Thread.onSpinWait();
        }
    }

    Response put(String token, String path, String json) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(json)
                .put("/api/v1/admin/notice-channels/" + path);
    }

    List<String> types(Account a) {
        return given().auth()
                .oauth2(Fixtures.token(a))
                .get("/api/v1/notices/mine?size=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.type");
    }

    @Test
    void eachStaffMemberSeesTheirOwnTaskNoticesAndNoOneElses() {
        Ticket t = tickets.dispatched(town, town.department.id);
        deliver();
        assertThat(types(clerk)).containsExactly("TICKET_DISPATCHED");
        assertThat(types(gridWorkerA)).containsExactly("TICKET_TO_VERIFY");
        assertThat(types(gridWorkerB)).isEmpty(); // zone B's grid worker: not his grid
        assertThat(types(dispatcher)).isEmpty();
        String clerkToken = Fixtures.token(clerk);
        given().auth()
                .oauth2(clerkToken)
                .get("/api/v1/notices/mine")
                .then()
                .body("items[0].title", equalTo("新工单待签收"))
                .body("items[0].ticketId", equalTo(t.id.intValue()))
                .body("items[0].link", equalTo("/api/v1/tickets/" + t.id))
                .body("unread", equalTo(1));

        // signed and rectified: to re-check, for the township's dispatchers and the grid's grid workers
        given().auth()
                .oauth2(clerkToken)
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(clerkToken)
                .contentType("multipart/form-data")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder("已清理")
                        .controlName("note")
                        .mimeType("text/plain")
                        .charset("UTF-8")
                        .build())
                .multiPart("photos", "after.jpg", Reports.photo(30, 120, Instant.now(), 5100), "image/jpeg")
                .post("/api/v1/tickets/" + t.id + "/actions/submit-rectification")
                .then()
                .statusCode(200);
        deliver();
        assertThat(types(dispatcher)).containsExactly("TICKET_RECTIFIED");
        assertThat(types(gridWorkerA)).containsExactly("TICKET_RECTIFIED", "TICKET_TO_VERIFY");
        assertThat(types(gridWorkerB)).isEmpty();
        assertThat(types(otherDispatcher)).isEmpty();

        // a notice of another account's list does not exist for the caller
        long gridNotice = id("select n.id from notice n where n.account_id = ? order by n.id limit 1", gridWorkerA.id);
        assertProblem(
                given().auth()
                        .oauth2(clerkToken)
                        .post("/api/v1/notices/" + gridNotice + "/read")
                        .then(),
                404,
                "notice-not-found");
        given().auth()
                .oauth2(Fixtures.token(gridWorkerA))
                .post("/api/v1/notices/" + gridNotice + "/read")
                .then()
                .statusCode(200)
                .body("read", equalTo(true));
        // no channel set: nothing but the in-app list and the integration
        assertThat(sms.notices(clerk.phone)).isEmpty();
    }

    @Test
    void aUnitsSmsAndWecomBotAreUsedAsTheAdminSetThemAndARetryResendsOnlyWhatFailed() {
        put(
                        admin,
                        "UNIT/" + town.department.id,
                        "{\"smsToMembers\":true,\"smsPhones\":[\"" + dutyPhone + "\"],\"wecom\":{\"enabled\":true,"
                                + "\"key\":\"" + wecomKey + "\",\"msgtype\":\"markdown\"}}")
                .then()
                .statusCode(200)
                .body("wecom.keyHint", equalTo("…" + wecomKey.substring(wecomKey.length() - 4)))
                .body(not(containsString(wecomKey)));
        put(
                        admin,
                        "REGION_GRID_WORKERS/" + town.zoneA.id,
                        "{\"wecom\":{\"key\":\"" + wecomKey + "-grid\",\"msgtype\":\"text\"}}")
                .then()
                .statusCode(200);
        WechatStub.rateLimit(wecomKey, 1); // the unit's bot: 20 messages a minute, and it is over

        Ticket t = tickets.dispatched(town, town.department.id);
        deliver();
        long row = id("select id from outbox_event where ticket_id = ? and type = 'TICKET_DISPATCHED'", t.id);
        assertThat(sms.notices(clerk.phone)).singleElement().asString().startsWith("【随手拍】新工单待签收：工单 " + t.id);
        assertThat(sms.notices(dutyPhone)).hasSize(1);
        assertThat(WechatStub.messagesTo(wecomKey)).isEmpty();
        assertThat(string("select status from notice_delivery where outbox_event_id = ? and channel = 'WECOM'", row))
                .isEqualTo("FAILED");
        assertThat(string("select last_error from outbox_event where id = ?", row))
                .contains("45009");
        // the grid's grid workers' bot (a region setting covers the grids below it): text
        List<Map<String, Object>> grid = WechatStub.messagesTo(wecomKey + "-grid");
        assertThat(grid).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("msgtype", "text");
            assertThat((String) m.get("content")).startsWith("【随手拍】新工单待核实\n工单 " + t.id);
        });

        clock.advance(config.backoffBase().plusSeconds(1));
        deliver();
        assertThat(WechatStub.messagesTo(wecomKey)).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("msgtype", "markdown");
            assertThat((String) m.get("content")).startsWith("**【随手拍】新工单待签收**");
        });
        // the SMS got through the first time: not sent again
        assertThat(sms.notices(clerk.phone)).hasSize(1);
        assertThat(sms.notices(dutyPhone)).hasSize(1);
        assertThat(string(
                        "select case when delivered_at is not null then 'yes' end from outbox_event where id = ?", row))
                .isEqualTo("yes");
        // operations see how far each channel got
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/outbox?type=TICKET_DISPATCHED&ticketId=" + t.id)
                .then()
                .statusCode(200)
                .body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].deliveries.find { it.channel == 'WECOM' }.status", equalTo("DELIVERED"))
                .body("items[0].deliveries.find { it.channel == 'WECOM' }.attempts", equalTo(2))
                .body("items[0].deliveries.find { it.target == 'phone:" + dutyPhone + "' }.attempts", equalTo(1))
                .body("items[0].deliveries.findAll { it.channel == 'SMS' }.size()", equalTo(2));
    }

    @Test
    void anInvalidBotKeyIsGivenUpAndADownGatewayIsRetried() {
        put(
                        admin,
                        "UNIT/" + town.department.id,
                        "{\"smsPhones\":[\"" + dutyPhone + "\"],\"wecom\":{\"key\":\"invalid-" + wecomKey + "\"}}")
                .then()
                .statusCode(200);
        sms.failFor(dutyPhone);
        try {
            Ticket t = tickets.dispatched(town, town.department.id);
            deliver();
            long row = id("select id from outbox_event where ticket_id = ? and type = 'TICKET_DISPATCHED'", t.id);
            assertThat(string(
                            "select status from notice_delivery where outbox_event_id = ? and channel = 'WECOM'", row))
                    .isEqualTo("GAVE_UP");
            assertThat(string(
                            "select last_error from notice_delivery where outbox_event_id = ? and channel = 'WECOM'",
                            row))
                    .startsWith("93000");
            assertThat(string("select status from notice_delivery where outbox_event_id = ? and channel = 'SMS'", row))
                    .isEqualTo("FAILED");
            sms.recover(dutyPhone);
            clock.advance(config.backoffBase().plusSeconds(1));
            deliver();
            assertThat(sms.notices(dutyPhone)).hasSize(1);
            assertThat(string(
                            "select case when delivered_at is not null then 'yes' end from outbox_event where id = ?",
                            row))
                    .isEqualTo("yes");
            // the bad key was not tried again
            assertThat(id("select attempts from notice_delivery where outbox_event_id = ? and channel = 'WECOM'", row))
                    .isEqualTo(1);
        } finally {
            sms.recover(dutyPhone);
        }
    }

    @Test
    void adminEndpointsAreForAdminsInScopeAndRefuseBadInputWithoutChangingAnything() {
        String path = "UNIT/" + town.department.id;
        String regional = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(town.township.id)));
        Town other = new Town(fixtures, admin);
        String otherAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(other.township.id)));

        assertProblem(
                given().auth()
                        .oauth2(regional)
                        .get("/api/v1/admin/notice-channels/" + path)
                        .then(),
                404,
                "notice-channel-not-found");
        put(regional, path, "{\"smsToMembers\":true,\"wecom\":{\"enabled\":true,\"key\":\"" + wecomKey + "\"}}")
                .then()
                .statusCode(200)
                .body("recipientType", equalTo("UNIT"))
                .body("targetName", equalTo(town.department.name))
                .body("smsToMembers", equalTo(true))
                .body("wecom.enabled", equalTo(true))
                .body("wecom.msgtype", equalTo("markdown"));
        // the key is kept when left out, and never shown
        put(
                        regional,
                        path,
                        "{\"smsToMembers\":false,\"smsPhones\":[\"" + dutyPhone + "\"],\"wecom\":{\"enabled\":true}}")
                .then()
                .statusCode(200)
                .body("wecom.enabled", equalTo(true))
                .body("smsPhones", equalTo(List.of(dutyPhone)));
        given().auth()
                .oauth2(regional)
                .get("/api/v1/admin/notice-channels/" + path)
                .then()
                .statusCode(200)
                .body("wecom.keyHint", equalTo("…" + wecomKey.substring(wecomKey.length() - 4)))
                .body(not(containsString(wecomKey)));
        assertThat(given().auth()
                        .oauth2(regional)
                        .get("/api/v1/admin/notice-channels")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("targetId", Long.class))
                .contains(town.department.id);
        assertThat(id(
                        "select count(*) from audit_log where action = 'notice-channel.update' and target_id = ? "
                                + "and details::text not like ?",
                        String.valueOf(town.department.id),
                        "%" + wecomKey + "%"))
                .isEqualTo(2);

        // another township's admin: the unit does not exist for them; not in their list either
        assertProblem(
                given().auth()
                        .oauth2(otherAdmin)
                        .get("/api/v1/admin/notice-channels/" + path)
                        .then(),
                404,
                "unit-not-found");
        assertProblem(put(otherAdmin, path, "{\"smsToMembers\":true}").then(), 404, "unit-not-found");
        assertProblem(
                put(otherAdmin, "REGION_DISPATCHERS/" + town.township.id, "{\"smsToMembers\":true}")
                        .then(),
                404,
                "region-not-found");
        assertThat(given().auth()
                        .oauth2(otherAdmin)
                        .get("/api/v1/admin/notice-channels")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("targetId", Long.class))
                .doesNotContain(town.department.id);
        // wrong role
        String dispatcherToken = Fixtures.token(dispatcher);
        assertProblem(
                given().auth()
                        .oauth2(dispatcherToken)
                        .get("/api/v1/admin/notice-channels")
                        .then(),
                403,
                "forbidden");
        assertProblem(put(dispatcherToken, path, "{\"smsToMembers\":true}").then(), 403, "forbidden");

        // bad input: 4xx, nothing changed
        assertProblem(put(regional, path, "{\"smsPhones\":[\"12345\"]}").then(), 422, "invalid-field")
                .body("errors[0].field", equalTo("smsPhones[0]"));
        assertProblem(
                        put(regional, path, "{\"wecom\":{\"enabled\":true,\"key\":\"bad key!\"}}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("wecom.key"));
        assertProblem(
                        put(regional, path, "{\"wecom\":{\"enabled\":true,\"msgtype\":\"news\"}}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("wecom.msgtype"));
        StringBuilder eleven = new StringBuilder("{\"smsPhones\":[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",")
                    .append("\"1380000000")
                    .append(i % 10)
                    .append('"');
        }
        assertProblem(put(regional, path, eleven + "]}").then(), 422, "invalid-field");
        put(regional, path, "{\"smsToMembers\":").then().statusCode(400);
        assertProblem(
                        put(regional, "REGION_LEADERS/" + town.township.id, "{\"wecom\":{\"enabled\":true}}")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("wecom.key"));
        given().auth()
                .oauth2(regional)
                .get("/api/v1/admin/notice-channels/" + path)
                .then()
                .body("smsToMembers", equalTo(false))
                .body("smsPhones", equalTo(List.of(dutyPhone)))
                .body("wecom.enabled", equalTo(true));
        assertProblem(
                given().auth()
                        .oauth2(regional)
                        .get("/api/v1/admin/notice-channels/REGION_LEADERS/" + town.township.id)
                        .then(),
                404,
                "notice-channel-not-found");
        // not a staff recipient, or no such thing
        assertProblem(
                put(admin, "ACCOUNT/" + clerk.id, "{\"smsToMembers\":true}").then(), 404, "not-found");
        assertProblem(put(admin, "UNIT/99999999", "{\"smsToMembers\":true}").then(), 404, "unit-not-found");

        // enabled=false removes the bot
        put(regional, path, "{\"wecom\":{\"enabled\":false}}")
                .then()
                .statusCode(200)
                .body("wecom.enabled", equalTo(false))
                .body("wecom.keyHint", org.hamcrest.Matchers.nullValue());
    }

    long id(String sql, Object... args) {
        String s = string(sql, args);
        return s == null ? 0 : Long.parseLong(s);
    }

    String string(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
