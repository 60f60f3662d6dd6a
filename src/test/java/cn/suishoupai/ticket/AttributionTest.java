package cn.suishoupai.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.ticket.Attribution.Deadline;
import cn.suishoupai.ticket.Attribution.Owner;
import cn.suishoupai.ticket.Attribution.RecipientType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whose deadline is whose, and who hears of it: the pure rules of {@link Attribution}, no Quarkus. */
class AttributionTest {

    @ParameterizedTest(name = "{0}: current deadline {1}, owner {2}")
    @CsvSource(nullValues = "none", textBlock = """
            DISPATCHED,     SIGN,       UNIT
            IN_PROGRESS,    RECTIFY,    UNIT
            RECTIFIED,      RECHECK,    VERIFIER
            RETURNED,       REDISPATCH, DISPATCHER
            PENDING_REVIEW, none,       none
            CLOSED,         none,       none
            REJECTED,       none,       none
            CANCELLED,      none,       none
            """)
    void theCurrentDeadlineFollowsTheState(Ticket.State state, Deadline deadline, Owner owner) {
        assertThat(Attribution.current(state)).isEqualTo(deadline);
        assertThat(Attribution.owner(state)).isEqualTo(owner);
    }

    @ParameterizedTest(name = "{0} is {1}''s")
    @CsvSource(textBlock = """
            SIGN,       UNIT
            RECTIFY,    UNIT
            RECHECK,    VERIFIER
            VERIFY,     VERIFIER
            REDISPATCH, DISPATCHER
            EXTENSION,  DISPATCHER
            REVIEW,     DISPATCHER
            """)
    void everyDeadlineHasAnOwner(Deadline d, Owner owner) {
        assertThat(d.owner).isEqualTo(owner);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SIGN       | REMINDER:UNIT,OVERDUE:UNIT,ESCALATED:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            RECTIFY    | REMINDER:UNIT,OVERDUE:UNIT,ESCALATED:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            RECHECK    | REMINDER:REGION_DISPATCHERS,OVERDUE:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            VERIFY     | REMINDER:REGION_DISPATCHERS,OVERDUE:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            REDISPATCH | REMINDER:REGION_DISPATCHERS,OVERDUE:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            EXTENSION  | REMINDER:REGION_DISPATCHERS,OVERDUE:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            REVIEW     | REMINDER:REGION_DISPATCHERS,OVERDUE:REGION_DISPATCHERS,LEADERS:REGION_LEADERS
            """)
    void stepsGoToTheOwnerThenUp(Deadline d, String expected) {
        List<String> want = List.of(expected.split(","));
        assertThat(Attribution.steps(d).stream()
                        .map(s -> s.stage() + ":" + s.to())
                        .toList())
                .isEqualTo(want);
        // a unit hears only of its own deadlines
        assertThat(Attribution.steps(d).stream().anyMatch(s -> s.to() == RecipientType.UNIT))
                .isEqualTo(d.owner == Owner.UNIT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            SIGN
            SUBMIT_RECTIFICATION
            RETURN
            APPROVE_EXTENSION
            RECHECK_FAILED
            RECHECK_PASSED
            CANCEL
            """)
    void aTicketsOwnerAlwaysMatchesItsState(String what) {
        Instant now = Instant.parse("2026-03-17T02:00:00Z");
        Instant later = now.plusSeconds(86_400);
        Ticket t = Ticket.dispatched(1L, List.of(), now);
        t.startDeadlines("{}", later, later.plusSeconds(86_400));
        switch (what) {
            case "SIGN" -> t.sign(now);
            case "SUBMIT_RECTIFICATION" -> {
                t.sign(now);
                t.submitRectification(now, later);
            }
            case "RETURN" -> t.returnToDispatcher(now, later);
            case "APPROVE_EXTENSION" -> {
                t.sign(now);
                t.extendRectification(later.plusSeconds(999_999), now);
            }
            case "RECHECK_FAILED" -> {
                t.sign(now);
                t.submitRectification(now, later);
                t.recheck(false, 7L, now, later);
            }
            case "RECHECK_PASSED" -> {
                t.sign(now);
                t.submitRectification(now, later);
                t.recheck(true, 7L, now, null);
            }
            case "CANCEL" -> t.cancel("重复", now);
            default -> throw new IllegalArgumentException(what);
        }
        assertThat(t.dueOwner).isEqualTo(t.dueAt == null ? null : Attribution.owner(t.state));
        assertThat(t.dueAt == null).isEqualTo(Attribution.current(t.state) == null);
    }
}
