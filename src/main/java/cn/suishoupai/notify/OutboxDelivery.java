package cn.suishoupai.notify;

import cn.suishoupai.common.CachedGauge;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.MetricsConfig;
import cn.suishoupai.common.Stopping;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows, at least once, from any number of instances at the same time. Each row goes
 * to its channels through {@link NoticeDelivery}; a row is delivered once every channel got it, and
 * a retry sends only on the channels that did not.
 * <ol>
 * <li>Claim: one short transaction leases up to batch-size due rows (FOR UPDATE SKIP LOCKED, so two
 * instances never claim the same row) and counts the attempt.</li>
 * <li>Send each row outside any transaction (a slow receiver holds no locks or connections).</li>
 * <li>Mark each row in its own short transaction: delivered, or due again after
 * backoff-base × 2^(attempts-1) (at most backoff-cap), or failed after max-attempts.</li>
 * </ol>
 * An instance that dies between send and mark leaves the row leased; once the lease runs out another
 * instance sends it again with the same event id. Marks only apply while the claim still holds the
 * row (claim_token), so an instance that overran its lease cannot overwrite a newer claim.
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);

    /** Full batches one tick may run back to back before it leaves the rest to the next tick. */
    private static final int MAX_ROUNDS_PER_TICK = 20;

    static final String MISSING_WEBHOOK = "suishoupai.notify.sender=webhook needs suishoupai.notify.webhook.url and "
            + "suishoupai.notify.webhook.secret (SUISHOUPAI_NOTIFY_WEBHOOK_URL, SUISHOUPAI_NOTIFY_WEBHOOK_SECRET)";

    /** One claimed row, detached from the claim's transaction. */
    public record Claimed(long id, UUID claimToken, Instant leaseUntil, int attempts, Notification notification) {}

    private final NotifyConfig config;
    private final Instance<NotificationSender> senders;
    private final NoticeDelivery notices;
    private final EntityManager em;
    private final Json json;
    private final Clock clock;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Counter giveUps;
    private final AtomicLong pending = new AtomicLong();
    private volatile Instant pendingCountedAt = Instant.EPOCH;

    OutboxDelivery(
            NotifyConfig config,
            @Any Instance<NotificationSender> senders,
            NoticeDelivery notices,
            EntityManager em,
            Json json,
            Clock clock,
            MeterRegistry meters,
            MetricsConfig metrics) {
        this.config = config;
        this.senders = senders;
        this.notices = notices;
        this.em = em;
        this.json = json;
        this.clock = clock;
        this.delivered = meters.counter("suishoupai.outbox.delivered");
        this.retried = meters.counter("suishoupai.outbox.retried");
        this.failed = meters.counter("suishoupai.outbox.failed");
        // the same events as failed, under the name the dashboard and alerts use
        this.giveUps = Counter.builder("suishoupai.outbox.give_ups")
                .description("Outbox events given up after max-attempts")
                .register(meters);
        meters.gauge("suishoupai.outbox.pending", pending);
        CachedGauge.register(
                meters,
                "suishoupai.outbox.lag.seconds",
                "Age of the oldest outbox event still to be delivered (0 when none)",
                metrics.gaugeTtl(),
                this::lagSeconds);
    }

    /** A misconfigured sender stops the start, not the first notification hours later. */
    void onStart(@Observes StartupEvent ev) {
        check(config.sender(), config.webhook().url(), config.webhook().secret());
        if (config.lease().compareTo(config.webhook().timeout().multipliedBy(2)) < 0
                || config.batchSize() < 1
                || config.maxAttempts() < 1
                || config.backoffBase().isNegative()
                || config.backoffBase().isZero()) {
            // a lease shorter than a send would hand every claimed row back unsent
            throw new IllegalStateException("suishoupai.notify: lease must be at least twice webhook.timeout, and "
                    + "batch-size, max-attempts and backoff-base must be positive");
        }
        sender();
        LOG.infof(
                "Outbox delivery: sender %s%s, every %s, at most %d attempts",
                config.sender(),
                "webhook".equals(config.sender())
                        ? " to " + config.webhook().url().orElseThrow()
                        : "",
                config.interval(),
                config.maxAttempts());
    }

    /** Start-up validation of the sender settings; throws with a message naming what is missing. */
    static void check(String sender, Optional<String> url, Optional<String> secret) {
        if (!"log".equals(sender) && !"webhook".equals(sender)) {
            throw new IllegalStateException("suishoupai.notify.sender must be log or webhook, not '" + sender + "'");
        }
        if ("webhook".equals(sender)) {
            if (url.filter(u -> !u.isBlank()).isEmpty()
                    || secret.filter(s -> !s.isBlank()).isEmpty()) {
                throw new IllegalStateException(MISSING_WEBHOOK);
            }
            String u = url.get();
            if (!u.startsWith("https://") && !u.startsWith("http://")) {
                throw new IllegalStateException(
                        "suishoupai.notify.webhook.url must be an http(s) URL, not '" + u + "'");
            }
        }
    }

    /** The configured sender. */
    public NotificationSender sender() {
        Instance<NotificationSender> chosen = senders.select(Identifier.Literal.of(config.sender()));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException(
                    "No notification sender named '" + config.sender() + "' (suishoupai.notify.sender)");
        }
        return chosen.get();
    }

    @Scheduled(
            every = "${suishoupai.notify.interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            NotificationSender s = sender();
            // A full batch means there may be more due: keep going (a while) rather than wait for the next tick.
            for (int round = 0; round < MAX_ROUNDS_PER_TICK && deliverDue(s) == config.batchSize(); round++) {
                LOG.debugf("Outbox round %d was a full batch; running another", round + 1);
            }
            refreshPendingGauge();
        } catch (RuntimeException e) {
            // e.g. the database is briefly away: the next tick tries again
            Stopping.logFailure(LOG, e, "Outbox delivery round failed");
        }
    }

    /** One round with the configured sender; returns how many rows it claimed. */
    public int deliverDue() {
        return deliverDue(sender());
    }

    /** One round: claim up to batch-size due rows, send each through sender, mark each. */
    public int deliverDue(NotificationSender sender) {
        List<Claimed> batch = claim(config.batchSize());
        for (int i = 0; i < batch.size(); i++) {
            Claimed c = batch.get(i);
            // Sending sequentially must not outlive the lease, or another instance would send the same rows
            // while this one still holds them: hand back what is left for the next round.
            if (!clock.instant().plus(config.webhook().timeout()).isBefore(c.leaseUntil())) {
                release(batch.subList(i, batch.size()));
                break;
            }
            deliver(c, sender);
        }
        return batch.size();
    }

    /** Leases up to limit due rows to a new claim and counts the attempt (transaction of its own). */
    public List<Claimed> claim(int limit) {
        UUID token = UUID.randomUUID();
        Instant now = now();
        Instant leaseUntil = now.plus(config.lease());
        List<OutboxEvent> rows = QuarkusTransaction.requiringNew().call(() -> {
            int n = em.createNativeQuery("""
                    update outbox_event set lease_until = :lease, claim_token = :token, attempts = attempts + 1
                    where id in (select id from outbox_event
                                 where next_attempt_at <= :now and (lease_until is null or lease_until < :now)
                                 order by next_attempt_at
                                 limit :limit
                                 for update skip locked)
                    """)
                    .setParameter("lease", leaseUntil)
                    .setParameter("token", token)
                    .setParameter("now", now)
                    .setParameter("limit", limit)
                    .executeUpdate();
            return n == 0
                    ? List.<OutboxEvent>of()
                    : OutboxEvent.<OutboxEvent>list("claimToken = ?1 order by nextAttemptAt, id", token);
        });
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (OutboxEvent e : rows) {
            Outbox.Recipient to = new Outbox.Recipient(e.recipientType, e.recipientId);
            claimed.add(new Claimed(
                    e.id,
                    token,
                    leaseUntil,
                    e.attempts,
                    new Notification(e.eventId, e.type, to, e.ticketId, e.createdAt, e.attempts, envelope(e))));
        }
        return claimed;
    }

    /**
     * Sends one claimed row on its channels (in-app list, WeChat / SMS / WeCom, and the integration
     * sender: {@link NoticeDelivery}) and records the outcome.
     */
    public void deliver(Claimed c, NotificationSender sender) {
        String error;
        try {
            notices.deliver(c, sender);
            markDelivered(c);
            return;
        } catch (NotificationSender.DeliveryFailed e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            // a broken sender must not stop the round or lose the row
            Stopping.logFailure(LOG, e, "Notification sender threw for outbox row %d", c.id());
            error = e.toString();
        }
        markAttemptFailed(c, error);
    }

    void markDelivered(Claimed c) {
        Instant now = now();
        int n = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("""
                update outbox_event set delivered_at = :now, last_attempt_at = :now, next_attempt_at = null,
                       lease_until = null, claim_token = null, last_error = null
                where id = :id and claim_token = :token
                """)
                        .setParameter("now", now)
                        .setParameter("id", c.id())
                        .setParameter("token", c.claimToken())
                        .executeUpdate());
        if (n == 1) {
            delivered.increment();
        } else {
            LOG.warnf("Outbox row %d was delivered after its lease ran out; it may be delivered again", c.id());
        }
    }

    void markAttemptFailed(Claimed c, String error) {
        Instant now = now();
        String lastError = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
        boolean giveUp = c.attempts() >= config.maxAttempts();
        Instant next = giveUp ? null : now.plus(backoff(c.attempts()));
        // Only while this claim still holds the row: after a lost lease the newer claim records its own outcome.
        String sql = giveUp ? """
                  update outbox_event set last_attempt_at = :now, next_attempt_at = null, failed_at = :now,
                         lease_until = null, claim_token = null, last_error = :error
                  where id = :id and claim_token = :token
                  """ : """
                  update outbox_event set last_attempt_at = :now, next_attempt_at = :next,
                         lease_until = null, claim_token = null, last_error = :error
                  where id = :id and claim_token = :token
                  """;
        int n = QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql)
                    .setParameter("now", now)
                    .setParameter("error", lastError)
                    .setParameter("id", c.id())
                    .setParameter("token", c.claimToken());
            if (!giveUp) {
                q.setParameter("next", next);
            }
            return q.executeUpdate();
        });
        if (n == 0) {
            return;
        }
        if (giveUp) {
            failed.increment();
            giveUps.increment();
            LOG.warnf(
                    "Gave up on outbox event %s (%s to %s %d, row %d) after %d attempts: %s",
                    c.notification().eventId(),
                    c.notification().type(),
                    c.notification().recipient().type(),
                    c.notification().recipient().id(),
                    c.id(),
                    c.attempts(),
                    lastError);
        } else {
            retried.increment();
            LOG.debugf("Outbox row %d attempt %d failed (%s); next at %s", c.id(), c.attempts(), lastError, next);
        }
    }

    /** Hands claimed but unsent rows back, undoing the attempt they were charged. */
    void release(List<Claimed> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        List<Long> ids = unsent.stream().map(Claimed::id).toList();
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                update outbox_event set lease_until = null, claim_token = null, attempts = attempts - 1
                where id in (:ids) and claim_token = :token
                """)
                        .setParameter("ids", ids)
                        .setParameter("token", unsent.get(0).claimToken())
                        .executeUpdate());
    }

    /** Wait before attempt n + 1 after n failed attempts: base × 2^(n-1), at most the cap. */
    public Duration backoff(int failedAttempts) {
        return backoff(config.backoffBase(), config.backoffCap(), failedAttempts);
    }

    static Duration backoff(Duration base, Duration cap, int failedAttempts) {
        int doublings = Math.max(0, failedAttempts - 1);
        if (doublings >= 40) {
            return cap; // 2^40 × any positive base is beyond any sensible cap, and beyond a long's nanoseconds
        }
        Duration d = base.multipliedBy(1L << doublings);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /**
     * The delivered JSON: {eventId, type, recipient: {type, id}, ticketId, createdAt, payload}. The same
     * for every attempt, so a receiver may also compare bodies.
     */
    String envelope(OutboxEvent e) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("type", e.recipientType.name());
        recipient.put("id", e.recipientId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", e.eventId.toString());
        body.put("type", e.type);
        body.put("recipient", recipient);
        body.put("ticketId", e.ticketId);
        body.put("createdAt", e.createdAt);
        body.put("payload", json.tree(e.payload));
        return json.write(body);
    }

    /** The pending gauge costs a count; refresh it at most every 15 s per instance. */
    private void refreshPendingGauge() {
        Instant now = clock.instant();
        if (now.isAfter(pendingCountedAt.plusSeconds(15))) {
            pendingCountedAt = now;
            pending.set(countPending());
        }
    }

    /** Seconds since the oldest event still to be delivered was written (retries and due-later ones included). */
    long lagSeconds() {
        Instant oldest = QuarkusTransaction.requiringNew().call(() -> (Instant) em.createNativeQuery(
                        "select min(created_at) from outbox_event where next_attempt_at is not null", Instant.class)
                .getSingleResult());
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    public long countPending() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("nextAttemptAt is not null"));
    }

    /** Microseconds: what timestamptz keeps, so stored times compare exactly with computed ones. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
