package cn.suishoupai.ticket;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.region.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The hazard as a work item (工单): confirmed category, place, responsible units and state. One or
 * more reports attach to it. State changes go through methods here so every path obeys the same
 * rules; the version column serialises concurrent actions.
 */
@Entity
public class Ticket extends PanacheEntityBase {

    @Schema(name = "TicketState")
    public enum State {
        PENDING_REVIEW,
        DISPATCHED,
        IN_PROGRESS,
        RECTIFIED,
        CLOSED,
        RETURNED,
        REJECTED,
        CANCELLED;

        /** Open: still someone's work, and a candidate for duplicates. */
        public boolean open() {
            return this == PENDING_REVIEW
                    || this == DISPATCHED
                    || this == IN_PROGRESS
                    || this == RECTIFIED
                    || this == RETURNED;
        }
    }

    /** The open states as an SQL list, e.g. for {@code state in (...)}; matches the partial index on open tickets. */
    public static final String OPEN_STATES_SQL = Arrays.stream(State.values())
            .filter(State::open)
            .map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long categoryId;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    public State state;

    public Long gridId;

    public Long zoneId;

    public Long townshipId;

    public Long leadUnitId;

    @ElementCollection
    @CollectionTable(name = "ticket_assist_unit")
    @Column(name = "unit_id")
    public Set<Long> assistingUnitIds = new LinkedHashSet<>();

    public double lat;

    public double lng;

    public String address;

    public String description;

    /** The routing decision (JSON) that placed the ticket, with its explanation. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String routing;

    public Instant dispatchedAt;

    public Instant createdAt;

    public Instant updatedAt;

    /** The policy periods this ticket got at dispatch ({@link cn.suishoupai.deadline.DeadlinePlan} as JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String deadlinePlan;

    public Instant signDueAt;

    public Instant rectifyDueAt;

    public Instant recheckDueAt;

    /** The deadline of the current stage: sign, rectify or re-check; null when nobody owes anything. */
    public Instant dueAt;

    /** Whose the current deadline is ({@link Attribution}): the lead unit's, the verifiers' or the dispatchers'. */
    @Enumerated(EnumType.STRING)
    public Attribution.Owner dueOwner;

    /** 核实 is due by then (the grid workers' and dispatchers' deadline), while the ticket is unverified. */
    public Instant verifyDueAt;

    public Instant signedAt;

    public Instant rectifiedAt;

    public Instant closedAt;

    public Instant cancelledAt;

    public String cancelReason;

    public int returnCount;

    public int reworkCount;

    /** Sent back by a failed re-check and not yet resubmitted (退回重改). */
    public boolean rework;

    /** 首查负责制: a designated lead may no longer return the ticket. */
    public boolean designatedLead;

    /** 挂牌督办: major hazards are followed by leaders from dispatch. */
    public boolean supervised;

    /** 核实: null until someone has been on site; false cancels the ticket. */
    public Boolean verified;

    public Instant verifiedAt;

    public Long verifiedBy;

    /** The closed ticket whose re-inspection (回头看) failed and opened this one. */
    public Long parentTicketId;

    /** The deadline the chase is armed for (kind, instant, unit): re-arming the same one is a no-op. */
    public String chaseKey;

    @Version
    public long version;

    /**
     * A new ticket, dispatched to its lead unit at once: by intake (auto-dispatch) or by a dispatcher
     * accepting a report. Tickets are born dispatched; reports wait in review, not tickets.
     */
    public static Ticket dispatched(long leadUnit, Collection<Long> assisting, Instant now) {
        Ticket t = new Ticket();
        t.assign(leadUnit, assisting);
        t.state = State.DISPATCHED;
        t.dispatchedAt = now;
        t.createdAt = now;
        t.updatedAt = now;
        return t;
    }

    /**
     * The one way a ticket is made (intake, review, re-inspection, follow-up): dispatched to its lead
     * unit at once, about what {@code opening} says.
     */
    public static Ticket open(TicketOpening opening, long leadUnit, Collection<Long> assisting, Instant now) {
        Ticket t = dispatched(leadUnit, assisting, now);
        t.categoryId = opening.categoryId();
        t.severity = opening.severity();
        t.gridId = opening.gridId();
        t.zoneId = opening.zoneId();
        t.townshipId = opening.townshipId();
        t.lat = opening.lat();
        t.lng = opening.lng();
        t.address = opening.address();
        t.description = opening.description();
        t.routing = opening.routing();
        return t;
    }

    /**
     * A closed ticket's hazard is back: a new ticket for the same hazard, place and units, linked to
     * it; born RETURNED (for the dispatcher to route) when its unit cannot take it.
     */
    static Ticket reopening(Ticket old, String description, boolean unitCanTake, Instant now) {
        Ticket t = open(
                new TicketOpening(
                        old.categoryId,
                        old.severity,
                        old.gridId,
                        old.zoneId,
                        old.townshipId,
                        old.lat,
                        old.lng,
                        old.address,
                        description,
                        old.routing),
                old.leadUnitId,
                old.assistingUnitIds,
                now);
        t.parentTicketId = old.id;
        if (!unitCanTake) {
            t.state = State.RETURNED; // never dispatched to a unit that cannot take it
            t.dispatchedAt = null;
        }
        return t;
    }

    // ---- state changes (DOMAIN §4). Each checks the state via Action; callers check role and scope.

    private void require(Action a) {
        if (!a.allowedFrom(state)) {
            throw IllegalTransition.of(this, a.from);
        }
    }

    private void assign(long leadUnit, Collection<Long> assisting) {
        leadUnitId = leadUnit;
        assistingUnitIds.clear();
        assisting.stream().filter(u -> u != leadUnit).forEach(assistingUnitIds::add);
    }

