package cn.suishoupai.ticket;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Whose deadline is whose (issue 11): sign and rectify are the lead unit's; verification and
 * re-check are the region's grid workers' and dispatchers' (VERIFIER); re-dispatching a returned
 * ticket, deciding an extension request and reviewing a queued report are the dispatchers'. Lists,
 * rates and the chase charge a deadline to its owner only: a late re-check is never the unit's.
 */
public final class Attribution {

    @Schema(name = "DueOwner")
    public enum Owner {
        UNIT,
        VERIFIER,
        DISPATCHER
    }

    /** Whom a chase step tells: the lead unit, or the township's dispatchers or leaders (the outbox's names). */
    public enum RecipientType {
        UNIT,
        REGION_DISPATCHERS,
        REGION_LEADERS
    }

    public enum Deadline {
        SIGN(Owner.UNIT),
        RECTIFY(Owner.UNIT),
        RECHECK(Owner.VERIFIER),
        VERIFY(Owner.VERIFIER),
        REDISPATCH(Owner.DISPATCHER),
        EXTENSION(Owner.DISPATCHER),
        REVIEW(Owner.DISPATCHER);

        public final Owner owner;

        Deadline(Owner owner) {
            this.owner = owner;
        }
    }

    /** The deadlines that follow the ticket's state (its current deadline, ticket.due_at); the others run beside them. */
    public static final List<Deadline> STAGE_DEADLINES =
            List.of(Deadline.SIGN, Deadline.RECTIFY, Deadline.RECHECK, Deadline.REDISPATCH);

    /** One chase step: when (relative to the deadline) and to whom. */
    public record Step(Chase.Stage stage, RecipientType to) {}

    private Attribution() {}

    /** The current deadline of a ticket in this state, or null when nobody owes anything. */
    public static Deadline current(Ticket.State state) {
        return switch (state) {
            case DISPATCHED -> Deadline.SIGN;
            case IN_PROGRESS -> Deadline.RECTIFY;
            case RECTIFIED -> Deadline.RECHECK;
            case RETURNED -> Deadline.REDISPATCH;
            default -> null;
        };
    }

    /** Whose the current deadline of a ticket in this state is, or null. */
    public static Owner owner(Ticket.State state) {
        Deadline d = current(state);
        return d == null ? null : d.owner;
    }

    /**
     * The steps a deadline is chased with. Reminder and overdue mark go to the owner: the lead unit,
     * or the region's dispatchers for verifier and dispatcher work (notices reach grid workers through
     * them). A unit's lateness is escalated to the dispatchers and then to leaders; a dispatcher's or
     * verifier's lateness goes to leaders only (escalating to the dispatchers would tell them of their own).
     */
    public static List<Step> steps(Deadline d) {
        RecipientType own = d.owner == Owner.UNIT ? RecipientType.UNIT : RecipientType.REGION_DISPATCHERS;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Chase.Stage.REMINDER, own));
        steps.add(new Step(Chase.Stage.OVERDUE, own));
        if (d.owner == Owner.UNIT) {
            steps.add(new Step(Chase.Stage.ESCALATED, RecipientType.REGION_DISPATCHERS));
        }
        steps.add(new Step(Chase.Stage.LEADERS, RecipientType.REGION_LEADERS));
        return List.copyOf(steps);
    }
}
