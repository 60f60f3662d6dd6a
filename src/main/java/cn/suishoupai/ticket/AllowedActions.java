package cn.suishoupai.ticket;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.Role;
import java.util.Arrays;
import java.util.List;

/**
 * What the caller may do to a ticket now: the actions the ticket page offers (TicketDetail
 * allowedActions), so that clients keep no rules of their own. The same checks as the workflow, in
 * the same order: the caller's role for the action ({@link Action#roles}), its scope ({@link
 * TicketAccess#actionable}: a unit acts only as lead, everyone else within their regions), the state
 * ({@link Action#from}) and the ticket's own conditions (a designated lead cannot return; one extension
 * request at a time, and only a pending one can be decided; verification once; a follow-up only for a
 * 不满意 rating waiting for it). What only the request body decides (a later date, a reason) is left
 * to the action. 综合评价 (rate) is the reporter's, never a staff action, so never listed here.
 */
final class AllowedActions {

    /** What the ticket row does not say: read once per view. */
    record Facts(boolean inRegionScope, boolean extensionPending, boolean followUpPending) {}

    private AllowedActions() {}

    /** The action paths (as in {@code /actions/{path}}) the caller may take now, in {@link Action} order. */
    static List<String> of(Ticket t, Actor actor, Facts facts) {
        return Arrays.stream(Action.values())
                .filter(a -> allowed(a, t, actor, facts))
                .map(a -> a.path)
                .toList();
    }

    static boolean allowed(Action a, Ticket t, Actor actor, Facts facts) {
        if (a == Action.RATE || !a.allowedFor(actor.roles())) {
            return false;
        }
        String role = TicketAccess.actingRole(a, actor);
        boolean inScope = Role.UNIT_.equals(role)
                ? actor.unitId().map(u -> u.equals(t.leadUnitId)).orElse(false)
                : facts.inRegionScope();
        if (!inScope || !a.allowedFrom(t.state)) {
            return false;
        }
        return switch (a) {
            case RETURN -> !t.designatedLead;
            case REQUEST_EXTENSION -> !facts.extensionPending();
            case APPROVE_EXTENSION, REFUSE_EXTENSION -> facts.extensionPending();
            case VERIFY -> t.verified == null;
            case FOLLOW_UP -> facts.followUpPending();
            default -> true;
        };
    }
}
