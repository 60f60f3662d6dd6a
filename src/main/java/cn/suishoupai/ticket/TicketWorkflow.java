package cn.suishoupai.ticket;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Texts;
import cn.suishoupai.deadline.DeadlinePlan;
import cn.suishoupai.deadline.Deadlines;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.PhotoConfig;
import cn.suishoupai.media.PhotoStore;
import cn.suishoupai.region.Severity;
import cn.suishoupai.region.Units;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ticket actions of DOMAIN §4. Each one: scope and role, state (via {@link Action}), the
 * version the client saw (If-Match), the change, its deadlines and chase, an immutable timeline
 * event, the domain event notify and reward react to (same transaction) and the audit entry. Actions with photos
 * store the photos first, outside the transaction, and drop them if the change is refused.
 */
@ApplicationScoped
public class TicketWorkflow {

    public enum Rating {
        SATISFIED,
        BASICALLY_SATISFIED,
        DISSATISFIED
    }

    public record DispatchBody(
            @Required Long leadUnitId,
            Set<Long> assistingUnitIds,
            Boolean designateLead,
            @FreeText String note) {}

    @Schema(name = "TicketReasonBody")
    public record ReasonBody(@FreeText(required = true) String reason) {}

    public record ExtensionBody(
            @Required OffsetDateTime newDueAt,
            @FreeText(required = true) String reason) {}

    public record ExtensionDecisionBody(
            OffsetDateTime grantedDueAt, @FreeText String note) {}

    public record DesignateBody(
            Long leadUnitId,
            Set<Long> assistingUnitIds,
            @FreeText String note) {}

    public record RateBody(
            @Required Rating rating, @FreeText String comment) {}

    /** The reason, trimmed; its shape is checked on the record, a missing body is refused here. */
    private static String reason(ReasonBody body) {
        if (body == null) {
            throw ApiException.invalidField("reason", "field.required");
        }
        return Texts.trimmed(body.reason());
    }

    /** What a photo action brings: the form fields and the uploaded files. */
    public record PhotoForm(Boolean flag, String note, List<PhotoStore.Upload> uploads) {}

    private final EntityManager em;
    private final TicketAccess access;
    private final Deadlines deadlines;
    private final Chase chase;
    private final Audit audit;
    private final Clock clock;
    private final Json json;
    private final PhotoStore photos;
    private final PhotoConfig photoConfig;
    private final TicketReports reports;

    /** What happened to tickets: notify writes the notices, reward accrues; synchronous observers, same transaction. */
    private final Event<Object> events;

    TicketWorkflow(
            EntityManager em,
            TicketAccess access,
            Deadlines deadlines,
            Chase chase,
            Audit audit,
            Clock clock,
            Json json,
            PhotoStore photos,
            PhotoConfig photoConfig,
            TicketReports reports,
            Event<Object> events) {
        this.em = em;
        this.access = access;
        this.deadlines = deadlines;
        this.chase = chase;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.photos = photos;
        this.photoConfig = photoConfig;
        this.reports = reports;
        this.events = events;
    }

    // ------------------------------------------------------------------ a ticket is born dispatched

    /**
     * For a new, persisted, dispatched ticket (auto-dispatch or a dispatcher accepting a report): its
     * deadlines from the policy in force now, the chase, 挂牌督办 for major hazards, and the notices.
     */
    public void started(Ticket t, Instant now) {
        startDeadlines(t, now, deadlines.planFor(t.categoryId, t.severity));
        t.supervised = t.severity == Severity.MAJOR;
        chase.arm(t, now);
        chase.armVerify(t, now);
        events.fire(new TicketDispatched(t));
        events.fire(new TicketToVerify(t));
        if (t.supervised) {
            events.fire(new TicketSupervised(t));
        }
    }

    /** A new ticket that must be routed by a dispatcher first (RETURNED, no deadlines yet). */
    public void returnedForRouting(Ticket t, Instant now, Long actorId, String role, String detailsJson) {
        t.awaitDispatch(deadlines.add(now, deadlines.own().redispatch()));
        chase.arm(t, now);
        TicketEvent.append(t.id, "RETURNED", now, actorId, role, "原责任单位已停用或不再负责本辖区，请重新派单", detailsJson);
        events.fire(new TicketAwaitingRouting(t));
    }

