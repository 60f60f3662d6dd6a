package cn.suishoupai.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AuthConfig;
import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import cn.suishoupai.support.WechatStub;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Residents' channels against the WeChat stub and its real error codes: a refused (43101) or used-up
 * subscription falls back to SMS; a rate limit (45009) waits and retries, never SMS; an expired (42001)
 * or invalid (40001) access token is refreshed once and the message sent; two instances that find the
 * token expired at once refresh it once.
 */
@QuarkusTest
class WechatChannelTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Outbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Inject
    NotifyConfig config;

    @Inject
    TestClock clock;

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    @Inject
    AgroalDataSource ds;

    @Inject
    WechatSubscribe subscribe;

    @Inject
    AuthConfig auth;

    @Inject
    EntityManager em;

    @Inject
    AdvisoryLocks locks;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock appClock;

    Account resident;
    String token;

    @BeforeEach
    void setUp() {
        resident = fixtures.resident(); // a phone and an openid
        token = fixtures.tokenFor(resident.id);
        deliver(); // nothing of other tests' is left due
    }

    @AfterEach
    void reset() {
        clock.reset();
    }

    void deliver() {
        while (delivery.deliverDue() > 0) {
            Thread.onSpinWait();
        }
    }

    void accept(int times) {
        for (int i = 0; i < times; i++) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{\"results\":{\"tmpl-report\":\"accept\"}}")
                    .post("/api/v1/notices/subscriptions")
                    .then()
                    .statusCode(200);
        }
    }

    int credits() {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/notices/subscriptions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("templates.find { it.templateId == 'tmpl-report' }.credits");
    }

    /** A REPORT_ACCEPTED notice to the resident, as ReportNotices writes it; returns the outbox row id. */
    long enqueueAccepted(long reportId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            outbox.enqueue(
                    "REPORT_ACCEPTED",
                    null,
                    Map.of("reportId", reportId, "ticketId", 1),
                    new Recipient(RecipientType.ACCOUNT, resident.id));
            return ((Number) em.createNativeQuery("select max(id) from outbox_event where recipient_id = ?1 "
                                    + "and recipient_type = 'ACCOUNT'")
                            .setParameter(1, resident.id)
                            .getSingleResult())
                    .longValue();
        });
    }

    String status(long row, String channel) {
        return string("select status from notice_delivery where outbox_event_id = ? and channel = ?", row, channel);
    }

    @Test
    void aRefusedSubscriptionFallsBackToSmsThroughTheGateway() {
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        accept(2);
        WechatStub.refuse(resident.wechatOpenid); // the resident turned the template off in WeChat's settings

        double[] at = town.centre('A', 0, 0);
        long report = ((Number) Reports.submit(
                                token,
                                Reports.fields(at, town.fire.code),
                                List.of(Reports.jpeg(
                                        "p.jpg",
                                        Reports.photo(
                                                at[0], at[1], Instant.now().minusSeconds(60), 4100))))
                        .then()
                        .statusCode(201)
                        .body("status", equalTo("ACCEPTED"))
                        .extract()
                        .path("id"))
                .longValue();
        deliver();

        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).isEmpty();
        assertThat(sms.notices(resident.phone)).containsExactly("【随手拍】上报已受理：您上报的隐患（编号 " + report + "）已受理，已派单至责任单位处理。");
        long row = id("select id from outbox_event where type = 'REPORT_ACCEPTED' and recipient_id = ?", resident.id);
        assertThat(status(row, "WECHAT")).isEqualTo("REFUSED");
        assertThat(status(row, "SMS")).isEqualTo("DELIVERED");
        assertThat(string(
                        "select last_error from notice_delivery where outbox_event_id = ? and channel = 'WECHAT'", row))
                .startsWith("43101");
        assertThat(string(
                        "select case when delivered_at is not null then 'DELIVERED' end from outbox_event where id = ?",
                        row))
                .isEqualTo("DELIVERED");
        // WeChat's refusal ends the subscription until the resident accepts again
        given().auth()
                .oauth2(token)
                .get("/api/v1/notices/subscriptions")
                .then()
                .body("templates.find { it.templateId == 'tmpl-report' }.credits", equalTo(0))
                .body("templates.find { it.templateId == 'tmpl-report' }.refusedAt", notNullValue());
        // and it is in the in-app list all the same
        given().auth()
                .oauth2(token)
                .get("/api/v1/notices/mine")
                .then()
                .body("items[0].type", equalTo("REPORT_ACCEPTED"))
                .body("items[0].reportId", equalTo((int) report));
    }

    @Test
    void aFailedSmsFallbackIsRetriedWithoutAskingWechatAgain() {
        accept(1);
        WechatStub.refuse(resident.wechatOpenid);
        sms.failFor(resident.phone);
        try {
            long row = enqueueAccepted(41);
            deliver();
            assertThat(status(row, "WECHAT")).isEqualTo("REFUSED");
            assertThat(status(row, "SMS")).isEqualTo("FAILED");
            assertThat(string("select last_error from outbox_event where id = ?", row))
                    .contains("sms-send-failed");
            sms.recover(resident.phone);
            clock.advance(config.backoffBase().plusSeconds(1));
            deliver();
            assertThat(status(row, "SMS")).isEqualTo("DELIVERED");
            assertThat(sms.notices(resident.phone)).hasSize(1);
            assertThat(id("select attempts from notice_delivery where outbox_event_id = ? and channel = 'WECHAT'", row))
                    .isEqualTo(1);
            assertThat(string(
                            "select case when delivered_at is not null then 'yes' end from outbox_event where id = ?",
                            row))
                    .isEqualTo("yes");
        } finally {
            sms.recover(resident.phone);
        }
    }

    @Test
    void aUsedUpSubscriptionFallsBackToSmsAndAResidentWithoutPhoneKeepsTheInAppNotice() {
        accept(1);
        long first = enqueueAccepted(11);
        long second = enqueueAccepted(12);
        deliver();
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).hasSize(1);
        assertThat(status(first, "WECHAT")).isEqualTo("DELIVERED");
        assertThat(status(first, "SMS")).isNull();
        assertThat(status(second, "WECHAT")).isEqualTo("REFUSED");
        assertThat(status(second, "SMS")).isEqualTo("DELIVERED");
        assertThat(sms.notices(resident.phone)).hasSize(1).allMatch(t -> t.contains("编号 12"));

        // no phone, no credit: only the in-app list
        Account noPhone = fixtures.resident();
        QuarkusTransaction.requiringNew().run(() -> {
            Account a = Account.findById(noPhone.id);
            a.phone = null;
        });
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.enqueue(
                        "REPORT_CLOSED",
                        null,
                        Map.of("reportId", 13),
                        new Recipient(RecipientType.ACCOUNT, noPhone.id)));
        deliver();
        assertThat(WechatStub.messagesTo(noPhone.wechatOpenid)).isEmpty();
        given().auth()
                .oauth2(fixtures.tokenFor(noPhone.id))
                .get("/api/v1/notices/mine")
                .then()
                .body("total", equalTo(1))
                .body("items[0].title", equalTo("隐患已整改"));
    }

    @Test
    void aRateLimitWaitsWithBackoffAndKeepsTheCreditInsteadOfSendingSms() {
        accept(1);
        WechatStub.rateLimit(resident.wechatOpenid, 1);
        long row = enqueueAccepted(21);
        deliver();
        assertThat(status(row, "WECHAT")).isEqualTo("FAILED");
        assertThat(string("select last_error from outbox_event where id = ?", row))
                .contains("45009");
        assertThat(id("select attempts from outbox_event where id = ?", row)).isEqualTo(1);
        assertThat(sms.notices(resident.phone)).isEmpty();
        assertThat(credits()).isEqualTo(1);
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).isEmpty();

        clock.advance(config.backoffBase().plusSeconds(1));
        deliver();
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).hasSize(1);
        assertThat(status(row, "WECHAT")).isEqualTo("DELIVERED");
        assertThat(id("select attempts from notice_delivery where outbox_event_id = ? and channel = 'WECHAT'", row))
                .isEqualTo(2);
        assertThat(credits()).isZero();
        assertThat(sms.notices(resident.phone)).isEmpty();
        // the in-app notice was added once, whatever the retries
        assertThat(id("select count(*) from notice where outbox_event_id = ?", row))
                .isEqualTo(1);
    }

    @Test
    void anExpiredOrInvalidAccessTokenIsRefreshedOnceAndTheMessageSent() {
        accept(3);
        enqueueAccepted(31);
        deliver(); // a token is cached now
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).hasSize(1);

        for (Runnable fault : List.<Runnable>of(WechatStub::expireToken, WechatStub::invalidateToken)) {
            int calls = WechatStub.stableTokenCalls();
            int forced = WechatStub.stats().getInt("forcedRefreshes");
            fault.run();
            long row = enqueueAccepted(32);
            deliver();
            assertThat(status(row, "WECHAT")).isEqualTo("DELIVERED");
            assertThat(WechatStub.stableTokenCalls()).isEqualTo(calls + 1);
            assertThat(WechatStub.stats().getInt("forcedRefreshes")).isEqualTo(forced + 1);
        }
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).hasSize(3);
        assertThat(sms.notices(resident.phone)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAcrossTwoInstances() throws Exception {
        // two "instances": two token caches sharing only the database
        WechatTokens a = new WechatTokens(auth, config, em, locks, mapper, appClock);
        WechatTokens b = new WechatTokens(auth, config, em, locks, mapper, appClock);
        String before = a.current();
        assertThat(b.current()).isEqualTo(before);
        WechatStub.expireToken();
        int calls = WechatStub.stableTokenCalls();
        long refreshes = a.refreshes();

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ChannelResult>> sends = new ArrayList<>();
        for (WechatTokens instance : List.of(a, b)) {
            sends.add(pool.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return subscribe.send(
                        instance,
                        resident.wechatOpenid,
                        "tmpl-report",
                        "pages/notices/index",
                        Map.of("thing1", Map.of("value", "并发测试")));
            }));
        }
        for (Future<ChannelResult> f : sends) {
            assertThat(f.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ChannelResult.Outcome.SENT);
        }
        pool.shutdown();
        assertThat(WechatStub.stableTokenCalls()).as("one refresh for both").isEqualTo(calls + 1);
        assertThat(a.refreshes()).isEqualTo(refreshes + 1);
        String after = a.current();
        assertThat(after).isNotEqualTo(before).isEqualTo(b.current());
        assertThat(WechatStub.messagesTo(resident.wechatOpenid)).hasSize(2);
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
