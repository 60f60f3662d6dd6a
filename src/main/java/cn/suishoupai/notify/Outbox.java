package cn.suishoupai.notify;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The transactional outbox (DESIGN §6, notifications). SKELETON: the outbox helper replaces the
 * body; the signature is the contract. enqueue must be called inside the transaction that makes the
 * change, and writes one outbox row per recipient; delivery happens later, at least once.
 */
@ApplicationScoped
public class Outbox {

    /** Who must hear about it. */
    public enum RecipientType { UNIT, REGION_DISPATCHERS, REGION_LEADERS, ACCOUNT }

    public record Recipient(RecipientType type, long id) {
    }

    /**
     * Writes an event for each recipient in the current transaction. type e.g. TICKET_DISPATCHED,
     * DEADLINE_REMINDER, TICKET_OVERDUE, ESCALATED_TO_DISPATCHER, ESCALATED_TO_LEADERS, TICKET_CLOSED,
     * REWARD_ACCRUED. payload is serialised as JSON. Returns the number of rows written.
     */
    public int enqueue(String type, Long ticketId, Map<String, Object> payload, Recipient... recipients) {
        return 0;
    }
}