    private void startDeadlines(Ticket t, Instant now, DeadlinePlan plan) {
        t.startDeadlines(json.write(plan), deadlines.add(now, plan.sign()), deadlines.add(now, plan.rectify()));
    }

    /** The plan the ticket got at dispatch: later policy edits do not reach existing tickets. */
    private DeadlinePlan plan(Ticket t) {
        if (t.deadlinePlan == null) {
            return deadlines.planFor(t.categoryId, t.severity);
        }
        return json.read(t.deadlinePlan, DeadlinePlan.class);
    }

    /** A report entering the dispatcher's queue: the dispatchers' deadline to review it, chased; returns it. */
    public Instant reportQueued(long reportId, long townshipId, Instant now) {
        return chase.armReview(reportId, townshipId, now);
    }

    /** A report left the queue (accepted, rejected, merged): its review is no longer chased. */
    public void reportDecided(long reportId) {
        chase.disarmReview(reportId);
    }

    // ------------------------------------------------------------------ unit

    @Transactional
    public Ticket sign(long id, Long ifMatch, Actor actor) {
        Ticket t = load(id, Action.SIGN, ifMatch, actor);
        Instant now = clock.instant();
        t.sign(now);
        chase.arm(t, now);
        return done(t, Action.SIGN, actor, now, null, Map.of("signedOnTime", !now.isAfter(t.signDueAt)));
    }

    @Transactional
    public Ticket returnTicket(long id, Long ifMatch, ReasonBody body, Actor actor) {
        String reason = reason(body);
        Ticket t = load(id, Action.RETURN, ifMatch, actor);
        Instant now = clock.instant();
        long unit = t.leadUnitId;
        t.returnToDispatcher(now, deadlines.add(now, deadlines.own().redispatch())); // the dispatcher's deadline now
        chase.arm(t, now);
        events.fire(new TicketReturned(t, reason));
        return done(t, Action.RETURN, actor, now, reason, Map.of("unitId", unit, "returnCount", t.returnCount));
    }

