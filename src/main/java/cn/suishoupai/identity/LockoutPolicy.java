package cn.suishoupai.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * Staff login lockout: {@code maxFailures} failed passwords within {@code window} lock the
 * account for {@code lockDuration}. Pure rule; the caller persists {@link State}.
 */
public record LockoutPolicy(int maxFailures, Duration window, Duration lockDuration) {

    /** failures counted since firstFailureAt; lockedUntil set while (or after) a lock. */
    public record State(int failures, Instant firstFailureAt, Instant lockedUntil) {
        public static final State CLEAR = new State(0, null, null);
    }

    public boolean isLocked(State s, Instant now) {
        return s.lockedUntil() != null && now.isBefore(s.lockedUntil());
    }

    /** State after one more failed password at {@code now}. */
    public State afterFailure(State s, Instant now) {
        boolean windowOpen =
                s.firstFailureAt() != null && now.isBefore(s.firstFailureAt().plus(window));
        int failures = windowOpen ? s.failures() + 1 : 1;
        Instant first = windowOpen ? s.firstFailureAt() : now;
        if (failures >= maxFailures) {
            // the lock starts a fresh count: after it expires the user gets a full set of attempts
            return new State(0, null, now.plus(lockDuration));
        }
        return new State(failures, first, null);
    }

    public State afterSuccess() {
        return State.CLEAR;
    }
}
