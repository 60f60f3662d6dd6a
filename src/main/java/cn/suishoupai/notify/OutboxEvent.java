package cn.suishoupai.notify;

import cn.suishoupai.common.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One event for one recipient. Pending while next_attempt_at is set; delivered or failed
 * (given up) otherwise. The delivery job changes rows with SQL, not through this entity.
 */
@Entity
public class OutboxEvent extends PanacheEntityBase {

    @Schema(name = "OutboxStatus")
    public enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** What receivers deduplicate by: the same for every delivery attempt of this row. */
    @Column(updatable = false)
    public UUID eventId;

    public String type;

    @Enumerated(EnumType.STRING)
    public Outbox.RecipientType recipientType;

    public long recipientId;

    public Long ticketId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    public Instant createdAt;

    public Instant nextAttemptAt;

    public int attempts;

    public Instant leaseUntil;

    public Instant deliveredAt;

    public Instant failedAt;

    public String lastError;

    public UUID claimToken;

    public Instant lastAttemptAt;

    /**
     * An admin sends a given-up event again: due now, with a fresh series of attempts. Only failed rows:
     * a pending one is already on its way and a delivered one was received.
     */
    public void rearm(Instant now) {
        if (status() != Status.FAILED) {
            throw ApiException.conflict("outbox-event-not-failed", id, status());
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
