package cn.suishoupai.deadline;

import cn.suishoupai.region.Severity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deadline arithmetic on the working-day calendar (DOMAIN §6), rules in {@link WorkCalendar}.
 *
 * <p>The calendar is a few dozen rows, read whole into an immutable {@link WorkCalendar} and
 * kept for {@code suishoupai.deadlines.calendar-cache-ttl}: an edit is seen at once by the
 * instance that made it (after commit) and by every other instance within the TTL. Policies are
 * read on each {@link #planFor} call (once per dispatched ticket), so they are never stale.
 */
@ApplicationScoped
public class Deadlines {

    private record Loaded(WorkCalendar calendar, long atNanos) {}

    private final EntityManager em;
    private final List<WorkCalendar.Period> defaultPeriods;
    private final DeadlinePlan defaultPlan;
    private final long ttlNanos;
    private final OwnWorkConfig.Spans own;
    /** Bumped by every committed edit; a load that started before one does not cache its result. */
    private final AtomicLong generation = new AtomicLong();

    private volatile Loaded loaded;

    Deadlines(EntityManager em, DeadlinesConfig config, OwnWorkConfig ownWork) {
        this.em = em;
        // parsed here so that a bad setting stops the start, not the first dispatch
        this.defaultPeriods = WorkCalendar.Period.parseList(config.defaultPeriods());
        this.defaultPlan = new DeadlinePlan(
                null,
                DeadlineRules.parseSpan(config.defaultPlan().sign()),
                DeadlineRules.parseSpan(config.defaultPlan().rectify()),
                DeadlineRules.parseSpan(config.defaultPlan().recheck()));
        this.ttlNanos = config.calendarCacheTtl().toNanos();
        this.own = new OwnWorkConfig.Spans(
                DeadlineRules.parseSpan(ownWork.verify()),
                DeadlineRules.parseSpan(ownWork.review()),
                DeadlineRules.parseSpan(ownWork.redispatch()),
                DeadlineRules.parseSpan(ownWork.decideExtension()));
    }

    /** The plan for a new ticket: the most specific active policy (category × severity, then any category × severity), else the configured default. */
    public DeadlinePlan planFor(long categoryId, Severity severity) {
        List<DeadlinePolicy> candidates = QuarkusTransaction.joiningExisting()
                .call(() -> em.createQuery(
                                "from DeadlinePolicy p where p.active = true and p.severity = :severity "
                                        + "and (p.categoryId = :category or p.categoryId is null)",
                                DeadlinePolicy.class)
                        .setParameter("severity", severity)
                        .setParameter("category", categoryId)
                        .getResultList());
        DeadlinePolicy any = null;
        for (DeadlinePolicy p : candidates) {
            if (p.categoryId != null) {
                return p.plan();
            }
            any = p;
        }
        return any != null ? any.plan() : defaultPlan;
    }

    /** from + span on the calendar in force (Asia/Shanghai). */
    public Instant add(Instant from, Span span) {
        return calendar().add(from, span);
    }

    /** The instant that lies the given working time before due (for reminders); never before from. */
    public Instant minusWorking(Instant due, Duration workingTime, Instant from) {
        return calendar().minusWorking(due, workingTime, from);
    }

    /** The reminder of a deadline set at start, due at due (see {@link WorkCalendar#reminderAt}); null when none fits. */
    public Instant reminderAt(Instant start, Instant due, Duration remindBefore) {
        return calendar().reminderAt(start, due, remindBefore);
    }

    /** from + the given working time (for escalation to leaders after a further period). */
    public Instant plusWorking(Instant from, Duration workingTime) {
        return calendar().plusWorking(from, workingTime);
    }

    /** The calendar in force, at most calendar-cache-ttl old. */
    public WorkCalendar calendar() {
        Loaded l = loaded;
        if (l != null && System.nanoTime() - l.atNanos < ttlNanos) {
            return l.calendar;
        }
        long gen = generation.get();
        // a transaction of its own: only committed data is ever cached
        WorkCalendar fresh = QuarkusTransaction.requiringNew().call(this::load);
        Loaded next = new Loaded(fresh, System.nanoTime());
        if (generation.get() == gen) {
            loaded = next;
        }
        return fresh;
    }

    public List<WorkCalendar.Period> defaultPeriods() {
        return defaultPeriods;
    }

    /** The deadlines of grid workers' and dispatchers' own work (verify, review, re-dispatch, decide an extension). */
    public OwnWorkConfig.Spans own() {
        return own;
    }

    public DeadlinePlan defaultPlan() {
        return defaultPlan;
    }

    void calendarChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CalendarChanged event) {
        generation.incrementAndGet();
        loaded = null;
    }

    private WorkCalendar load() {
        Map<Integer, Map<LocalDate, WorkCalendar.DayKind>> days = new HashMap<>();
        for (WorkCalendarDay d :
                em.createQuery("from WorkCalendarDay", WorkCalendarDay.class).getResultList()) {
            days.computeIfAbsent(d.calendarYear, y -> new HashMap<>()).put(d.day, d.kind);
        }
        List<WorkCalendar.Year> years = new ArrayList<>();
        for (WorkCalendarYear y :
                em.createQuery("from WorkCalendarYear", WorkCalendarYear.class).getResultList()) {
            years.add(new WorkCalendar.Year(
                    y.calendarYear,
                    WorkCalendar.Period.parseList(y.periods),
                    days.getOrDefault(y.calendarYear, Map.of())));
        }
        return new WorkCalendar(years, defaultPeriods);
    }
}