    /** The deadlines a (re)dispatch starts: time to sign and time to rectify both run from now. */
    public void startDeadlines(String planJson, Instant signDue, Instant rectifyDue) {
        deadlinePlan = planJson;
        signDueAt = signDue;
        rectifyDueAt = rectifyDue;
        recheckDueAt = null;
        due(signDue);
    }

    /** Deadlines for a ticket dispatched before they existed; the current one follows the state. */
    public void adoptDeadlines(String planJson, Instant signDue, Instant rectifyDue, Instant recheckDue) {
        deadlinePlan = planJson;
        signDueAt = signDue;
        rectifyDueAt = rectifyDue;
        recheckDueAt = state == State.RECTIFIED ? recheckDue : null;
        due(state == State.DISPATCHED ? signDueAt : state == State.IN_PROGRESS ? rectifyDueAt : recheckDueAt);
    }

    /** dispatch (from RETURNED) and redispatch (to another unit): a fresh start for the new lead. */
    public void dispatchTo(Action a, long leadUnit, Collection<Long> assisting, boolean designate, Instant now) {
        require(a);
        assign(leadUnit, assisting);
        designatedLead = designate;
        state = State.DISPATCHED;
        dispatchedAt = now;
        signedAt = null;
        rework = false;
        updatedAt = now;
    }

    public void sign(Instant now) {
        require(Action.SIGN);
        state = State.IN_PROGRESS;
        signedAt = now;
        due(rectifyDueAt);
        updatedAt = now;
    }

    public void submitRectification(Instant now, Instant recheckDue) {
        require(Action.SUBMIT_RECTIFICATION);
        state = State.RECTIFIED;
        rectifiedAt = now;
        rework = false;
        recheckDueAt = recheckDue;
        due(recheckDue);
        updatedAt = now;
    }

    /** 退回: not ours. A designated lead cannot; the dispatcher must re-route, by redispatchDue. */
    public void returnToDispatcher(Instant now, Instant redispatchDue) {
        require(Action.RETURN);
        if (designatedLead) {
            throw ApiException.conflict("designated-lead-cannot-return", id).with("ticketId", id);
        }
        state = State.RETURNED;
        returnCount++;
        due(redispatchDue);
        updatedAt = now;
    }

    /** A ticket waiting for the dispatcher to route it (returned, or born so): the dispatcher's deadline. */
    public void awaitDispatch(Instant redispatchDue) {
        if (state != State.RETURNED) {
            throw new IllegalStateException("not returned: " + state);
        }
        due(redispatchDue);
    }

    /** The current deadline, set after the state it belongs to: its owner follows from that state. */
    private void due(Instant at) {
        dueAt = at;
        dueOwner = at == null ? null : Attribution.owner(state);
    }

    /** A ticket returned twice may only be dispatched with a designated lead (no ping-pong). */
    public boolean mustDesignate() {
        return returnCount >= 2;
    }

    public void extendRectification(Instant newDue, Instant now) {
        require(Action.APPROVE_EXTENSION);
        rectifyDueAt = newDue;
        due(newDue);
        updatedAt = now;
    }

    public void designate(Instant now) {
        require(Action.DESIGNATE_LEAD);
        designatedLead = true;
        updatedAt = now;
    }

    public void cancel(String reason, Instant now) {
        require(Action.CANCEL);
        cancelled(reason, now);
    }

    private void cancelled(String reason, Instant now) {
        state = State.CANCELLED;
        cancelReason = reason;
        cancelledAt = now;
        due(null);
        updatedAt = now;
    }

    /**
     * 核实, once. "Not real" cancels the ticket. A ticket closed without the fact (before V11 a
     * passing re-check did not record it) may be verified afterwards, as real only: it was fixed.
     */
    public void verify(boolean real, long by, String note, Instant now) {
        require(Action.VERIFY);
        if (verified != null) {
            throw ApiException.conflict("already-verified", id).with("ticketId", id);
        }
        if (state == State.CLOSED && !real) {
            throw ApiException.conflict("closed-verify-not-real", id).with("ticketId", id);
        }
        verification(real, by, now);
        if (!real) {
            cancelled(note, now);
        }
    }

    /** The verification fact: the one place it is written. */
    private void verification(boolean real, long by, Instant now) {
        verified = real;
        verifiedAt = now;
        verifiedBy = by;
        updatedAt = now;
    }

    /**
     * 复查: pass closes; fail sends it back to the unit with a new time to rectify. A grid worker or
     * dispatcher passing the fix on site has seen the hazard fixed, so a pass records the verification
     * (real, by the re-checker) when nobody recorded it before: no ticket closes without the fact.
     * Returns whether this re-check recorded it (the caller then accrues the reward, as for 核实).
     */
    public boolean recheck(boolean passed, long by, Instant now, Instant newRectifyDue) {
        require(Action.RECHECK);
        updatedAt = now;
        if (passed) {
            boolean records = verified == null;
            if (records) {
                verification(true, by, now);
            }
            close(now);
            return records;
        }
        state = State.IN_PROGRESS;
        rework = true;
        reworkCount++;
        rectifiedAt = null;
        recheckDueAt = null;
        rectifyDueAt = newRectifyDue;
        due(newRectifyDue);
        return false;
    }

    /** The only way to CLOSED, and only with the verification fact (real): the reward depends on it. */
    private void close(Instant now) {
        if (!Boolean.TRUE.equals(verified)) {
            throw new IllegalStateException("ticket " + id + " cannot close without verification");
        }
        state = State.CLOSED;
        closedAt = now;
        due(null);
        updatedAt = now;
    }
}