    @Transactional
    public Ticket requestExtension(long id, Long ifMatch, ExtensionBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("reason", "field.required");
        }
        String reason = Texts.trimmed(body.reason());
        Ticket t = load(id, Action.REQUEST_EXTENSION, ifMatch, actor);
        Instant wanted = body.newDueAt().toInstant();
        if (!wanted.isAfter(t.rectifyDueAt) || !wanted.isAfter(clock.instant())) {
            throw ApiException.invalidField("newDueAt", "field.extension.not-later");
        }
        if (pending(t.id) != null) {
            throw ApiException.conflict("extension-pending", t.id).with("ticketId", t.id);
        }
        Instant now = clock.instant();
        t.updatedAt = now; // a request changes the ticket: its version check serialises it with other actions
        em.flush(); // before the request row, so a concurrent request loses on the version (409), not the unique index
        TicketExtension e = new TicketExtension();
        e.ticketId = t.id;
        e.status = TicketExtension.Status.PENDING;
        e.requestedBy = actor.id();
        e.requestedAt = now;
        e.currentDueAt = t.rectifyDueAt;
        e.requestedDueAt = wanted;
        e.reason = reason;
        chase.armExtension(t, e, now); // the dispatcher's deadline to decide it
        e.persist();
        events.fire(new ExtensionRequested(t, e.id, wanted));
        return done(
                t,
                Action.REQUEST_EXTENSION,
                actor,
                now,
                reason,
                Map.of("extensionId", e.id, "currentDueAt", e.currentDueAt, "requestedDueAt", wanted));
    }

    /** 整改: after-photos (at least one) and a note; the re-check clock starts. */
    public Ticket submitRectification(long id, Long ifMatch, PhotoForm form, Actor actor) {
        String note = Texts.required("note", form.note());
        requirePhotos(form.uploads(), 1);
        return withPhotos(
                id, Action.SUBMIT_RECTIFICATION, ifMatch, actor, form.uploads(), Photo.Kind.AFTER, (t, now) -> {
                    withdrawPending(t, now, actor); // the fix is in: a request for more time has nothing left to move
                    t.submitRectification(now, deadlines.add(now, plan(t).recheck()));
                    chase.arm(t, now);
                    events.fire(new TicketRectified(t));
                    return new Applied(note, Map.of("rectifiedOnTime", !now.isAfter(t.rectifyDueAt)));
                });
    }

    // ------------------------------------------------------------------ dispatcher

    @Transactional
    public Ticket dispatch(long id, Long ifMatch, DispatchBody body, Actor actor, boolean redispatch) {
        Action a = redispatch ? Action.REDISPATCH : Action.DISPATCH;
        if (body == null) {
            throw ApiException.invalidField("leadUnitId", "field.required");
        }
        Set<Long> assisting = body.assistingUnitIds() == null ? Set.of() : body.assistingUnitIds();
        String note = Texts.trimmed(body.note());
        Ticket t = load(id, a, ifMatch, actor);
        Units.requireServing(em, "leadUnitId", List.of(body.leadUnitId()), t.townshipId);
        Units.requireServing(em, "assistingUnitIds", assisting, t.townshipId);
        boolean designate = Boolean.TRUE.equals(body.designateLead());
        if (t.mustDesignate() && !designate) {
            throw ApiException.unprocessable("lead-designation-required", t.returnCount)
                    .with("ticketId", t.id)
                    .with("returnCount", t.returnCount);
        }
        Instant now = clock.instant();
        Long from = t.leadUnitId;
        withdrawPending(t, now, actor);
        t.dispatchTo(a, body.leadUnitId(), assisting, designate, now);
        startDeadlines(t, now, plan(t));
        chase.arm(t, now);
        events.fire(new TicketDispatched(t));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fromUnitId", from);
        details.put("leadUnitId", t.leadUnitId);
        details.put("assistingUnitIds", t.assistingUnitIds);
        details.put("designatedLead", designate);
        return done(t, a, actor, now, note, details);
    }

    /** 首查负责制: names the lead that may no longer return the ticket; another unit means a fresh dispatch to it. */
    @Transactional
    public Ticket designateLead(long id, Long ifMatch, DesignateBody body, Actor actor) {
        String note = body == null ? null : Texts.trimmed(body.note());
        Ticket t = load(id, Action.DESIGNATE_LEAD, ifMatch, actor);
        Long lead = body == null || body.leadUnitId() == null ? t.leadUnitId : body.leadUnitId();
        if (lead == null) {
            throw ApiException.invalidField("leadUnitId", "field.required");
        }
        Units.requireServing(em, "leadUnitId", List.of(lead), t.townshipId);
        Instant now = clock.instant();
        boolean moves = !lead.equals(t.leadUnitId) || t.state == Ticket.State.RETURNED;
        if (moves) {
            Set<Long> assisting = body == null || body.assistingUnitIds() == null
                    ? Set.copyOf(t.assistingUnitIds)
                    : body.assistingUnitIds();
            Units.requireServing(em, "assistingUnitIds", assisting, t.townshipId);
            withdrawPending(t, now, actor);
            Action a = t.state == Ticket.State.RETURNED ? Action.DISPATCH : Action.REDISPATCH;
            t.dispatchTo(a, lead, assisting, true, now);
            startDeadlines(t, now, plan(t));
            chase.arm(t, now);
            events.fire(new TicketDispatched(t));
        } else {
            t.designate(now);
        }
        return done(t, Action.DESIGNATE_LEAD, actor, now, note, Map.of("leadUnitId", lead, "redispatched", moves));
    }

    @Transactional
    public Ticket decideExtension(long id, Long ifMatch, ExtensionDecisionBody body, boolean approve, Actor actor) {
        Action a = approve ? Action.APPROVE_EXTENSION : Action.REFUSE_EXTENSION;
        String note = body == null ? null : Texts.trimmed(body.note());
        if (!approve && note == null) {
            throw ApiException.invalidField("note", "field.required");
        }
        Ticket t = load(id, a, ifMatch, actor);
        TicketExtension e = pending(t.id);
        if (e == null) {
            throw ApiException.conflict("no-pending-extension", t.id).with("ticketId", t.id);
        }
        Instant now = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extensionId", e.id);
        details.put("previousDueAt", t.rectifyDueAt);
        Instant previous = t.rectifyDueAt;
        Instant granted = null;
        if (approve) {
            granted = body == null || body.grantedDueAt() == null
                    ? e.requestedDueAt
                    : body.grantedDueAt().toInstant();
            if (!granted.isAfter(t.rectifyDueAt) || !granted.isAfter(now)) {
                throw ApiException.invalidField("grantedDueAt", "field.extension.not-later");
            }
            e.approve(actor.id(), granted, note, now);
            t.extendRectification(granted, now);
            chase.arm(t, now);
            details.put("grantedDueAt", granted);
        } else {
            e.refuse(actor.id(), note, now);
            t.updatedAt = now;
        }
        chase.disarmExtension(t.id);
        events.fire(new ExtensionDecided(t, e.id, approve, previous, granted));
        return done(t, a, actor, now, note, details);
    }

    @Transactional
    public Ticket cancel(long id, Long ifMatch, ReasonBody body, Actor actor) {
        String reason = reason(body);
        Ticket t = load(id, Action.CANCEL, ifMatch, actor);
        Instant now = clock.instant();
        withdrawPending(t, now, actor);
        t.cancel(reason, now);
        chase.arm(t, now);
        events.fire(new TicketCancelled(t, reason));
        return done(t, Action.CANCEL, actor, now, reason, Map.of());
    }

    // ------------------------------------------------------------------ grid worker or dispatcher

    /** 核实: real or not, with photos (optional) and a note (required when not real). Not real cancels. */
    public Ticket verify(long id, Long ifMatch, PhotoForm form, Actor actor) {
        if (form.flag() == null) {
            throw ApiException.invalidField("real", "field.required");
        }
        boolean real = form.flag();
        String note = real ? Texts.optional("note", form.note()) : Texts.required("note", form.note());
        requirePhotos(form.uploads(), 0);
        return withPhotos(id, Action.VERIFY, ifMatch, actor, form.uploads(), Photo.Kind.VERIFY, (t, now) -> {
            if (!real) {
                withdrawPending(t, now, actor);
            }
            t.verify(real, actor.id(), note, now);
            if (real) {
                verifiedReal(t, now);
            }
            chase.arm(t, now);
            if (!real) {
                events.fire(new TicketCancelled(t, note));
            }
            return new Applied(note, Map.of("real", real));
        });
    }

    /** 复查: pass closes (the reporters hear of it); fail sends it back to the unit with the reason. */
    public Ticket recheck(long id, Long ifMatch, PhotoForm form, Actor actor) {
        if (form.flag() == null) {
            throw ApiException.invalidField("passed", "field.required");
        }
        boolean passed = form.flag();
        String note = passed ? Texts.optional("note", form.note()) : Texts.required("note", form.note());
        requirePhotos(form.uploads(), 0);
        return withPhotos(id, Action.RECHECK, ifMatch, actor, form.uploads(), Photo.Kind.RECHECK, (t, now) -> {
            boolean verifiedNow =
                    t.recheck(passed, actor.id(), now, passed ? null : deadlines.add(now, plan(t).rectify()));
            chase.arm(t, now);
            if (verifiedNow) {
                // nobody had verified it: the re-checker on site records the fact, on the timeline, and the reward
                // accrues
                TicketEvent.append(
                        t.id,
                        "VERIFIED_REAL",
                        now,
                        actor.id(),
                        TicketAccess.actingRole(Action.RECHECK, actor),
                        "复查通过，现场确认隐患属实并已整改",
                        json.write(Map.of("real", true, "by", "RECHECK")));
                verifiedReal(t, now);
            }
            events.fire(passed ? new TicketClosed(t) : new RecheckFailed(t, note));
            return new Applied(
                    note, passed ? Map.of("passed", true, "verifiedByRecheck", verifiedNow) : Map.of("passed", false));
        });
    }

    /**
     * The one consequence of the verification fact (real), whichever action recorded it (核实, or a
     * passing 复查 that found it missing): TicketVerified, on which the reward accrues in the same
     * transaction (DOMAIN §7).
     */
    private void verifiedReal(Ticket t, Instant now) {
        events.fire(TicketVerified.of(t, now));
    }

    // ------------------------------------------------------------------ resident

    /** 综合评价: each reporter of the closed ticket, once. */
    @Transactional
    public Map<String, Object> rate(long id, RateBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("rating", "field.required");
        }
        String comment = Texts.trimmed(body.comment());
        Ticket t = Ticket.findById(id);
        boolean reporter = t != null && reports.reportedBy(id, actor.id());
        if (!reporter) {
            throw ApiException.notFound("ticket-not-found", id);
        }
        if (t.state != Ticket.State.CLOSED) {
            throw IllegalTransition.of(t, Action.RATE.from);
        }
        Instant now = clock.instant();
        int inserted = em.createNativeQuery(
                        "insert into ticket_rating (ticket_id, account_id, rating, comment, rated_at) "
                                + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, id)
                .setParameter(2, actor.id())
                .setParameter(3, body.rating().name())
                .setParameter(4, comment)
                .setParameter(5, now)
                .executeUpdate();
        if (inserted == 0) {
            throw ApiException.conflict("already-rated", id).with("ticketId", id);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rating", body.rating().name());
        details.put("comment", comment != null);
        TicketEvent.append(t.id, "RATED", now, null, "resident", comment, json.write(details));
        audit.record(actor, "TICKET_RATED", Target.of("ticket", t.id), json.write(details));
        events.fire(new TicketRated(t, body.rating())); // 不满意 is followed up (回访): on the FOLLOW_UP list until then
        return Map.of("ticketId", id, "rating", body.rating().name(), "ratedAt", now);
    }

    // ------------------------------------------------------------------ dispatcher: 回访

    public enum FollowUpOutcome {
        RESOLVED,
        HAZARD_PERSISTS
    }

    public record FollowUpBody(
            @Required FollowUpOutcome outcome,
            @FreeText(required = true) String note) {}

    /**
     * 回访: the dispatcher follows up the 不满意 ratings of a closed ticket not yet followed up,
     * with a note and an outcome; HAZARD_PERSISTS opens a new ticket linked to this one, as a failed
     * 回头看 does. The ratings leave the FOLLOW_UP list.
     */
    @Transactional
    public Ticket followUp(long id, Long ifMatch, FollowUpBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("outcome", "field.required");
        }
        String note = Texts.trimmed(body.note());
        Ticket t = load(id, Action.FOLLOW_UP, ifMatch, actor);
        if (!followUpPending(em, t.id)) {
            throw ApiException.conflict("no-follow-up-pending", t.id).with("ticketId", t.id);
        }
        Instant now = clock.instant();
        t.updatedAt = now; // the version serialises two dispatchers following up at once
        em.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", body.outcome().name());
        Long newTicketId = null;
        if (body.outcome() == FollowUpOutcome.HAZARD_PERSISTS) {
            newTicketId = reopen(
                            t,
                            "回访发现隐患仍在：" + note,
                            "回访发现隐患仍在",
                            actor,
                            TicketAccess.actingRole(Action.FOLLOW_UP, actor),
                            now,
                            Map.of("followUpOf", t.id))
                    .id;
            details.put("newTicketId", newTicketId);
        }
        Number followUp = (Number)
                em.createNativeQuery("insert into ticket_follow_up (ticket_id, done_by, done_at, outcome, note, "
                                + "new_ticket_id) values (?1, ?2, ?3, ?4, ?5, ?6) returning id")
                        .setParameter(1, t.id)
                        .setParameter(2, actor.id())
                        .setParameter(3, now)
                        .setParameter(4, body.outcome().name())
                        .setParameter(5, note)
                        .setParameter(6, newTicketId)
                        .getSingleResult();
        int ratings = em.createNativeQuery("update ticket_rating set follow_up_id = ?1 where ticket_id = ?2 "
                        + "and rating = 'DISSATISFIED' and follow_up_id is null")
                .setParameter(1, followUp.longValue())
                .setParameter(2, t.id)
                .executeUpdate();
        if (ratings == 0) {
            throw ApiException.conflict("no-follow-up-pending", t.id).with("ticketId", t.id);
        }
        details.put("followUpId", followUp.longValue());
        details.put("ratings", ratings);
        return done(t, Action.FOLLOW_UP, actor, now, note, details);
    }

    /** A 不满意 rating of the ticket that nobody has followed up yet. */
    static boolean followUpPending(EntityManager em, long ticketId) {
        return !em.createNativeQuery("select 1 from ticket_rating where ticket_id = ?1 and rating = 'DISSATISFIED' "
                        + "and follow_up_id is null limit 1")
                .setParameter(1, ticketId)
                .getResultList()
                .isEmpty();
    }

    /**
     * A closed ticket's hazard is back (a failed 回头看, or a 回访 finding it persists): a new
     * ticket, linked to the old one, for the same unit — or, if that unit is gone or no longer
     * serves here, born RETURNED for the dispatcher to route.
     */
    public Ticket reopen(
            Ticket old,
            String description,
            String eventNote,
            Actor actor,
            String role,
            Instant now,
            Map<String, Object> details) {
        boolean unitCanTake = Units.serves(em, old.leadUnitId, old.townshipId);
        Ticket t = Ticket.reopening(old, truncate(description + "（原工单 " + old.id + "）", 1000), unitCanTake, now);
        t.persist();
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("newTicketId", t.id);
        d.put("parentTicketId", old.id);
        if (unitCanTake) {
            TicketEvent.append(t.id, "DISPATCHED", now, actor.id(), role, eventNote, json.write(d));
            started(t, now);
        } else {
            // the unit that fixed it is gone or no longer serves here: the dispatcher routes the new ticket
            returnedForRouting(t, now, actor.id(), role, json.write(d));
        }
        return t;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    // ------------------------------------------------------------------ plumbing

    private record Applied(String note, Map<String, Object> details) {}

    private interface Change {
        Applied apply(Ticket t, Instant now);
    }

    private Ticket load(long id, Action a, Long ifMatch, Actor actor) {
        Ticket t = access.actionable(id, a, actor);
        TicketAccess.requireVersion(t, ifMatch);
        if (!a.allowedFrom(t.state)) {
            throw IllegalTransition.of(t, a.from);
        }
        adoptDeadlines(t);
        return t;
    }

    /**
     * A ticket dispatched before deadlines existed (V7) gets them on its first action, counted from
     * now by today's policy, so that every open ticket the workflow touches has its current deadline.
     */
    private void adoptDeadlines(Ticket t) {
        if (t.deadlinePlan != null
                || t.dueAt != null
                || !(t.state == Ticket.State.DISPATCHED
                        || t.state == Ticket.State.IN_PROGRESS
                        || t.state == Ticket.State.RECTIFIED)) {
            return;
        }
        Instant now = clock.instant();
        DeadlinePlan p = deadlines.planFor(t.categoryId, t.severity);
        t.adoptDeadlines(
                json.write(p),
                deadlines.add(now, p.sign()),
                deadlines.add(now, p.rectify()),
                deadlines.add(now, p.recheck()));
    }

    /**
     * Checks what can be checked cheaply, stores the photos, then applies the change in its own
     * transaction against the version seen before the photos were stored: a concurrent change in
     * between is a 409 and the photos are dropped.
     */
    private Ticket withPhotos(
            long id,
            Action a,
            Long ifMatch,
            Actor actor,
            List<PhotoStore.Upload> uploads,
            Photo.Kind kind,
            Change change) {
        long seen = QuarkusTransaction.requiringNew().call(() -> load(id, a, ifMatch, actor).version);
        if (uploads.isEmpty()) {
            return QuarkusTransaction.requiringNew()
                    .call(() -> applyWithPhotos(id, a, seen, actor, List.of(), kind, change));
        }
        PhotoStore.Batch batch = photos.begin("tickets/" + id + "/" + UUID.randomUUID(), uploads.size());
        try {
            List<PhotoStore.Stored> stored = photos.store(batch, uploads);
            return QuarkusTransaction.requiringNew().call(() -> {
                Ticket t = applyWithPhotos(id, a, seen, actor, stored, kind, change);
                photos.commit(batch);
                return t;
            });
        } catch (RuntimeException e) {
            photos.abandon(batch);
            throw e;
        }
    }

    private Ticket applyWithPhotos(
            long id, Action a, long seen, Actor actor, List<PhotoStore.Stored> stored, Photo.Kind kind, Change change) {
        Ticket t = load(id, a, seen, actor);
        Instant now = clock.instant();
        Applied applied = change.apply(t, now);
        Map<String, Object> details = new LinkedHashMap<>(applied.details());
        List<Photo> rows = new ArrayList<>();
        for (PhotoStore.Stored s : stored) {
            Photo p = Photo.fromStored(s, kind, now);
            p.ticketId = t.id;
            rows.add(p);
        }
        details.put("photos", rows.size());
        TicketEvent event = record(t, a, actor, now, applied.note(), details);
        for (Photo p : rows) {
            p.ticketEventId = event.id;
            p.persist();
        }
        return t;
    }

    private Ticket done(Ticket t, Action a, Actor actor, Instant now, String note, Map<String, Object> details) {
        record(t, a, actor, now, note, details);
        return t;
    }

    private TicketEvent record(Ticket t, Action a, Actor actor, Instant now, String note, Map<String, Object> details) {
        String role = TicketAccess.actingRole(a, actor);
        em.flush(); // the version check happens here: a concurrent action loses with 409 before anything is recorded
        TicketEvent event = TicketEvent.append(t.id, eventType(a, t), now, actor.id(), role, note, json.write(details));
        Map<String, Object> auditDetails = new LinkedHashMap<>(details);
        auditDetails.put("state", t.state.name());
        audit.record(actor, "TICKET_" + a.name(), Target.of("ticket", t.id), json.write(auditDetails));
        return event;
    }

    /** Timeline event types: the action, or its outcome where the action has two. */
    static String eventType(Action a, Ticket t) {
        switch (a) {
            case SIGN:
                return "SIGNED";
            case SUBMIT_RECTIFICATION:
                return "RECTIFIED";
            case REQUEST_EXTENSION:
                return "EXTENSION_REQUESTED";
            case RETURN:
                return "RETURNED";
            case DISPATCH:
                return "DISPATCHED";
            case REDISPATCH:
                return "REDISPATCHED";
            case APPROVE_EXTENSION:
                return "EXTENSION_APPROVED";
            case REFUSE_EXTENSION:
                return "EXTENSION_REFUSED";
            case CANCEL:
                return "CANCELLED";
            case DESIGNATE_LEAD:
                return "LEAD_DESIGNATED";
            case VERIFY:
                return Boolean.TRUE.equals(t.verified) ? "VERIFIED_REAL" : "VERIFIED_NOT_REAL";
            case RECHECK:
                return t.state == Ticket.State.CLOSED ? "CLOSED" : "RECHECK_FAILED";
            case FOLLOW_UP:
                return "FOLLOWED_UP";
            default:
                return a.name();
        }
    }

    /** A pending extension request dies with the deadline it asked to move. */
    private void withdrawPending(Ticket t, Instant now, Actor actor) {
        TicketExtension e = pending(t.id);
        if (e != null) {
            e.withdraw(actor.id(), now);
            chase.disarmExtension(t.id);
        }
    }

    static TicketExtension pending(long ticketId) {
        return TicketExtension.find("ticketId = ?1 and status = ?2", ticketId, TicketExtension.Status.PENDING)
                .firstResult();
    }

    private void requirePhotos(List<PhotoStore.Upload> uploads, int min) {
        if (uploads.size() < min) {
            throw ApiException.invalidField("photos", "field.photos.required");
        }
        if (uploads.size() > photoConfig.maxPerReport()) {
            throw ApiException.invalidField("photos", "field.photos.ticket-count", photoConfig.maxPerReport());
        }
    }
}
