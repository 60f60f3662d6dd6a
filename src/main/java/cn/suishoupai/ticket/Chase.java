package cn.suishoupai.ticket;

import cn.suishoupai.deadline.Deadlines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;

/**
 * The chase schedule of a ticket's current deadline: reminder, overdue mark, escalation to the
 * dispatcher and to leaders, each a row in ticket_chase that {@link ChaseSweep} raises (and
 * deletes) once when due. Arming a new deadline replaces whatever was pending, so a moved deadline
 * (extension, redispatch, rework) is chased anew and a met one not at all. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class Chase {

    public enum Deadline { SIGN, RECTIFY, RECHECK }

    public enum Stage { REMINDER, OVERDUE, ESCALATED, LEADERS }

    private final EntityManager em;
    private final Deadlines deadlines;
    private final ChaseConfig config;

    Chase(EntityManager em, Deadlines deadlines, ChaseConfig config) {
        this.em = em;
        this.deadlines = deadlines;
        this.config = config;
    }

    /**
     * Arms the chase for the ticket's current deadline (from its state), or disarms it when there is
     * none. A deadline already armed is left alone, so steps raised for it are never raised again.
     */
    public void arm(Ticket t, Instant now) {
        Deadline d = switch (t.state) {
            case DISPATCHED -> Deadline.SIGN;
            case IN_PROGRESS -> Deadline.RECTIFY;
            case RECTIFIED -> Deadline.RECHECK;
            default -> null;
        };
        String key = d == null || t.dueAt == null ? null : d.name() + "@" + t.dueAt + "@" + t.leadUnitId;
        if (java.util.Objects.equals(key, t.chaseKey)) {
            return;
        }
        t.chaseKey = key; // before the delete below flushes the ticket: one version step per action
        disarm(t.id);
        if (key == null) {
            return;
        }
        Instant due = t.dueAt;
        // who hears of it: the lead unit of its own deadlines, the dispatchers of a re-check; escalations go up
        Recipient own = d == Deadline.RECHECK ? new Recipient("REGION_DISPATCHERS", t.townshipId) : new Recipient("UNIT", t.leadUnitId);
        // remind-before working time ahead, or at half of the period's working time when it is shorter
        Instant remind = deadlines.reminderAt(now, due, config.remindBefore());
        if (remind != null) {
            insert(t.id, d, due, Stage.REMINDER, remind, own);
        }
        insert(t.id, d, due, Stage.OVERDUE, due, own);
        insert(t.id, d, due, Stage.ESCALATED, deadlines.plusWorking(due, config.escalateAfter()),
                new Recipient("REGION_DISPATCHERS", t.townshipId));
        insert(t.id, d, due, Stage.LEADERS, deadlines.plusWorking(due, config.leadersAfter()),
                new Recipient("REGION_LEADERS", t.townshipId));
    }

    private record Recipient(String type, long id) {
    }

    /** Drops the pending steps: the deadline they chase no longer applies. Raised ones are on the timeline. */
    private void disarm(long ticketId) {
        em.createNativeQuery("delete from ticket_chase where ticket_id = ?1")
                .setParameter(1, ticketId).executeUpdate();
    }

    private void insert(long ticketId, Deadline d, Instant deadlineAt, Stage stage, Instant dueAt, Recipient to) {
        em.createNativeQuery("insert into ticket_chase (ticket_id, deadline, deadline_at, stage, due_at, recipient_type, recipient_id) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, ticketId).setParameter(2, d.name()).setParameter(3, deadlineAt).setParameter(4, stage.name())
                .setParameter(5, dueAt).setParameter(6, to.type()).setParameter(7, to.id()).executeUpdate();
    }
}
