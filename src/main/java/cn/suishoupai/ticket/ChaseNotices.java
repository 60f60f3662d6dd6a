package cn.suishoupai.ticket;

/**
 * The notices of raised chase steps, written by notify's part of the sweep statement: ChaseSweep
 * stays one set-based statement (docs/BENCHMARKS.md) while ticket writes no outbox row and names
 * no notify class. The notify package implements it.
 */
@FunctionalInterface
public interface ChaseNotices {

    /**
     * A data-modifying statement (insert ... select ... from raised) run as a CTE of the sweep.
     * {@code raised} has ticket_id, report_id, deadline, owner, deadline_at, recipient_type,
     * recipient_id and event_type; every {@code ?} in it is bound to the sweep's time.
     */
    String insertFromRaised();
}
