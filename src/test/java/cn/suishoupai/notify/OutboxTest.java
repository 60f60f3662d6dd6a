package cn.suishoupai.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.support.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writing events with the change, and what a webhook receiver gets. */
@QuarkusTest
class OutboxTest {

    static final String SECRET = "test-webhook-secret";

    @Inject
    Outbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Inject
    TestClock clock;

    WebhookReceiver receiver;
    WebhookNotificationSender webhook;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        webhook = new WebhookNotificationSender(receiver.url(), SECRET, Duration.ofSeconds(5), clock);
    }

    @AfterEach
    void stop() {
        receiver.close();
        clock.reset();
    }

    static String uniqueType(String prefix) {
        return prefix + "_" + System.nanoTime();
    }

    static List<OutboxEvent> rowsOfType(String type) {
        return QuarkusTransaction.requiringNew()
                .call(() -> OutboxEvent.<OutboxEvent>list("type = ?1 order by id", type));
    }

    @Test
    void rolledBackChangeLeavesNoEvent() {
        String type = uniqueType("ROLLBACK");
        // The change fails after the event was written: the event must go with it.
        assertThrows(
                IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    assertEquals(1, outbox.enqueue(type, null, Map.of("k", "v"), new Recipient(RecipientType.UNIT, 7)));
                    throw new IllegalStateException("the change failed");
                }));
        assertTrue(rowsOfType(type).isEmpty());
    }

    @Test
    void committedChangeWritesOneRowPerRecipient() {
        String type = uniqueType("COMMIT");
        Instant before = clock.instant();
        int n = QuarkusTransaction.requiringNew()
                .call(() -> outbox.enqueue(
                        type,
                        null,
                        Map.of("reason", "逾期"),
                        new Recipient(RecipientType.UNIT, 3),
                        new Recipient(RecipientType.REGION_LEADERS, 4),
                        new Recipient(RecipientType.ACCOUNT, 5),
                        new Recipient(RecipientType.UNIT, 3)));
        assertEquals(3, n, "the unit named twice hears it once");
        List<OutboxEvent> rows = rowsOfType(type);
        assertEquals(
                List.of("UNIT:3", "REGION_LEADERS:4", "ACCOUNT:5"),
                rows.stream().map(r -> r.recipientType + ":" + r.recipientId).toList());
        assertEquals(3, rows.stream().map(r -> r.eventId).distinct().count(), "each row has its own event id");
        for (OutboxEvent r : rows) {
            assertEquals(r.createdAt, r.nextAttemptAt, "due at once");
            assertTrue(!r.createdAt.isBefore(before.minusMillis(1)), r.createdAt + " vs " + before);
            assertEquals(0, r.attempts);
            assertEquals(OutboxEvent.Status.PENDING, r.status());
            assertTrue(r.payload.contains("逾期"), r.payload);
        }
    }

    @Test
    void enqueueOutsideATransactionIsRefused() {
        assertThrows(
                TransactionalException.class,
                () -> outbox.enqueue(uniqueType("NO_TX"), null, Map.of(), new Recipient(RecipientType.UNIT, 1)));
    }

    @Test
    void webhookGetsTheSignedEnvelopeWithTheEventId() throws Exception {
        String type = uniqueType("SIGNED");
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.enqueue(
                        type,
                        null,
                        Map.of("note", "水管破裂", "deadline", "2025-05-06T18:00:00+08:00"),
                        new Recipient(RecipientType.UNIT, 42)));
        OutboxEvent row = rowsOfType(type).get(0);
        String eventId = row.eventId.toString();

        delivery.deliverDue(webhook);

        List<WebhookReceiver.Received> got = receiver.receivedFor(eventId);
        assertEquals(1, got.size());
        WebhookReceiver.Received r = got.get(0);
        assertEquals(type, r.eventType());
        assertEquals("1", r.attempt());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        long ts = Long.parseLong(r.timestamp());
        assertTrue(Math.abs(ts - clock.instant().getEpochSecond()) < 60, "timestamp is epoch seconds");
        // What a receiver does: recompute the HMAC over timestamp + "." + raw body with the shared secret.
        assertEquals("sha256=" + hmacHex(SECRET, r.timestamp() + "." + r.body()), r.signature());
        assertNotEquals("sha256=" + hmacHex("another-secret", r.timestamp() + "." + r.body()), r.signature());

        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals(eventId, body.get("eventId").asText());
        assertEquals(type, body.get("type").asText());
        assertEquals("UNIT", body.at("/recipient/type").asText());
        assertEquals(42, body.at("/recipient/id").asLong());
        assertTrue(body.get("ticketId").isNull());
        assertTrue(
                body.get("createdAt").asText().endsWith("+08:00"),
                body.get("createdAt").asText());
        assertEquals("水管破裂", body.at("/payload/note").asText());

        OutboxEvent after = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.findById(row.id));
        assertEquals(OutboxEvent.Status.DELIVERED, after.status());
        assertNull(after.nextAttemptAt);
        assertNull(after.leaseUntil);
        assertEquals(1, after.attempts);

        // Operations can see deliveries on /q/metrics.
        io.restassured.RestAssured.get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("suishoupai_outbox_delivered_total"))
                .body(org.hamcrest.Matchers.containsString("suishoupai_outbox_pending"));
    }

    @Test
    void webhookWithoutUrlOrSecretStopsTheStart() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> OutboxDelivery.check("webhook", Optional.empty(), Optional.of("s")));
        assertTrue(e.getMessage().contains("suishoupai.notify.webhook.url"), e.getMessage());
        assertTrue(e.getMessage().contains("suishoupai.notify.webhook.secret"), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> OutboxDelivery.check("webhook", Optional.of("https://x"), Optional.of(" ")));
        assertThrows(
                IllegalStateException.class,
                () -> OutboxDelivery.check("webhook", Optional.of("ftp://x"), Optional.of("s")));
        assertThrows(
                IllegalStateException.class, () -> OutboxDelivery.check("mail", Optional.empty(), Optional.empty()));
        OutboxDelivery.check("webhook", Optional.of("https://gw.example/hook"), Optional.of("s"));
        OutboxDelivery.check("log", Optional.empty(), Optional.empty());
    }

    @Test
    void logSenderIsTheDefault() {
        assertTrue(delivery.sender() instanceof LogNotificationSender
                || delivery.sender().getClass().getSuperclass() == LogNotificationSender.class);
    }

    static String hmacHex(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
