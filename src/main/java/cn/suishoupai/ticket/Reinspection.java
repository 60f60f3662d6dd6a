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

/** 回头看: a closed ticket sampled for a second look on site. */
@Entity
@Table(name = "reinspection")
public class Reinspection extends PanacheEntityBase {

    public enum Status { PENDING, PASSED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "township_id")
    public Long townshipId;

    @Column(name = "grid_id")
    public Long gridId;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "sampled_at")
    public Instant sampledAt;

    @Column(name = "inspector_id")
    public Long inspectorId;

    @Column(name = "done_at")
    public Instant doneAt;

    public String note;

    @Column(name = "new_ticket_id")
    public Long newTicketId;

    void finish(Status outcome, Long inspector, Instant at, String text, Long newTicket) {
        status = outcome;
        inspectorId = inspector;
        doneAt = at;
        note = text;
        newTicketId = newTicket;
    }
}
