package cn.suishoupai.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.common.Actor;
import cn.suishoupai.ticket.Ticket.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the ticket page may offer whom: role, scope, state and the ticket's own conditions. */
class AllowedActionsTest {

    static final long LEAD = 1L;
    static final long ASSIST = 2L;
    static final Actor LEAD_UNIT = staff("unit", LEAD);
    static final Actor ASSISTING_UNIT = staff("unit", ASSIST);
    static final Actor OTHER_UNIT = staff("unit", 3L);
    static final Actor DISPATCHER = staff("dispatcher", null);
    static final Actor GRID_WORKER = staff("grid_worker", null);
    static final Actor LEADER = staff("leader", null);

    static final AllowedActions.Facts IN_SCOPE = new AllowedActions.Facts(true, false, false);
    static final AllowedActions.Facts OUT_OF_SCOPE = new AllowedActions.Facts(false, false, false);
    static final AllowedActions.Facts EXTENSION_PENDING = new AllowedActions.Facts(true, true, false);
    static final AllowedActions.Facts FOLLOW_UP_PENDING = new AllowedActions.Facts(true, false, true);

    static Actor staff(String role, Long unit) {
        return new Actor(9L, role, null, Set.of(role), Optional.ofNullable(unit), List.of(100L));
    }

    static Ticket in(State s) {
        Ticket t = Ticket.dispatched(LEAD, List.of(ASSIST), Instant.parse("2026-11-23T02:00:00Z"));
        t.id = 42L;
        t.state = s;
        return t;
    }

    static Ticket verified(State s) {
        Ticket t = in(s);
        t.verified = true;
        return t;
    }

    static Ticket designated(State s) {
        Ticket t = in(s);
        t.designatedLead = true;
        return t;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // the lead unit: sign or return a dispatched ticket; fix or ask for time while in progress
                Arguments.of(in(State.DISPATCHED), LEAD_UNIT, IN_SCOPE, List.of("sign", "return")),
                Arguments.of(designated(State.DISPATCHED), LEAD_UNIT, IN_SCOPE, List.of("sign")),
                Arguments.of(
                        in(State.IN_PROGRESS),
                        LEAD_UNIT,
                        IN_SCOPE,
                        List.of("submit-rectification", "request-extension")),
                Arguments.of(in(State.IN_PROGRESS), LEAD_UNIT, EXTENSION_PENDING, List.of("submit-rectification")),
                Arguments.of(in(State.RECTIFIED), LEAD_UNIT, IN_SCOPE, List.of()),
                // an assisting unit reads only; another unit has no business here (region facts do not help it)
                Arguments.of(in(State.DISPATCHED), ASSISTING_UNIT, IN_SCOPE, List.of()),
                Arguments.of(in(State.IN_PROGRESS), OTHER_UNIT, IN_SCOPE, List.of()),
                // the dispatcher
                Arguments.of(
                        in(State.DISPATCHED),
                        DISPATCHER,
                        IN_SCOPE,
                        List.of("redispatch", "cancel", "designate-lead", "verify")),
                Arguments.of(
                        verified(State.IN_PROGRESS),
                        DISPATCHER,
                        EXTENSION_PENDING,
                        List.of("redispatch", "approve-extension", "refuse-extension", "cancel", "designate-lead")),
                Arguments.of(
                        in(State.RETURNED),
                        DISPATCHER,
                        IN_SCOPE,
                        List.of("dispatch", "cancel", "designate-lead", "verify")),
                Arguments.of(verified(State.RECTIFIED), DISPATCHER, IN_SCOPE, List.of("cancel", "recheck")),
                Arguments.of(verified(State.CLOSED), DISPATCHER, IN_SCOPE, List.of()),
                Arguments.of(verified(State.CLOSED), DISPATCHER, FOLLOW_UP_PENDING, List.of("follow-up")),
                Arguments.of(in(State.CLOSED), DISPATCHER, IN_SCOPE, List.of("verify")),
                Arguments.of(in(State.CANCELLED), DISPATCHER, IN_SCOPE, List.of()),
                Arguments.of(in(State.DISPATCHED), DISPATCHER, OUT_OF_SCOPE, List.of()),
                // the grid worker verifies and re-checks
                Arguments.of(in(State.IN_PROGRESS), GRID_WORKER, IN_SCOPE, List.of("verify")),
                Arguments.of(in(State.RECTIFIED), GRID_WORKER, IN_SCOPE, List.of("verify", "recheck")),
                Arguments.of(verified(State.RECTIFIED), GRID_WORKER, IN_SCOPE, List.of("recheck")),
                Arguments.of(in(State.RECTIFIED), GRID_WORKER, OUT_OF_SCOPE, List.of()),
                // the leader reads
                Arguments.of(in(State.DISPATCHED), LEADER, IN_SCOPE, List.of()),
                Arguments.of(in(State.RECTIFIED), LEADER, EXTENSION_PENDING, List.of()));
    }

    @ParameterizedTest
    @MethodSource("table")
    void onlyWhatTheWorkflowWouldAccept(Ticket t, Actor actor, AllowedActions.Facts facts, List<String> expected) {
        assertThat(AllowedActions.of(t, actor, facts)).containsExactlyElementsOf(expected);
    }

    @Test
    void neverMoreThanTheStateMachineAllows() {
        for (State s : State.values()) {
            for (Actor a : List.of(LEAD_UNIT, DISPATCHER, GRID_WORKER, LEADER)) {
                for (String path : AllowedActions.of(in(s), a, new AllowedActions.Facts(true, true, true))) {
                    Action action = Stream.of(Action.values())
                            .filter(x -> x.path.equals(path))
                            .findFirst()
                            .orElseThrow();
                    assertThat(action.allowedFrom(s)).as("%s from %s", path, s).isTrue();
                    assertThat(action.allowedFor(a.roles()))
                            .as("%s by %s", path, a.roles())
                            .isTrue();
                    assertThat(action).isNotEqualTo(Action.RATE);
                }
            }
        }
    }
}
