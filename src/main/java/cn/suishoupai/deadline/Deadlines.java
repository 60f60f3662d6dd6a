package cn.suishoupai.deadline;

import cn.suishoupai.ticket.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Deadline arithmetic on the working-day calendar (DESIGN §6). SKELETON: the deadline helper
 * replaces the bodies with the calendar-backed implementation; the signatures are the contract.
 */
@ApplicationScoped
public class Deadlines {

    /** The plan for a new ticket: the most specific active policy (category × severity, then any category × severity), else the configured default. */
    public DeadlinePlan planFor(long categoryId, Ticket.Severity severity) {
        return new DeadlinePlan(null, new Span(2, Span.Unit.WORKING_HOURS), new Span(5, Span.Unit.WORKING_DAYS),
                new Span(2, Span.Unit.WORKING_DAYS));
    }

    /** from + span on the calendar in force (Asia/Shanghai). */
    public Instant add(Instant from, Span span) {
        return from.plus(Duration.ofDays(span.amount()));
    }

    /** The instant that lies the given working time before due (for reminders); never before from. */
    public Instant minusWorking(Instant due, Duration workingTime, Instant from) {
        Instant t = due.minus(workingTime);
        return t.isBefore(from) ? from : t;
    }

    /** from + the given working time (for escalation to leaders after a further period). */
    public Instant plusWorking(Instant from, Duration workingTime) {
        return from.plus(workingTime);
    }
}
