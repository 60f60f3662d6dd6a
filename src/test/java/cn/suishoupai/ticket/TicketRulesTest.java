package cn.suishoupai.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.ticket.Ticket.State;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine of DOMAIN §4, cell by cell: every action from every state, allowed or refused. */
class TicketRulesTest {

    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final Instant LATER = NOW.plus(Duration.ofDays(5));

    /** action → what it does to a ticket, and the state it leaves it in. */
    static final Map<Action, Consumer<Ticket>> APPLY = Map.ofEntries(
            Map.entry(Action.SIGN, t -> t.sign(NOW)),
            Map.entry(Action.SUBMIT_RECTIFICATION, t -> t.submitRectification(NOW, LATER)),
            Map.entry(Action.REQUEST_EXTENSION, t -> {}),
            Map.entry(Action.RETURN, t -> t.returnToDispatcher(NOW, LATER)),
            Map.entry(Action.DISPATCH, t -> t.dispatchTo(Action.DISPATCH, 2L, List.of(), false, NOW)),
            Map.entry(Action.REDISPATCH, t -> t.dispatchTo(Action.REDISPATCH, 2L, List.of(), false, NOW)),
            Map.entry(Action.APPROVE_EXTENSION, t -> t.extendRectification(LATER, NOW)),
            Map.entry(Action.REFUSE_EXTENSION, t -> {}),
            Map.entry(Action.CANCEL, t -> t.cancel("重复", NOW)),
            Map.entry(Action.DESIGNATE_LEAD, t -> t.designate(NOW)),
            Map.entry(Action.VERIFY, t -> t.verify(true, 9L, null, NOW)),
            Map.entry(Action.RECHECK, t -> t.recheck(true, 7L, NOW, null)),
            Map.entry(Action.RATE, t -> {}),
            Map.entry(Action.FOLLOW_UP, t -> {}));

    static final Map<Action, State> TARGET = Map.ofEntries(
            Map.entry(Action.SIGN, State.IN_PROGRESS),
            Map.entry(Action.SUBMIT_RECTIFICATION, State.RECTIFIED),
            Map.entry(Action.RETURN, State.RETURNED),
            Map.entry(Action.DISPATCH, State.DISPATCHED),
            Map.entry(Action.REDISPATCH, State.DISPATCHED),
            Map.entry(Action.CANCEL, State.CANCELLED),
            Map.entry(Action.RECHECK, State.CLOSED));

