package cn.suishoupai.ticket;

import cn.suishoupai.deadline.Deadlines;
import cn.suishoupai.ticket.Attribution.Deadline;
import cn.suishoupai.ticket.Attribution.RecipientType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The chase schedule of every open deadline: reminder, overdue mark, escalation, each a row in
 * ticket_chase that {@link ChaseSweep} raises (and deletes) once when due. Each row names the
 * deadline, its owner ({@link Attribution}) and whom it tells. A ticket's current deadline (sign,
 * rectify, re-check, re-dispatch) is armed from its state; verification and a pending extension
 * request run beside it; a queued report has its review deadline. Arming a new deadline replaces
 * whatever was pending for it, so a moved deadline is chased anew and a met one not at all. Runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class Chase {

    public enum Stage {
        REMINDER,
        OVERDUE,
        ESCALATED,
        LEADERS
    }

    private static final String STAGE_DEADLINES_SQL = Attribution.STAGE_DEADLINES.stream()
            .map(d -> "'" + d.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

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
     * Verification is disarmed once done or once the ticket is no longer open.
     */
    public void arm(Ticket t, Instant now) {
        Deadline d = Attribution.current(t.state);
        String key = d == null || t.dueAt == null ? null : d.name() + "@" + t.dueAt + "@" + t.leadUnitId;
        boolean same = Objects.equals(key, t.chaseKey);
        // every change to the ticket before the first delete below flushes it: one version step per action
        t.chaseKey = key;
        if (t.verifyDueAt != null && (t.verified != null || !t.state.open())) {
            disarm(t.id, "('VERIFY')");
        }
        if (same) {
            return;
        }
        disarm(t.id, STAGE_DEADLINES_SQL);
        if (key != null) {
            steps(t.id, null, d, now, t.dueAt, t.leadUnitId, t.townshipId);
        }
    }

    /** 核实: the verification deadline of a new ticket, chased beside its current deadline until verified. */
    public void armVerify(Ticket t, Instant now) {
        t.verifyDueAt = deadlines.add(now, deadlines.own().verify());
        steps(t.id, null, Deadline.VERIFY, now, t.verifyDueAt, t.leadUnitId, t.townshipId);
    }

    /** The dispatcher's time to decide a new extension request. */
    public void armExtension(Ticket t, TicketExtension e, Instant now) {
        e.decideDueAt = deadlines.add(now, deadlines.own().decideExtension());
        steps(t.id, null, Deadline.EXTENSION, now, e.decideDueAt, t.leadUnitId, t.townshipId);
    }

    /** The extension request was decided or withdrawn. */
    public void disarmExtension(long ticketId) {
        disarm(ticketId, "('EXTENSION')");
    }

    /** A report entering the dispatcher's queue: its review deadline (returned) and its chase. */
    public Instant armReview(long reportId, long townshipId, Instant now) {
        disarmReview(reportId);
        Instant due = deadlines.add(now, deadlines.own().review());
        steps(null, reportId, Deadline.REVIEW, now, due, null, townshipId);
        return due;
    }

    /** The report left the queue (accepted, rejected, merged). */
    public void disarmReview(long reportId) {
        em.createNativeQuery("delete from ticket_chase where report_id = ?1")
                .setParameter(1, reportId)
                .executeUpdate();
    }

    /** The time a deadline due at {@code due} is escalated to the dispatchers / leaders. */
    private Instant at(Stage stage, Instant due, Instant remind) {
        return switch (stage) {
            case REMINDER -> remind;
            case OVERDUE -> due;
            case ESCALATED -> deadlines.plusWorking(due, config.escalateAfter());
            case LEADERS -> deadlines.plusWorking(due, config.leadersAfter());
        };
    }

    private void steps(
            Long ticketId, Long reportId, Deadline d, Instant now, Instant due, Long leadUnit, long township) {
        // remind-before working time ahead, or at half of the period's working time when it is shorter
        Instant remind = deadlines.reminderAt(now, due, config.remindBefore());
        for (Attribution.Step s : Attribution.steps(d)) {
            if (s.stage() == Stage.REMINDER && remind == null) {
                continue;
            }
            long to = s.to() == RecipientType.UNIT ? leadUnit : township;
            insert(ticketId, reportId, d, due, s.stage(), at(s.stage(), due, remind), s.to(), to);
        }
    }

    /** Drops the pending steps of these deadlines: they no longer apply. Raised ones are on the timeline. */
    private void disarm(long ticketId, String deadlinesSql) {
        em.createNativeQuery("delete from ticket_chase where ticket_id = ?1 and deadline in " + deadlinesSql)
                .setParameter(1, ticketId)
                .executeUpdate();
    }

    private void insert(
            Long ticketId,
            Long reportId,
            Deadline d,
            Instant deadlineAt,
            Stage stage,
            Instant dueAt,
            RecipientType to,
            long toId) {
        String subject = ticketId != null ? "ticket_id" : "report_id";
        em.createNativeQuery("insert into ticket_chase (" + subject + ", deadline, owner, deadline_at, stage, due_at, "
                        + "recipient_type, recipient_id) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, ticketId != null ? ticketId : reportId)
                .setParameter(2, d.name())
                .setParameter(3, d.owner.name())
                .setParameter(4, deadlineAt)
                .setParameter(5, stage.name())
                .setParameter(6, dueAt)
                .setParameter(7, to.name())
                .setParameter(8, toId)
                .executeUpdate();
    }
}
