package cn.suishoupai.ticket;

import cn.suishoupai.common.Role;
import cn.suishoupai.ticket.Ticket.State;
import java.util.EnumSet;
import java.util.Set;

/**
 * The ticket actions of DOMAIN §4: who may take each, and from which states. This table is the
 * state machine; {@link Ticket}'s methods apply it and {@link TicketRulesTest} checks every cell.
 */
public enum Action {
    SIGN("sign", Set.of(Role.UNIT_), EnumSet.of(State.DISPATCHED)),
    SUBMIT_RECTIFICATION("submit-rectification", Set.of(Role.UNIT_), EnumSet.of(State.IN_PROGRESS)),
    REQUEST_EXTENSION("request-extension", Set.of(Role.UNIT_), EnumSet.of(State.IN_PROGRESS)),
    RETURN("return", Set.of(Role.UNIT_), EnumSet.of(State.DISPATCHED)),
    DISPATCH("dispatch", Set.of(Role.DISPATCHER_), EnumSet.of(State.RETURNED)),
    REDISPATCH("redispatch", Set.of(Role.DISPATCHER_), EnumSet.of(State.DISPATCHED, State.IN_PROGRESS)),
    APPROVE_EXTENSION("approve-extension", Set.of(Role.DISPATCHER_), EnumSet.of(State.IN_PROGRESS)),
    REFUSE_EXTENSION("refuse-extension", Set.of(Role.DISPATCHER_), EnumSet.of(State.IN_PROGRESS)),
    CANCEL(
            "cancel",
            Set.of(Role.DISPATCHER_),
            EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RECTIFIED, State.RETURNED)),
    DESIGNATE_LEAD(
            "designate-lead",
            Set.of(Role.DISPATCHER_),
            EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RETURNED)),
    /** 核实 while open; on CLOSED only where the fact is missing (closed before V11), and only as real. */
    VERIFY(
            "verify",
            Set.of(Role.GRID_WORKER_, Role.DISPATCHER_),
            EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RECTIFIED, State.RETURNED, State.CLOSED)),
    RECHECK("recheck", Set.of(Role.GRID_WORKER_, Role.DISPATCHER_), EnumSet.of(State.RECTIFIED)),
    RATE("rate", Set.of(Role.RESIDENT_), EnumSet.of(State.CLOSED)),
    /** 回访: the dispatcher follows up a 不满意 rating; RESOLVED, or HAZARD_PERSISTS opens a new linked ticket. */
    FOLLOW_UP("follow-up", Set.of(Role.DISPATCHER_), EnumSet.of(State.CLOSED));

    public final String path;
    public final Set<String> roles;
    public final Set<State> from;

    Action(String path, Set<String> roles, Set<State> from) {
        this.path = path;
        this.roles = roles;
        this.from = from;
    }

    public boolean allowedFrom(State s) {
        return from.contains(s);
    }

    public boolean allowedFor(Set<String> callerRoles) {
        return roles.stream().anyMatch(callerRoles::contains);
    }
}
