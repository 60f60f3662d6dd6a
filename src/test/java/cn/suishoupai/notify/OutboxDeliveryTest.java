package cn.suishoupai.notify;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Metrics;
import cn.suishoupai.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery: retries with backoff, giving up, two instances at once, and redelivery after a crash.
 * Time moves with the TestClock; the job runs when a test calls it (the scheduler is off in tests).
 * Rows other tests left pending may be delivered along the way; assertions count this test's events only.
 */
@QuarkusTest
class OutboxDeliveryTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Inject
    NotifyConfig config;

    @Inject
    TestClock clock;

    @Inject
    Fixtures fixtures;

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

    String enqueueOne(String prefix) {
        return enqueue(prefix, 1).get(0);
    }

    /** n events of a fresh type, one recipient each, committed; returns their event ids in id order. */
    List<String> enqueue(String prefix, int n) {
        String type = OutboxTest.uniqueType(prefix);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < n; i++) {
                outbox.enqueue(type, null, Map.of("i", i), new Recipient(RecipientType.ACCOUNT, i + 1));
            }
        });
        return OutboxTest.rowsOfType(type).stream()
                .map(r -> r.eventId.toString())
                .toList();
    }

    static OutboxEvent row(String eventId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> OutboxEvent.<OutboxEvent>find("eventId", UUID.fromString(eventId))
                        .singleResult());
    }

    /** Runs rounds until nothing is due. */
    void drain(NotificationSender sender) {
        while (delivery.deliverDue(sender) > 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void failedAttemptsAreRetriedWithExponentialBackoffUntilDelivered() {
        String id = enqueueOne("RETRY");
        receiver.answer(id, nth -> nth <= 2 ? 500 : 200);
        Duration base = config.backoffBase();

        drain(webhook);
        OutboxEvent r1 = row(id);
        assertEquals(1, receiver.receivedFor(id).size());
        assertEquals(1, r1.attempts);
        assertEquals(OutboxEvent.Status.PENDING, r1.status());
        assertEquals(r1.lastAttemptAt.plus(base), r1.nextAttemptAt, "first retry after the base");
        assertTrue(r1.lastError.contains("500"), r1.lastError);
        assertNull(r1.leaseUntil, "a finished attempt releases its lease");

        // Not due yet: nothing is sent.
        clock.advance(base.minusSeconds(1));
        drain(webhook);
        assertEquals(1, receiver.receivedFor(id).size());

        clock.advance(Duration.ofSeconds(1));
        drain(webhook);
        OutboxEvent r2 = row(id);
        assertEquals(2, receiver.receivedFor(id).size());
        assertEquals(2, r2.attempts);
        assertEquals(r2.lastAttemptAt.plus(base.multipliedBy(2)), r2.nextAttemptAt, "then twice the base");
        assertTrue(!r2.lastAttemptAt.isBefore(r1.nextAttemptAt));

        clock.advance(base.multipliedBy(2).minusSeconds(1));
        drain(webhook);
        assertEquals(2, receiver.receivedFor(id).size());

        clock.advance(Duration.ofSeconds(1));
        drain(webhook);
        OutboxEvent r3 = row(id);
        assertEquals(OutboxEvent.Status.DELIVERED, r3.status());
        assertEquals(3, r3.attempts);
        assertNull(r3.nextAttemptAt);
        assertNull(r3.lastError);
        assertNotNull(r3.deliveredAt);
        List<WebhookReceiver.Received> got = receiver.receivedFor(id);
        assertEquals(
                List.of("1", "2", "3"),
                got.stream().map(WebhookReceiver.Received::attempt).toList());
        assertEquals(
                1, got.stream().map(WebhookReceiver.Received::body).distinct().count(), "same body every time");

        // Delivered means done.
        clock.advance(Duration.ofHours(2));
        drain(webhook);
        assertEquals(3, receiver.receivedFor(id).size());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Duration base = Duration.ofSeconds(10);
        Duration cap = Duration.ofHours(1);
        assertEquals(Duration.ofSeconds(10), OutboxDelivery.backoff(base, cap, 1));
        assertEquals(Duration.ofSeconds(20), OutboxDelivery.backoff(base, cap, 2));
        assertEquals(Duration.ofSeconds(80), OutboxDelivery.backoff(base, cap, 4));
        assertEquals(Duration.ofSeconds(2560), OutboxDelivery.backoff(base, cap, 9));
        assertEquals(cap, OutboxDelivery.backoff(base, cap, 10));
        assertEquals(cap, OutboxDelivery.backoff(base, cap, 1000));
    }

    @Test
    void givesUpAfterMaxAttemptsAndStopsSending() {
        double giveUps = Metrics.value("suishoupai_outbox_give_ups_total");
        String id = enqueueOne("GIVE_UP");
        receiver.answer(id, nth -> 503);
        int max = config.maxAttempts();
        for (int i = 1; i <= max; i++) {
            drain(webhook);
            assertEquals(i, receiver.receivedFor(id).size(), "attempt " + i);
            clock.advance(config.backoffCap());
        }
        OutboxEvent r = row(id);
        assertEquals(OutboxEvent.Status.FAILED, r.status());
        assertEquals(max, r.attempts);
        assertNotNull(r.failedAt);
        assertNull(r.nextAttemptAt);
        assertNull(r.deliveredAt);
        assertTrue(r.lastError.contains("503"), r.lastError);
        assertEquals(giveUps + 1, Metrics.value("suishoupai_outbox_give_ups_total"));

        clock.advance(Duration.ofDays(1));
        drain(webhook);
        assertEquals(max, receiver.receivedFor(id).size(), "no sends after giving up");

        // The receiver is mended; an admin sends it again and it gets through on the next round.
        receiver.answer(id, nth -> 200);
        given().auth()
                .oauth2(fixtures.tokenFor(fixtures.admin().id))
                .post("/api/v1/admin/outbox/{id}/actions/retry", r.id)
                .then()
                .statusCode(200);
        drain(webhook);
        assertEquals(max + 1, receiver.receivedFor(id).size());
        OutboxEvent done = row(id);
        assertEquals(OutboxEvent.Status.DELIVERED, done.status());
        assertEquals(1, done.attempts, "a re-armed event starts a fresh series");
    }

    @Test
    void twoInstancesDeliverEveryEventExactlyOnce() throws Exception {
        List<String> ids = enqueue("CONCURRENT", 200);
        assertEquals(200, ids.size());
        Set<String> mine = new HashSet<>(ids);
        // Both "instances" must hold claims at the same time: each one's first send waits for the other's.
        CyclicBarrier bothClaimed = new CyclicBarrier(2);
        Map<String, String> sentBy = new ConcurrentHashMap<>();
        Map<String, Integer> sendsPerEvent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (String instance : List.of("A", "B")) {
            runs.add(pool.submit(() -> {
                boolean[] waited = {false};
                NotificationSender s = n -> {
                    if (!waited[0]) {
                        waited[0] = true;
                        try {
                            bothClaimed.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("the other instance never claimed", e);
                        }
                    }
                    String eventId = n.eventId().toString();
                    sentBy.merge(eventId, instance, (a, b) -> a + b);
                    sendsPerEvent.merge(eventId, 1, Integer::sum);
                    webhook.send(n);
                };
                drain(s);
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        Map<String, Integer> received = new HashMap<>();
        receiver.all().stream()
                .filter(r -> mine.contains(r.eventId()))
                .forEach(r -> received.merge(r.eventId(), 1, Integer::sum));
        assertEquals(mine, received.keySet(), "every event reached the receiver");
        Map<String, Integer> twice = new HashMap<>(received);
        twice.values().removeIf(c -> c == 1);
        assertEquals(Map.of(), twice, "none twice");
        assertTrue(ids.stream().allMatch(id -> sendsPerEvent.get(id) == 1));
        long byA = ids.stream().filter(id -> sentBy.get(id).equals("A")).count();
        long byB = ids.stream().filter(id -> sentBy.get(id).equals("B")).count();
        assertEquals(200, byA + byB);
        assertTrue(byA > 0 && byB > 0, "both instances delivered: A " + byA + ", B " + byB);
        long delivered = QuarkusTransaction.requiringNew()
                .call(() -> OutboxEvent.count(
                        "eventId in ?1 and deliveredAt is not null and attempts = 1",
                        ids.stream().map(UUID::fromString).toList()));
        assertEquals(200, delivered);
    }

    @Test
    void crashBetweenSendAndMarkMeansTheSameEventIsDeliveredAgain() {
        String id = enqueueOne("CRASH");
        // An instance claims and sends, then dies before it marks the row.
        OutboxDelivery.Claimed claimed = delivery.claim(1_000).stream()
                .filter(c -> c.notification().eventId().toString().equals(id))
                .findFirst()
                .orElseThrow();
        try {
            webhook.send(claimed.notification());
        } catch (NotificationSender.DeliveryFailed e) {
            throw new AssertionError(e);
        }
        assertEquals(1, receiver.receivedFor(id).size());

        // While the lease holds, no other instance touches the row.
        drain(webhook);
        assertEquals(1, receiver.receivedFor(id).size());

        clock.advance(config.lease().plusSeconds(1));
        drain(webhook);
        List<WebhookReceiver.Received> got = receiver.receivedFor(id);
        assertEquals(2, got.size(), "delivered again after the lease ran out");
        assertEquals(got.get(0).eventId(), got.get(1).eventId(), "with the same event id, which receivers dedupe by");
        assertEquals(got.get(0).body(), got.get(1).body());
        OutboxEvent r = row(id);
        assertEquals(OutboxEvent.Status.DELIVERED, r.status());
        assertEquals(2, r.attempts);
    }

    @Test
    void anInstanceThatOverranItsLeaseCannotOverwriteTheNewClaim() {
        String id = enqueueOne("LOST_LEASE");
        OutboxDelivery.Claimed slow = delivery.claim(1_000).stream()
                .filter(c -> c.notification().eventId().toString().equals(id))
                .findFirst()
                .orElseThrow();
        clock.advance(config.lease().plusSeconds(1));
        OutboxDelivery.Claimed fresh = delivery.claim(1_000).stream()
                .filter(c -> c.notification().eventId().toString().equals(id))
                .findFirst()
                .orElseThrow();

        delivery.markAttemptFailed(slow, "late failure"); // the old claim's outcome is ignored
        OutboxEvent r = row(id);
        assertEquals(fresh.claimToken(), r.claimToken);
        assertNull(r.lastError);
        assertEquals(2, r.attempts);

        delivery.deliver(fresh, webhook);
        assertEquals(OutboxEvent.Status.DELIVERED, row(id).status());
    }

    @Test
    void anUnsentRestOfABatchIsHandedBackWithoutChargingAnAttempt() {
        String id = enqueueOne("RELEASE");
        List<OutboxDelivery.Claimed> batch = delivery.claim(1_000);
        OutboxDelivery.Claimed mine = batch.stream()
                .filter(c -> c.notification().eventId().toString().equals(id))
                .findFirst()
                .orElseThrow();
        assertEquals(1, row(id).attempts);
        delivery.release(batch);
        OutboxEvent r = row(id);
        assertEquals(0, r.attempts);
        assertNull(r.leaseUntil);
        assertNull(r.claimToken);
        assertEquals(OutboxEvent.Status.PENDING, r.status());
        assertTrue(mine.leaseUntil().isAfter(Instant.now()));
        drain(webhook);
        assertEquals(1, receiver.receivedFor(id).size());
    }
}