    /** The table itself, written out as DOMAIN §4 draws it. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(Action.SIGN, EnumSet.of(State.DISPATCHED)),
                Arguments.of(Action.SUBMIT_RECTIFICATION, EnumSet.of(State.IN_PROGRESS)),
                Arguments.of(Action.REQUEST_EXTENSION, EnumSet.of(State.IN_PROGRESS)),
                Arguments.of(Action.RETURN, EnumSet.of(State.DISPATCHED)),
                Arguments.of(Action.DISPATCH, EnumSet.of(State.RETURNED)),
                Arguments.of(Action.REDISPATCH, EnumSet.of(State.DISPATCHED, State.IN_PROGRESS)),
                Arguments.of(Action.APPROVE_EXTENSION, EnumSet.of(State.IN_PROGRESS)),
                Arguments.of(Action.REFUSE_EXTENSION, EnumSet.of(State.IN_PROGRESS)),
                Arguments.of(
                        Action.CANCEL,
                        EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RECTIFIED, State.RETURNED)),
                Arguments.of(Action.DESIGNATE_LEAD, EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RETURNED)),
                Arguments.of(
                        Action.VERIFY,
                        EnumSet.of(State.DISPATCHED, State.IN_PROGRESS, State.RECTIFIED, State.RETURNED, State.CLOSED)),
                Arguments.of(Action.RECHECK, EnumSet.of(State.RECTIFIED)),
                Arguments.of(Action.RATE, EnumSet.of(State.CLOSED)),
                Arguments.of(Action.FOLLOW_UP, EnumSet.of(State.CLOSED)));
    }

    static Ticket in(State s) {
        Ticket t = Ticket.dispatched(1L, List.of(), NOW.minus(Duration.ofDays(1)));
        t.id = 42L;
        t.state = s;
        t.rectifyDueAt = NOW.plus(Duration.ofDays(1));
        return t;
    }

    @ParameterizedTest
    @MethodSource("table")
    void eachActionIsAllowedFromExactlyItsStates(Action action, Set<State> allowed) {
        assertThat(action.from).isEqualTo(allowed);
        for (State s : State.values()) {
            Ticket t = in(s);
            if (allowed.contains(s)) {
                APPLY.get(action).accept(t);
                if (TARGET.containsKey(action)) {
                    assertThat(t.state).as(action + " from " + s).isEqualTo(TARGET.get(action));
                }
            } else if (action.allowedFrom(s)) {
                throw new AssertionError(action + " must not be allowed from " + s);
            } else if (APPLY.get(action) != null && TARGET.containsKey(action)) {
                assertThatThrownBy(() -> APPLY.get(action).accept(t))
                        .as(action + " from " + s)
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.code()).isEqualTo("illegal-transition");
                            assertThat(e.extensions()).containsEntry("state", s.name());
                        });
                assertThat(t.state).isEqualTo(s);
            }
        }
    }

    @Test
    void rolesPerAction() {
        assertThat(Action.SIGN.allowedFor(Set.of("unit"))).isTrue();
        assertThat(Action.SIGN.allowedFor(Set.of("dispatcher"))).isFalse();
        assertThat(Action.VERIFY.allowedFor(Set.of("grid_worker"))).isTrue();
        assertThat(Action.VERIFY.allowedFor(Set.of("dispatcher"))).isTrue();
        assertThat(Action.VERIFY.allowedFor(Set.of("unit"))).isFalse();
        assertThat(Action.RECHECK.allowedFor(Set.of("leader"))).isFalse();
        assertThat(Action.RATE.allowedFor(Set.of("resident"))).isTrue();
        assertThat(Action.CANCEL.allowedFor(Set.of("unit", "grid_worker"))).isFalse();
        assertThat(Action.FOLLOW_UP.allowedFor(Set.of("dispatcher"))).isTrue();
        assertThat(Action.FOLLOW_UP.allowedFor(Set.of("grid_worker", "unit", "leader", "resident")))
                .isFalse();
    }

    @Test
    void aDesignatedLeadCannotReturnAndTwoReturnsForceDesignation() {
        Ticket t = in(State.DISPATCHED);
        t.returnToDispatcher(NOW, LATER);
        assertThat(t.mustDesignate()).isFalse();
        t.dispatchTo(Action.DISPATCH, 1L, List.of(), false, NOW);
        t.returnToDispatcher(NOW, LATER);
        assertThat(t.returnCount).isEqualTo(2);
        assertThat(t.mustDesignate()).isTrue();
        t.dispatchTo(Action.DISPATCH, 3L, List.of(3L, 4L), true, NOW);
        assertThat(t.assistingUnitIds).containsExactly(4L); // the lead is never also assisting
        assertThatThrownBy(() -> t.returnToDispatcher(NOW, LATER))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("designated-lead-cannot-return"));
        assertThat(t.state).isEqualTo(State.DISPATCHED);
    }

    @Test
    void verificationIsOnceAndNotRealCancels() {
        Ticket t = in(State.IN_PROGRESS);
        t.dueAt = t.rectifyDueAt;
        t.verify(false, 9L, "现场无隐患", NOW);
        assertThat(t.state).isEqualTo(State.CANCELLED);
        assertThat(t.dueAt).isNull();
        assertThat(t.cancelReason).isEqualTo("现场无隐患");
        Ticket u = in(State.RECTIFIED);
        u.verify(true, 9L, null, NOW);
        assertThat(u.state).isEqualTo(State.RECTIFIED);
        assertThatThrownBy(() -> u.verify(true, 9L, null, NOW))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("already-verified"));
    }

    @Test
    void aFailedRecheckIsReworkWithANewDeadline() {
        Ticket t = in(State.RECTIFIED);
        t.recheck(false, 7L, NOW, LATER);
        assertThat(t.state).isEqualTo(State.IN_PROGRESS);
        assertThat(t.rework).isTrue();
        assertThat(t.reworkCount).isEqualTo(1);
        assertThat(t.rectifyDueAt).isEqualTo(LATER);
        assertThat(t.dueAt).isEqualTo(LATER);
        t.submitRectification(NOW, LATER);
        assertThat(t.rework).isFalse();
        assertThat(t.dueAt).isEqualTo(LATER);
    }

    @Test
    void theCurrentDeadlineFollowsTheState() {
        Ticket t = in(State.DISPATCHED);
        Instant sign = NOW.plus(Duration.ofHours(2));
        Instant rectify = NOW.plus(Duration.ofDays(7));
        t.startDeadlines("{}", sign, rectify);
        assertThat(t.dueAt).isEqualTo(sign);
        t.sign(NOW);
        assertThat(t.dueAt).isEqualTo(rectify);
        t.submitRectification(NOW, LATER);
        assertThat(t.dueAt).isEqualTo(LATER);
        t.recheck(true, 7L, NOW, null);
        assertThat(t.dueAt).isNull();
        assertThat(t.closedAt).isEqualTo(NOW);
    }

    /**
     * Every path to CLOSED, cell by cell: whatever action from whatever state, a ticket that ends up
     * CLOSED carries the verification fact (real), so its reward can accrue; none closes without it.
     */
    @Test
    void noActionClosesATicketWithoutTheVerificationFact() {
        int closings = 0;
        for (Action a : Action.values()) {
            for (State s : a.from) {
                for (Boolean before : new Boolean[] {null, true}) {
                    Ticket t = in(s);
                    if (before != null) {
                        t.verify(true, 9L, null, NOW.minusSeconds(60));
                    }
                    if (a == Action.VERIFY && before != null) {
                        continue; // verification is once (verificationIsOnceAndNotRealCancels)
                    }
                    APPLY.get(a).accept(t);
                    if (s != State.CLOSED && t.state == State.CLOSED) { // a path into CLOSED
                        closings++;
                        assertThat(t.verified)
                                .as(a + " from " + s + ", verified before: " + before)
                                .isTrue();
                        assertThat(t.verifiedAt).as(a + " from " + s).isNotNull();
                        // who verified: the earlier visit if there was one, else the re-check itself (7) or the
                        // verifier (9)
                        assertThat(t.verifiedBy).as(a + " from " + s).isIn(7L, 9L);
                        if (before != null) {
                            assertThat(t.verifiedBy).isEqualTo(9L);
                        }
                    }
                }
            }
        }
        assertThat(closings).as("the paths that close a ticket were exercised").isGreaterThan(0);
    }

