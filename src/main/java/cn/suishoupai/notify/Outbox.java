package cn.suishoupai.notify;

import cn.suishoupai.common.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The transactional outbox (DOMAIN §6, notifications). enqueue must be called inside the transaction
 * that makes the change, and writes one outbox row per recipient; {@link OutboxDelivery} delivers them
 * later, at least once, each with its own event id that receivers deduplicate by.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Who must hear about it: a unit (its staff), the dispatchers / leaders / grid workers whose scope
     * covers a region (the id is the township for dispatchers and leaders, the grid for grid workers), or
     * one account (a resident). Delivery resolves these to accounts and channels (DOMAIN §6).
     */
    public enum RecipientType {
        UNIT,
        REGION_DISPATCHERS,
        REGION_LEADERS,
        REGION_GRID_WORKERS,
        ACCOUNT;

        public boolean staff() {
            return this != ACCOUNT;
        }
    }

    public record Recipient(RecipientType type, long id) {

        public Recipient {
            Objects.requireNonNull(type, "type");
        }
    }

    private final Json json;
    private final Clock clock;

    Outbox(Json json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Writes an event for each recipient in the current transaction. type e.g. TICKET_DISPATCHED,
     * DEADLINE_REMINDER, TICKET_OVERDUE, ESCALATED_TO_DISPATCHER, ESCALATED_TO_LEADERS, TICKET_CLOSED,
     * REWARD_ACCRUED. payload is serialised as JSON. Returns the number of rows written.
     * MANDATORY: without the caller's transaction the event could commit without the change, or the
     * change without the event; calling it outside one throws TransactionRequiredException.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(String type, Long ticketId, Map<String, Object> payload, Recipient... recipients) {
        if (type == null || type.isBlank() || type.length() > 48) {
            throw new IllegalArgumentException("Outbox event type must be 1-48 characters: " + type);
        }
        // The same recipient named twice (e.g. a unit that is both lead and assist) hears it once.
        Set<Recipient> distinct = new LinkedHashSet<>();
        for (Recipient r : recipients) {
            distinct.add(Objects.requireNonNull(r, "recipient"));
        }
        String body = json.write(payload == null ? Map.of() : payload);
        // Microseconds: what timestamptz keeps, so the stored and the delivered time are the same.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (Recipient r : distinct) {
            OutboxEvent e = new OutboxEvent();
            e.eventId = UUID.randomUUID();
            e.type = type;
            e.recipientType = r.type();
            e.recipientId = r.id();
            e.ticketId = ticketId;
            e.payload = body;
            e.createdAt = now;
            e.nextAttemptAt = now;
            e.persist();
        }
        return distinct.size();
    }
}
