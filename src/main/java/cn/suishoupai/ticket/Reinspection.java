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

/** 回头看: a closed ticket sampled for a second look on site. */
@Entity
public class Reinspection extends PanacheEntityBase {

    @Schema(name = "ReinspectionStatus")
    public enum Status {
        PENDING,
        PASSED,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long ticketId;

    public Long townshipId;

    public Long gridId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Instant sampledAt;

    public Long inspectorId;

    public Instant doneAt;

    public String note;

    public Long newTicketId;

    void finish(Status outcome, Long inspector, Instant at, String text, Long newTicket) {
        status = outcome;
        inspectorId = inspector;
        doneAt = at;
        note = text;
        newTicketId = newTicket;
    }
}
