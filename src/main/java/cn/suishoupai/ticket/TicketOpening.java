package cn.suishoupai.ticket;

import cn.suishoupai.region.Severity;

/**
 * What a new ticket is about: the confirmed category and severity, the place, the text and the
 * routing decision (JSON) that placed it. {@link Ticket#open} makes the ticket from it.
 */
public record TicketOpening(
        Long categoryId,
        Severity severity,
        Long gridId,
        Long zoneId,
        Long townshipId,
        double lat,
        double lng,
        String address,
        String description,
        String routing) {}
