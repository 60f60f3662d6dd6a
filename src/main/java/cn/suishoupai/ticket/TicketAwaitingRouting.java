package cn.suishoupai.ticket;

/** A new ticket was born RETURNED: the unit that would take it is gone or no longer serves there. */
public record TicketAwaitingRouting(Ticket ticket) {}
