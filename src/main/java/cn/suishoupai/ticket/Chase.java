package cn.suishoupai.ticket;

import cn.suishoupai.deadline.Deadlines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;

/**
 * The chase schedule of a ticket's current deadline: reminder, overdue mark, escalation to the
 * dispatcher and to leaders, each a row in ticket_chase that {@link ChaseSweep} raises once when
 * due. Arming replaces whatever was pending, so a moved deadline (extension, redispatch, rework) is
 * chased anew and a met one not at all. Runs in the caller's transaction.
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

    /** Arms the chase for the ticket's current deadline (from its state), or disarms it when there is none. */
    public void arm(Ticket t, Instant now) {
        disarm(t.id);
        Deadline d = switch (t.state) {
            case DISPATCHED -> Deadline.SIGN;
            case IN_PROGRESS -> Deadline.RECTIFY;
            case RECTIFIED -> Deadline.RECHECK;
            default -> null;
        };
        if (d == null || t.dueAt == null) {
            return;
        }
        Instant due = t.dueAt;
        Instant remind = deadlines.minusWorking(due, config.remindBefore(), now);
        if (!remind.isAfter(now)) {
            // the whole period is shorter than the reminder lead time: remind at half-time
            remind = now.plus(Duration.between(now, due).dividedBy(2));
        }
        insert(t.id, d, due, Stage.REMINDER, remind);
        insert(t.id, d, due, Stage.OVERDUE, due);
        insert(t.id, d, due, Stage.ESCALATED, deadlines.plusWorking(due, config.escalateAfter()));
        insert(t.id, d, due, Stage.LEADERS, deadlines.plusWorking(due, config.leadersAfter()));
    }

    /** Drops the pending steps: the deadline they chase no longer applies. Raised ones stay as history. */
    public void disarm(long ticketId) {
        em.createNativeQuery("delete from ticket_chase where ticket_id = ?1 and raised_at is null")
                .setParameter(1, ticketId).executeUpdate();
    }

    private void insert(long ticketId, Deadline d, Instant deadlineAt, Stage stage, Instant dueAt) {
        em.createNativeQuery("insert into ticket_chase (ticket_id, deadline, deadline_at, stage, due_at) values (?1, ?2, ?3, ?4, ?5) "
                        + "on conflict (ticket_id, deadline, deadline_at, stage) do nothing")
                .setParameter(1, ticketId).setParameter(2, d.name()).setParameter(3, deadlineAt).setParameter(4, stage.name())
                .setParameter(5, dueAt).executeUpdate();
    }
}
