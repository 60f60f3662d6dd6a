package cn.suishoupai.ticket;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step on a ticket's timeline. Append-only (a database trigger refuses updates). */
@Entity
@Immutable
public class TicketEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long ticketId;

    public String type;

    public Instant at;

    /** Null for the system (auto-dispatch). */
    public Long actorId;

    public String actorRole;

    public String note;

    @JdbcTypeCode(SqlTypes.JSON)
    public String details;

    public static TicketEvent append(
            long ticketId, String type, Instant at, Long actorId, String actorRole, String note, String detailsJson) {
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
