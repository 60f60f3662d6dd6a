package cn.suishoupai.notify;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.suishoupai.audit.AuditEntry;
import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin view of the outbox and re-arming a given-up event. */
@QuarkusTest
class OutboxAdminTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    WebhookReceiver receiver;
    WebhookNotificationSender webhook;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        webhook = new WebhookNotificationSender(receiver.url(), OutboxTest.SECRET, Duration.ofSeconds(5), clock);
    }

    @AfterEach
    void stop() {
        receiver.close();
        clock.reset();
    }

    /** One committed event, then given up the quick way (the full path is OutboxDeliveryTest's). */
    OutboxEvent failedEvent() {
        String type = OutboxTest.uniqueType("ADMIN");
        QuarkusTransaction.requiringNew()
                .run(() ->
                        outbox.enqueue(type, null, Map.of("x", 1), new Recipient(RecipientType.REGION_DISPATCHERS, 9)));
        OutboxEvent e = OutboxTest.rowsOfType(type).get(0);
        QuarkusTransaction.requiringNew()
                .run(() -> OutboxEvent.update(
                        "failedAt = createdAt, nextAttemptAt = null, attempts = 12, lastError = 'HTTP 503' where id = ?1",
                        e.id));
        return OutboxTest.rowsOfType(type).get(0);
    }

    @Test
    void adminListsFailedEventsAndSendsOneAgain() {
        OutboxEvent failed = failedEvent();
        String admin = fixtures.tokenFor(fixtures.admin().id);

        given().auth()
                .oauth2(admin)
                .queryParam("status", "FAILED")
                .queryParam("size", 500)
                .get("/api/v1/admin/outbox")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(failed.id.intValue()))
                .body("items.status", everyItem(equalTo("FAILED")));
        given().auth()
                .oauth2(admin)
                .queryParam("status", "PENDING")
                .queryParam("type", failed.type)
                .get("/api/v1/admin/outbox")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/outbox/{id}/actions/retry", failed.id)
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("attempts", equalTo(0))
                .body("eventId", equalTo(failed.eventId.toString()))
                .body("payload.x", equalTo(1));
        OutboxEvent rearmed = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.findById(failed.id));
        assertNull(rearmed.failedAt);
        assertEquals(OutboxEvent.Status.PENDING, rearmed.status());
        assertEquals(
                1L,
                QuarkusTransaction.requiringNew()
                        .call(() ->
                                AuditEntry.count("action = 'outbox.retry' and targetId = ?1", failed.id.toString())));

        // Re-armed means due now: the next round delivers it, with its original event id.
        while (delivery.deliverDue(webhook) > 0) {
            Thread.onSpinWait();
        }
        assertEquals(1, receiver.receivedFor(failed.eventId.toString()).size());
        assertEquals(
                OutboxEvent.Status.DELIVERED,
                QuarkusTransaction.requiringNew()
                        .call(() -> OutboxEvent.<OutboxEvent>findById(failed.id))
                        .status());

        // Only a failed event can be re-armed.
        assertProblem(
                        given().auth()
                                .oauth2(admin)
                                .header("Accept-Language", "en")
                                .post("/api/v1/admin/outbox/{id}/actions/retry", failed.id)
                                .then(),
                        409,
                        "outbox-event-not-failed")
                .body("detail", containsString("DELIVERED"));
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .post("/api/v1/admin/outbox/{id}/actions/retry", 999_999_999_999_999_999L)
                        .then(),
                404,
                "outbox-event-not-found");
        // ids are 1-18 ASCII digits (issue 12): a 19-digit one is not an id at all
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .post("/api/v1/admin/outbox/{id}/actions/retry", Long.MAX_VALUE)
                        .then(),
                400,
                "invalid-parameter");
        assertProblem(
                given().auth()
                        .oauth2(admin)
                        .queryParam("status", "LOST")
                        .get("/api/v1/admin/outbox")
                        .then(),
                400,
                "invalid-parameter");
    }

    @Test
    void onlyAdminsSeeOrRetry() {
        OutboxEvent failed = failedEvent();
        long township = fixtures.township().id;
        String dispatcher = fixtures.tokenFor(fixtures.staff(Set.of("dispatcher"), null, Set.of(township)).id);

        assertProblem(given().get("/api/v1/admin/outbox").then(), 401, "unauthenticated");
        assertProblem(
                given().post("/api/v1/admin/outbox/{id}/actions/retry", failed.id)
                        .then(),
                401,
                "unauthenticated");
        assertProblem(
                given().auth().oauth2(dispatcher).get("/api/v1/admin/outbox").then(), 403, "forbidden");
        assertProblem(
                given().auth()
                        .oauth2(dispatcher)
                        .post("/api/v1/admin/outbox/{id}/actions/retry", failed.id)
                        .then(),
                403,
                "forbidden");
        // A regional admin is not a service-wide one: the outbox spans every region.
        String regionalAdmin = fixtures.tokenFor(fixtures.staff(Set.of("admin"), null, Set.of(township)).id);
        assertProblem(
                given().auth().oauth2(regionalAdmin).get("/api/v1/admin/outbox").then(), 403, "out-of-scope");

        assertEquals(
                OutboxEvent.Status.FAILED,
                QuarkusTransaction.requiringNew()
                        .call(() -> OutboxEvent.<OutboxEvent>findById(failed.id))
                        .status());
        given().auth()
                .oauth2(fixtures.tokenFor(fixtures.admin().id))
                .queryParam("type", failed.type)
                .get("/api/v1/admin/outbox")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(failed.id.intValue()));
    }
}
