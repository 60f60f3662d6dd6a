package cn.suishoupai.ticket;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** 延期申请: a unit asks to move its rectification deadline; a dispatcher decides. */
@Entity
public class TicketExtension extends PanacheEntityBase {

    @Schema(name = "TicketExtensionStatus")
    public enum Status {
        PENDING,
        APPROVED,
        REFUSED,
        WITHDRAWN
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long ticketId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Long requestedBy;

    public Instant requestedAt;

    public Instant currentDueAt;

    public Instant requestedDueAt;

    /** The dispatcher decides the request by then (their deadline, chased as EXTENSION). */
    public Instant decideDueAt;

    public String reason;

    public Long decidedBy;

    public Instant decidedAt;

    public Instant grantedDueAt;

    public String decisionNote;

    void approve(Long by, Instant granted, String note, Instant now) {
        status = Status.APPROVED;
        decidedBy = by;
        decidedAt = now;
        grantedDueAt = granted;
        decisionNote = note;
    }

    void refuse(Long by, String note, Instant now) {
        status = Status.REFUSED;
        decidedBy = by;
        decidedAt = now;
        decisionNote = note;
    }

    /** The deadline it asked to move no longer applies (redispatch, cancellation). */
    void withdraw(Long by, Instant now) {
        status = Status.WITHDRAWN;
        decidedBy = by;
        decidedAt = now;
    }
}
