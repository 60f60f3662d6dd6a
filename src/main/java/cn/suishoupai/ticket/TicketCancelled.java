package cn.suishoupai.ticket;

/** The ticket was cancelled: by a dispatcher, or verified not real. */
public record TicketCancelled(Ticket ticket, String reason) {}
