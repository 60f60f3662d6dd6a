package cn.suishoupai.ticket;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The hazard as a work item (工单): confirmed category, place, responsible units and state. One or
 * more reports attach to it. State changes go through methods here so every path obeys the same
 * rules; the version column serialises concurrent actions.
 */
@Entity
@Table(name = "ticket")
public class Ticket extends PanacheEntityBase {

    public enum State {
        PENDING_REVIEW, DISPATCHED, IN_PROGRESS, RECTIFIED, CLOSED, RETURNED, REJECTED, CANCELLED;

        /** Open: still someone's work, and a candidate for duplicates. */
        public boolean open() {
            return this == PENDING_REVIEW || this == DISPATCHED || this == IN_PROGRESS || this == RECTIFIED || this == RETURNED;
        }
    }

    /** The open states as an SQL list, e.g. for {@code state in (...)}; matches the partial index on open tickets. */
    public static final String OPEN_STATES_SQL = java.util.Arrays.stream(State.values()).filter(State::open)
            .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));

    public enum Severity { GENERAL, MAJOR }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "category_id")
    public Long categoryId;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "grid_id")
    public Long gridId;

    @Column(name = "zone_id")
    public Long zoneId;

    @Column(name = "township_id")
    public Long townshipId;

    @Column(name = "lead_unit_id")
    public Long leadUnitId;

    @ElementCollection
    @CollectionTable(name = "ticket_assist_unit", joinColumns = @JoinColumn(name = "ticket_id"))
    @Column(name = "unit_id")
    public Set<Long> assistingUnitIds = new LinkedHashSet<>();

    public double lat;

    public double lng;

    public String address;

    public String description;

    /** The routing decision (JSON) that placed the ticket, with its explanation. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String routing;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    /**
     * A new ticket, dispatched to its lead unit at once: by intake (auto-dispatch) or by a dispatcher
     * accepting a report. Tickets are born dispatched; reports wait in review, not tickets.
     */
    public static Ticket dispatched(long leadUnit, java.util.Collection<Long> assisting, Instant now) {
        Ticket t = new Ticket();
        t.leadUnitId = leadUnit;
        assisting.stream().filter(u -> u != leadUnit).forEach(t.assistingUnitIds::add);
        t.state = State.DISPATCHED;
        t.dispatchedAt = now;
        t.createdAt = now;
        t.updatedAt = now;
        return t;
    }
}
