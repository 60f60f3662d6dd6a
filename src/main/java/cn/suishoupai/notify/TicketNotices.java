package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.report.Reporters;
import cn.suishoupai.ticket.ExtensionDecided;
import cn.suishoupai.ticket.ExtensionRequested;
import cn.suishoupai.ticket.RecheckFailed;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketAwaitingRouting;
import cn.suishoupai.ticket.TicketCancelled;
import cn.suishoupai.ticket.TicketClosed;
import cn.suishoupai.ticket.TicketDispatched;
import cn.suishoupai.ticket.TicketRated;
import cn.suishoupai.ticket.TicketRectified;
import cn.suishoupai.ticket.TicketReturned;
import cn.suishoupai.ticket.TicketSupervised;
import cn.suishoupai.ticket.TicketToVerify;
import cn.suishoupai.ticket.TicketWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who hears of what happens to a ticket (DOMAIN §6): one outbox notice per recipient, written by
 * synchronous observers in the transaction of the change, so the notice commits with it or not at
 * all. The chase's reminders and escalations are written by {@link OutboxChaseNotices}.
 */
@ApplicationScoped
public class TicketNotices {

    private final Outbox outbox;
    private final Reporters reporters;

    TicketNotices(Outbox outbox, Reporters reporters) {
        this.outbox = outbox;
        this.reporters = reporters;
    }

    /** New ticket to sign (签收): the lead and the assisting units. */
    void dispatched(@Observes TicketDispatched e) {
        Ticket t = e.ticket();
        List<Recipient> to = new ArrayList<>();
        to.add(new Recipient(RecipientType.UNIT, t.leadUnitId));
        t.assistingUnitIds.forEach(u -> to.add(new Recipient(RecipientType.UNIT, u)));
        outbox.enqueue(
                "TICKET_DISPATCHED",
                t.id,
                payload(t, Map.of("signDueAt", t.signDueAt, "rectifyDueAt", t.rectifyDueAt)),
                to.toArray(Recipient[]::new));
    }

    /** New ticket to verify on site (核实): the grid workers of its grid. */
    void toVerify(@Observes TicketToVerify e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                NoticeKind.TICKET_TO_VERIFY.name(),
                t.id,
                payload(t, Map.of("verifyDueAt", t.verifyDueAt)),
                new Recipient(RecipientType.REGION_GRID_WORKERS, place(t)));
    }

    void supervised(@Observes TicketSupervised e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "TICKET_SUPERVISED",
                t.id,
                payload(t, Map.of()),
                new Recipient(RecipientType.REGION_LEADERS, t.townshipId));
    }

    void awaitingRouting(@Observes TicketAwaitingRouting e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "TICKET_RETURNED",
                t.id,
                payload(t, Map.of("reason", "UNIT_UNAVAILABLE")),
                new Recipient(RecipientType.REGION_DISPATCHERS, t.townshipId));
    }

    void returned(@Observes TicketReturned e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "TICKET_RETURNED",
                t.id,
                payload(t, Map.of("reason", e.reason(), "returnCount", t.returnCount)),
                new Recipient(RecipientType.REGION_DISPATCHERS, t.townshipId));
    }

    void extensionRequested(@Observes ExtensionRequested e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "EXTENSION_REQUESTED",
                t.id,
                payload(t, Map.of("extensionId", e.extensionId(), "requestedDueAt", e.requestedDueAt())),
                new Recipient(RecipientType.REGION_DISPATCHERS, t.townshipId));
    }

    void extensionDecided(@Observes ExtensionDecided e) {
        Ticket t = e.ticket();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extensionId", e.extensionId());
        details.put("previousDueAt", e.previousDueAt());
        if (e.approved()) {
            details.put("grantedDueAt", e.grantedDueAt());
        }
        outbox.enqueue(
                e.approved() ? "EXTENSION_APPROVED" : "EXTENSION_REFUSED",
                t.id,
                payload(t, details),
                new Recipient(RecipientType.UNIT, t.leadUnitId));
    }

    /** To re-check (复查): the township's dispatchers and the grid workers of the ticket's grid. */
    void rectified(@Observes TicketRectified e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                NoticeKind.TICKET_RECTIFIED.name(),
                t.id,
                payload(t, Map.of("recheckDueAt", t.recheckDueAt)),
                new Recipient(RecipientType.REGION_DISPATCHERS, t.townshipId),
                new Recipient(RecipientType.REGION_GRID_WORKERS, place(t)));
    }

    /** The lead unit stops work; each reporter hears why (cancelled, or verified not real). */
    void cancelled(@Observes TicketCancelled e) {
        Ticket t = e.ticket();
        if (t.leadUnitId != null) {
            outbox.enqueue(
                    "TICKET_CANCELLED",
                    t.id,
                    payload(t, Map.of("reason", e.reason())),
                    new Recipient(RecipientType.UNIT, t.leadUnitId));
        }
        boolean notReal = Boolean.FALSE.equals(t.verified);
        for (Reporters.Reported r : reporters.reportsOf(t.id)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("reportId", r.reportId());
            p.put("ticketId", t.id);
            p.put("reasonCode", notReal ? "VERIFIED_NOT_REAL" : "CANCELLED");
            p.put("reasonLabel", notReal ? "经核实不属实" : null);
            p.put("reason", e.reason());
            outbox.enqueue(
                    NoticeKind.REPORT_CANCELLED.name(), t.id, p, new Recipient(RecipientType.ACCOUNT, r.accountId()));
        }
    }

    /** The lead unit hears that it is closed; every reporter with an account that it is fixed, with a link to the after-photos. */
    void closed(@Observes TicketClosed e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "TICKET_CLOSED",
                t.id,
                payload(t, Map.of("closedAt", t.closedAt)),
                new Recipient(RecipientType.UNIT, t.leadUnitId));
        for (Reporters.Reported r : reporters.reportsOf(t.id)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("reportId", r.reportId());
            p.put("ticketId", t.id);
            p.put("closedAt", t.closedAt);
            outbox.enqueue(
                    NoticeKind.REPORT_CLOSED.name(), t.id, p, new Recipient(RecipientType.ACCOUNT, r.accountId()));
        }
    }

    void recheckFailed(@Observes RecheckFailed e) {
        Ticket t = e.ticket();
        outbox.enqueue(
                "RECHECK_FAILED",
                t.id,
                payload(t, Map.of("reason", e.reason(), "rectifyDueAt", t.rectifyDueAt)),
                new Recipient(RecipientType.UNIT, t.leadUnitId));
    }

    /** 不满意: the township's dispatchers follow it up (回访). Other ratings tell nobody. */
    void rated(@Observes TicketRated e) {
        if (e.rating() != TicketWorkflow.Rating.DISSATISFIED) {
            return;
        }
        Ticket t = e.ticket();
        outbox.enqueue(
                "TICKET_DISSATISFIED",
                t.id,
                payload(t, Map.of("rating", e.rating().name())),
                new Recipient(RecipientType.REGION_DISPATCHERS, t.townshipId));
    }

    /** The grid a ticket lies in (the region its grid workers are found by), else its township. */
    private static long place(Ticket t) {
        return t.gridId != null ? t.gridId : t.townshipId;
    }

    private static Map<String, Object> payload(Ticket t, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ticketId", t.id);
        m.put("state", t.state.name());
        m.put("severity", t.severity == null ? null : t.severity.name());
        m.put("leadUnitId", t.leadUnitId);
        m.put("gridId", t.gridId);
        m.put("townshipId", t.townshipId);
        m.put("dueAt", t.dueAt);
        m.putAll(extra);
        return m;
    }
}
