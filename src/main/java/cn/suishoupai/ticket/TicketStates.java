package cn.suishoupai.ticket;

import cn.suishoupai.common.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What report and reward ask of tickets they hold the ids of: the ticket tables are read here, not by
 * them. A ticket handed out here is for reading; ticket changes it.
 */
@ApplicationScoped
public class TicketStates {

    /**
     * For another package's SQL: a sub-select of the ids of the open tickets, as in {@code ticket_id in (…)}. The
     * ticket table stays named here (docs/ARCHITECTURE.md §3); report's public list filters by state with it in its
     * own query, so that paging counts only the matching rows.
     */
    public static final String OPEN_TICKET_IDS = "select id from ticket where state in " + Ticket.OPEN_STATES_SQL;

    private final EntityManager em;

    TicketStates(EntityManager em) {
        this.em = em;
    }

    /** Each existing ticket's state, by id. */
    public Map<Long, Ticket.State> of(Collection<Long> ticketIds) {
        Map<Long, Ticket.State> out = new HashMap<>();
        if (ticketIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, state from ticket where id in (?1)")
                .setParameter(1, ticketIds)
                .getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), Ticket.State.valueOf((String) r[1])));
        return out;
    }

    /** A reporter's 综合评价 of a closed ticket. */
    public record Rated(TicketWorkflow.Rating rating, String comment, Instant ratedAt) {}

    /** How this account rated the ticket, or null when it has not (yet). */
    public Rated ratingBy(long ticketId, long accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select rating, comment, rated_at from ticket_rating where ticket_id = ?1 and account_id = ?2")
                .setParameter(1, ticketId)
                .setParameter(2, accountId)
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Rated(TicketWorkflow.Rating.valueOf((String) r[0]), (String) r[1], Times.instant(r[2]));
    }

    /** The ticket with this id, or null when there is none. */
    public Ticket ticket(long id) {
        return Ticket.findById(id);
    }

    /** The ticket's events from {@code since} on, in order. */
    public List<TicketEvent> eventsSince(long ticketId, Instant since) {
        return TicketEvent.list("ticketId = ?1 and at >= ?2 order by id", ticketId, since);
    }

    /** Open tickets whose location lies in the box (lng/lat corners, as {@code Geo.box}), by id. */
    public List<Long> openIn(double[] box) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from ticket where state in " + Ticket.OPEN_STATES_SQL + " "
                        + "and location <@ box(point(?1, ?2), point(?3, ?4)) order by id")
                .setParameter(1, box[0])
                .setParameter(2, box[1])
                .setParameter(3, box[2])
                .setParameter(4, box[3])
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** The region a ticket is scoped by (its grid, else its township), or null when there is no such ticket. */
    public Long placeOf(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Number> place = em.createNativeQuery("select coalesce(grid_id, township_id) from ticket where id = ?1")
                .setParameter(1, ticketId)
                .getResultList();
        return place.isEmpty() || place.get(0) == null ? null : place.get(0).longValue();
    }

    /** Locks the ticket row until the transaction ends (see report.Reporters.lockTicketOf for why). */
    public void lock(long ticketId) {
        em.createNativeQuery("select id from ticket where id = ?1 for update")
                .setParameter(1, ticketId)
                .getResultList();
    }
}
