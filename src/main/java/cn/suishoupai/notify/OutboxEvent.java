package cn.suishoupai.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One event for one recipient. Pending while next_attempt_at is set; delivered or failed
 * (given up) otherwise. The delivery job changes rows with SQL, not through this entity.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** What receivers deduplicate by: the same for every delivery attempt of this row. */
    @Column(name = "event_id", updatable = false)
    public UUID eventId;

    public String type;

    @Enumerated(EnumType.STRING)
    @Column(name = "recipient_type")
    public Outbox.RecipientType recipientType;

    @Column(name = "recipient_id")
    public long recipientId;

    @Column(name = "ticket_id")
    public Long ticketId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    public int attempts;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "claim_token")
    public UUID claimToken;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    /**
     * An admin sends a given-up event again: due now, with a fresh series of attempts. Only failed rows:
     * a pending one is already on its way and a delivered one was received.
     */
    public void rearm(Instant now) {
        if (status() != Status.FAILED) {
            throw cn.suishoupai.common.ApiException.conflict("outbox-event-not-failed", id, status());
        }
        failedAt = null;
        nextAttemptAt = now;
        attempts = 0;
        leaseUntil = null;
        claimToken = null;
    }

    public Status status() {
        return deliveredAt != null ? Status.DELIVERED : failedAt != null ? Status.FAILED : Status.PENDING;
    }
}
