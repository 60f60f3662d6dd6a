package cn.suishoupai.ticket;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step on a ticket's timeline. Append-only (a database trigger refuses updates). */
@Entity
@Immutable
@Table(name = "ticket_event")
public class TicketEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id")
    public Long ticketId;

    public String type;

    public Instant at;

    /** Null for the system (auto-dispatch). */
    @Column(name = "actor_id")
    public Long actorId;

    @Column(name = "actor_role")
    public String actorRole;

    public String note;

    @JdbcTypeCode(SqlTypes.JSON)
    public String details;

    public static TicketEvent append(long ticketId, String type, Instant at, Long actorId, String actorRole, String note,
                                     String detailsJson) {
        TicketEvent e = new TicketEvent();
        e.ticketId = ticketId;
        e.type = type;
        e.at = at;
        e.actorId = actorId;
        e.actorRole = actorRole;
        e.note = note;
        e.details = detailsJson;
        e.persist();
        return e;
    }
}
