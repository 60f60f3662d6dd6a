package cn.suishoupai.report;

import cn.suishoupai.ticket.Ticket;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a resident sees of their report (DOMAIN §4): seven plain states instead of the ticket workflow. */
@Schema(name = "ReportStatus")
public enum Status {
    /** Submitted, its photos still being processed (photo-first uploads): routed as soon as they are done. */
    PHOTOS_PROCESSING("照片处理中"),
    SUBMITTED("已提交"),
    ACCEPTED("已受理"),
    IN_PROGRESS("处理中"),
    CLOSED("已办结"),
    REJECTED("不予受理"),
    MERGED("已合并");

    public final String label;

    Status(String label) {
        this.label = label;
    }

    /** ticketState is the state of the report's ticket, or null when it has none. */
    public static Status of(Report r, Ticket.State ticketState) {
        switch (r.status) {
            case PHOTOS_PROCESSING:
                return PHOTOS_PROCESSING;
            case PENDING_REVIEW:
                return SUBMITTED;
            case REJECTED:
                return REJECTED;
            case MERGED:
                return MERGED;
            default:
                break;
        }
        if (ticketState == null) {
            return ACCEPTED;
        }
        switch (ticketState) {
            case PENDING_REVIEW:
                return SUBMITTED;
            case DISPATCHED:
                return ACCEPTED;
            case CLOSED:
                return CLOSED;
            case REJECTED:
            case CANCELLED:
                return REJECTED;
            default:
                return IN_PROGRESS; // signed, rectified awaiting re-check, returned for re-dispatch
        }
    }
}
