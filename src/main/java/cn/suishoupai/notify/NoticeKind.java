package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.RecipientType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The notices the service sends (DOMAIN §6), by outbox type: who they are for, and whether they go
 * beyond the in-app list. Resident notices go to the reporter's account (WeChat subscription message,
 * else SMS); staff notices to a unit or a region's dispatchers, leaders or grid workers (SMS and/or a
 * WeCom group bot, as admin data says). A type not listed here (an integration's own) is kept in the
 * in-app list and delivered to the integration sender only.
 */
public enum NoticeKind {
    // ---- residents: what became of their report and their reward
    REPORT_ACCEPTED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REPORT_REJECTED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REPORT_MERGED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REPORT_CANCELLED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REPORT_CLOSED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REWARD_ACCRUED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REWARD_PAID(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    REWARD_FAILED(Audience.RESIDENT, true, RecipientType.ACCOUNT),
    // ---- staff: work waiting for them
    /** New ticket to sign (签收): the lead and assisting units. */
    TICKET_DISPATCHED(Audience.STAFF, true, RecipientType.UNIT),
    /** New ticket to verify on site (核实). */
    TICKET_TO_VERIFY(Audience.STAFF, true, RecipientType.REGION_GRID_WORKERS),
    /** Rectified: to re-check (复查). */
    TICKET_RECTIFIED(Audience.STAFF, true, RecipientType.REGION_DISPATCHERS, RecipientType.REGION_GRID_WORKERS),
    /** Returned by the unit (or its unit retired): to re-dispatch. */
    TICKET_RETURNED(Audience.STAFF, true, RecipientType.REGION_DISPATCHERS),
    EXTENSION_REQUESTED(Audience.STAFF, true, RecipientType.REGION_DISPATCHERS),
    EXTENSION_APPROVED(Audience.STAFF, true, RecipientType.UNIT),
    EXTENSION_REFUSED(Audience.STAFF, true, RecipientType.UNIT),
    /** 复查 failed: sent back to the unit for rework. */
    RECHECK_FAILED(Audience.STAFF, true, RecipientType.UNIT),
    TICKET_CANCELLED(Audience.STAFF, true, RecipientType.UNIT),
    /** Information only: in the in-app list, never an SMS or a bot message. */
    TICKET_CLOSED(Audience.STAFF, false, RecipientType.UNIT),
    TICKET_SUPERVISED(Audience.STAFF, true, RecipientType.REGION_LEADERS),
    TICKET_DISSATISFIED(Audience.STAFF, true, RecipientType.REGION_DISPATCHERS),
    // ---- staff: the chase (ticket.Attribution decides who; these are its outbox types)
    DEADLINE_REMINDER(
            Audience.STAFF, true, RecipientType.UNIT, RecipientType.REGION_DISPATCHERS, RecipientType.REGION_LEADERS),
    TICKET_OVERDUE(
            Audience.STAFF, true, RecipientType.UNIT, RecipientType.REGION_DISPATCHERS, RecipientType.REGION_LEADERS),
    ESCALATED_TO_DISPATCHER(Audience.STAFF, true, RecipientType.REGION_DISPATCHERS),
    ESCALATED_TO_LEADERS(Audience.STAFF, true, RecipientType.REGION_LEADERS);

    public enum Audience {
        RESIDENT,
        STAFF
    }

    public final Audience audience;

    /** Whether it goes out by WeChat / SMS / WeCom besides the in-app list. */
    public final boolean external;

    /** The recipient types it is written for. */
    public final Set<RecipientType> recipients;

    NoticeKind(Audience audience, boolean external, RecipientType first, RecipientType... more) {
        this.audience = audience;
        this.external = external;
        this.recipients = EnumSet.of(first, more);
    }

    public static Optional<NoticeKind> of(String type) {
        for (NoticeKind k : values()) {
            if (k.name().equals(type)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
