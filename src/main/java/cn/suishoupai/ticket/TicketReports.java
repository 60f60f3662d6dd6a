package cn.suishoupai.ticket;

import java.time.Instant;
import java.util.List;

/**
 * What ticket needs to know of the reports attached to a ticket. The report package answers it
 * (report.Reporters), so ticket names no report class and reads no report table.
 */
public interface TicketReports {

    /** A report's content as a ticket shows it: never who sent it. accuracyMeters: the device's location accuracy. */
    record Attached(long id, Instant createdAt, boolean anonymous, String description, Double accuracyMeters) {}

    /** The ticket's reports, in id order. */
    List<Attached> attachedTo(long ticketId);

    /** Whether the account sent one of the ticket's reports. */
    boolean reportedBy(long ticketId, long accountId);
}