    @Test
    void aPassingRecheckRecordsTheMissingVerificationAndKeepsAnEarlierOne() {
        Ticket t = in(State.RECTIFIED);
        t.recheck(true, 7L, NOW, null);
        assertThat(t.state).isEqualTo(State.CLOSED);
        assertThat(t.verified).isTrue();
        assertThat(t.verifiedBy).isEqualTo(7L);
        assertThat(t.verifiedAt).isEqualTo(NOW);

        Ticket u = in(State.RECTIFIED);
        u.verify(true, 9L, null, NOW.minusSeconds(60));
        u.recheck(true, 7L, NOW, null);
        assertThat(u.verifiedBy).isEqualTo(9L);
        assertThat(u.verifiedAt).isEqualTo(NOW.minusSeconds(60));

        Ticket failed = in(State.RECTIFIED);
        failed.recheck(false, 7L, NOW, LATER);
        assertThat(failed.verified).as("a failed re-check records nothing").isNull();
    }

    @Test
    void aClosedTicketWithoutTheFactMayBeVerifiedRealOnly() {
        Ticket t = in(State.CLOSED); // closed before verification was required (before V11)
        assertThatThrownBy(() -> t.verify(false, 9L, "不属实", NOW)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("closed-verify-not-real");
        });
        assertThat(t.verified).isNull();
        assertThat(t.state).isEqualTo(State.CLOSED);
        t.verify(true, 9L, null, NOW);
        assertThat(t.state).isEqualTo(State.CLOSED);
        assertThat(t.verified).isTrue();
        assertThatThrownBy(() -> t.verify(true, 9L, null, NOW))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("already-verified"));
    }
}
