package cn.suishoupai.deadline;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Problem;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.Severity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The working calendar and the deadline policies (admin, audited). Both are service-wide
 * settings: reading is for any admin, changing for a service-wide admin only. Changing a policy
 * never touches existing tickets: each keeps the plan it was given when dispatched.
 */
@ApplicationScoped
public class DeadlineAdminService {

    @Schema(name = "CalendarDayView")
    public record DayView(LocalDate date, String kind, String name) {}

    /** OFFICIAL: an admin entered the State Council's schedule; PROVISIONAL: computed from the statutory rules. */
    public enum CalendarSource {
        OFFICIAL,
        PROVISIONAL
    }

    /**
     * configured=false (source PROVISIONAL, provisional=true): no official data for the year, so its
     * days are the statutory holidays computed by {@link StatutoryHolidays} (no 调休) and its periods
     * the default periods, until an admin PUTs the official schedule.
     */
    public record CalendarView(
            int year,
            boolean configured,
            CalendarSource source,
            boolean provisional,
            List<String> periods,
            List<DayView> days,
            Instant updatedAt) {}

    @Schema(name = "DeadlineSpanView")
    public record SpanView(int amount, Span.Unit unit) {
        static SpanView of(Span s) {
            return new SpanView(s.amount(), s.unit());
        }
    }

