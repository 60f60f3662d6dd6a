package cn.suishoupai.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lockout rule, table-driven: failures at minute offsets → locked or not at a given minute. */
class LockoutPolicyTest {

    private static final LockoutPolicy POLICY = new LockoutPolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(15));
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    static Stream<Arguments> table() {
        return Stream.of(
                // failure minutes, check at minute, locked?
                Arguments.of(new int[] {0, 1, 2, 3}, 4, false),
                Arguments.of(new int[] {0, 1, 2, 3, 4}, 4, true),
                Arguments.of(new int[] {0, 1, 2, 3, 4}, 18, true), // lock runs 15 min from the 5th failure
                Arguments.of(new int[] {0, 1, 2, 3, 4}, 19, false), // ... and ends exactly then
                Arguments.of(new int[] {0, 0, 0, 0, 14}, 14, true), // 5 within the window
                Arguments.of(new int[] {0, 0, 0, 0, 15}, 15, false), // the 5th falls outside: a new window starts
                Arguments.of(new int[] {0, 1, 2, 3, 20, 21, 22, 23}, 23, false),
                Arguments.of(new int[] {0, 1, 2, 3, 4, 20, 21, 22, 23}, 23, false), // after a lock: a full new set
                Arguments.of(new int[] {0, 1, 2, 3, 4, 20, 21, 22, 23, 24}, 24, true));
    }

    @ParameterizedTest
    @MethodSource("table")
    void lockedOrNot(int[] failures, int checkAt, boolean locked) {
        LockoutPolicy.State s = LockoutPolicy.State.CLEAR;
        for (int m : failures) {
            Instant at = T0.plus(Duration.ofMinutes(m));
            if (!POLICY.isLocked(s, at)) {
                s = POLICY.afterFailure(s, at);
            }
        }
        assertEquals(locked, POLICY.isLocked(s, T0.plus(Duration.ofMinutes(checkAt))));
    }

    @org.junit.jupiter.api.Test
    void successClears() {
        LockoutPolicy.State s = POLICY.afterFailure(LockoutPolicy.State.CLEAR, T0);
        assertEquals(1, s.failures());
        assertEquals(LockoutPolicy.State.CLEAR, POLICY.afterSuccess());
    }
}
