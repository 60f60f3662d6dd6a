package cn.suishoupai.ticket;

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

/** 延期申请: a unit asks to move its rectification deadline; a dispatcher decides. */
@Entity
@Table(name = "ticket_extension")
public class TicketExtension extends PanacheEntityBase {

    public enum Status { PENDING, APPROVED, REFUSED, WITHDRAWN }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "requested_by")
    public Long requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "current_due_at")
    public Instant currentDueAt;

    @Column(name = "requested_due_at")
    public Instant requestedDueAt;

    /** The dispatcher decides the request by then (their deadline, chased as EXTENSION). */
    @Column(name = "decide_due_at")
    public Instant decideDueAt;

    public String reason;

    @Column(name = "decided_by")
    public Long decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "granted_due_at")
    public Instant grantedDueAt;

    @Column(name = "decision_note")
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