    @Schema(name = "DeadlinePolicyView")
    public record PolicyView(
            long id,
            String categoryCode,
            Long categoryId,
            String severity,
            SpanView sign,
            SpanView rectify,
            SpanView recheck,
            boolean active,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    public record PolicyData(String categoryCode, Severity severity, Span sign, Span rectify, Span recheck) {}

    private final Audit audit;
    private final Clock clock;
    private final EntityManager em;
    private final Event<CalendarChanged> calendarChanged;
    private final Deadlines deadlines;
    private final RegionNames regionNames;

    DeadlineAdminService(
            Audit audit,
            Clock clock,
            EntityManager em,
            Event<CalendarChanged> calendarChanged,
            Deadlines deadlines,
            RegionNames regionNames) {
        this.regionNames = regionNames;
        this.audit = audit;
        this.clock = clock;
        this.em = em;
        this.calendarChanged = calendarChanged;
        this.deadlines = deadlines;
    }

    @Transactional
    public CalendarView calendar(int year) {
        WorkCalendarYear y = WorkCalendarYear.findById(year);
        if (y == null) {
            List<DayView> provisional = StatutoryHolidays.of(year).stream()
                    .map(h -> new DayView(h.date(), WorkCalendar.DayKind.HOLIDAY.name(), h.name()))
                    .toList();
            return new CalendarView(
                    year,
                    false,
                    CalendarSource.PROVISIONAL,
                    true,
                    deadlines.defaultPeriods().stream()
                            .map(WorkCalendar.Period::toString)
                            .toList(),
                    provisional,
                    null);
        }
        List<DayView> days = WorkCalendarDay.<WorkCalendarDay>list("calendarYear", Sort.by("day"), year).stream()
                .map(d -> new DayView(d.day, d.kind.name(), d.name))
                .toList();
        return new CalendarView(
                year,
                true,
                CalendarSource.OFFICIAL,
                false,
                WorkCalendar.Period.parseList(y.periods).stream()
                        .map(WorkCalendar.Period::toString)
                        .toList(),
                days,
                y.updatedAt);
    }

    /**
     * Replaces the year's periods and days as a whole; the previous content goes to the audit log. The
     * shape (year, counts, formats, each day's fields) is checked on the request; the rules that need
     * several values here ({@link DeadlineRules#calendarYear}).
     */
    @Transactional
    public CalendarView replaceCalendar(int year, List<String> periods, List<DeadlineRules.Day> days, Actor actor) {
        actor.requireServiceWide();
        List<Problem.FieldError> errors = DeadlineRules.calendarYear(year, periods, days);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        String text = WorkCalendar.Period.format(
                periods.stream().map(WorkCalendar.Period::parse).toList());
        CalendarView before = calendar(year);
        Instant now = clock.instant();
        // the upsert locks the year row, so two admins replacing the same year run one after the other
        em.createNativeQuery(
                        "insert into work_calendar_year (year, periods, updated_at) values (?1, ?2, ?3) "
                                + "on conflict (year) do update set periods = excluded.periods, updated_at = excluded.updated_at")
                .setParameter(1, year)
                .setParameter(2, text)
                .setParameter(3, now)
                .executeUpdate();
        WorkCalendarDay.delete("calendarYear", year);
        for (DeadlineRules.Day d : days == null ? List.<DeadlineRules.Day>of() : days) {
            WorkCalendarDay day = new WorkCalendarDay();
            day.day = d.date();
            day.calendarYear = year;
            day.kind = d.kind();
            day.name = d.name().strip();
            day.persist();
        }
        em.flush();
        em.clear(); // the year row was written natively: read it back from the database
        calendarChanged.fire(new CalendarChanged(year));
        CalendarView after = calendar(year);
        audit.record(
                actor, "calendar.replace", Target.of("calendar", year), describe(before) + " -> " + describe(after));
        return after;
    }

    @Transactional
    public List<PolicyView> policies(boolean includeInactive) {
        List<DeadlinePolicy> list = includeInactive
                ? DeadlinePolicy.<DeadlinePolicy>findAll(Sort.by("id")).list()
                : DeadlinePolicy.<DeadlinePolicy>list("active", Sort.by("id"), true);
        return list.stream().map(this::view).toList();
    }

    @Transactional
    public PolicyView policy(long id) {
        return view(load(id));
    }

    /** The shape is checked on the request; here the rules of the spans and the category, which must exist. */
    @Transactional
    public PolicyView createPolicy(PolicyData d, Actor actor) {
        actor.requireServiceWide();
        List<Problem.FieldError> errors = spanErrors(d.sign(), d.rectify(), d.recheck());
        Long categoryId = null;
        if (d.categoryCode() != null) {
            categoryId = regionNames.categoryId(d.categoryCode());
            if (categoryId == null) {
                errors.add(0, new Problem.FieldError("categoryCode", "category.unknown"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        DeadlinePolicy other = activeFor(categoryId, d.severity());
        if (other != null) {
            throw ApiException.conflict("deadline-policy-tie", other.id).with("conflictingPolicyId", other.id);
        }
        Instant now = clock.instant();
        DeadlinePolicy p = new DeadlinePolicy();
        p.categoryId = categoryId;
        p.severity = d.severity();
        p.setSpans(d.sign(), d.rectify(), d.recheck());
        p.createdAt = now;
        p.updatedAt = now;
        p.persistAndFlush();
        audit.record(actor, "deadline-policy.create", Target.of("deadline-policy", p.id), describe(p));
        return view(p);
    }

    /** Changes the spans; category and severity identify the policy (retire it and create another to change them). */
    @Transactional
    public PolicyView updatePolicy(long id, Span sign, Span rectify, Span recheck, long version, Actor actor) {
        actor.requireServiceWide();
        List<Problem.FieldError> errors = spanErrors(sign, rectify, recheck);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        DeadlinePolicy p = load(id);
        if (p.version != version) {
            throw ApiException.conflict("stale-version");
        }
        if (!p.active) {
            throw ApiException.conflict("deadline-policy-retired", id);
        }
        String before = describe(p);
        p.setSpans(sign, rectify, recheck);
        p.updatedAt = clock.instant();
        p.persistAndFlush(); // bumps the version now, so the answer shows the new one
        audit.record(
                actor, "deadline-policy.update", Target.of("deadline-policy", p.id), before + " -> " + describe(p));
        return view(p);
    }

    /** Retired policies stay for the record; planFor falls back to the any-category policy or the default. */
    @Transactional
    public PolicyView retirePolicy(long id, Actor actor) {
        actor.requireServiceWide();
        DeadlinePolicy p = load(id);
        if (!p.active) {
            return view(p);
        }
        p.active = false;
        p.updatedAt = clock.instant();
        p.persistAndFlush();
        audit.record(actor, "deadline-policy.retire", Target.of("deadline-policy", p.id), describe(p));
        return view(p);
    }

    private static List<Problem.FieldError> spanErrors(Span sign, Span rectify, Span recheck) {
        List<Problem.FieldError> errors = new ArrayList<>();
        errors.addAll(DeadlineRules.span("sign", sign));
        errors.addAll(DeadlineRules.span("rectify", rectify));
        errors.addAll(DeadlineRules.span("recheck", recheck));
        return errors;
    }

    private static DeadlinePolicy activeFor(Long categoryId, Severity severity) {
        return categoryId == null
                ? DeadlinePolicy.<DeadlinePolicy>find(
                                "active = true and severity = ?1 and categoryId is null", severity)
                        .firstResult()
                : DeadlinePolicy.<DeadlinePolicy>find(
                                "active = true and severity = ?1 and categoryId = ?2", severity, categoryId)
                        .firstResult();
    }

    private static DeadlinePolicy load(long id) {
        DeadlinePolicy p = DeadlinePolicy.findById(id);
        if (p == null) {
            throw ApiException.notFound("deadline-policy-not-found", id);
        }
        return p;
    }

    private PolicyView view(DeadlinePolicy p) {
        String code =
                p.categoryId == null ? null : regionNames.category(p.categoryId).code();
        return new PolicyView(
                p.id,
                code,
                p.categoryId,
                p.severity.name(),
                SpanView.of(p.sign()),
                SpanView.of(p.rectify()),
                SpanView.of(p.recheck()),
                p.active,
                p.createdAt,
                p.updatedAt,
                p.version);
    }

    private static String describe(DeadlinePolicy p) {
        return "category=" + p.categoryId + " severity=" + p.severity + " sign="
                + p.sign().amount() + " " + p.sign().unit()
                + " rectify=" + p.rectify().amount() + " " + p.rectify().unit() + " recheck="
                + p.recheck().amount() + " "
                + p.recheck().unit() + " active=" + p.active;
    }

    private static String describe(CalendarView v) {
        if (!v.configured()) {
            return "(provisional)";
        }
        StringBuilder sb = new StringBuilder(String.join(",", v.periods())).append(' ');
        for (DayView d : v.days()) {
            sb.append(d.date()).append(d.kind().equals("HOLIDAY") ? "休" : "班").append(';');
        }
        return sb.toString();
    }
}
