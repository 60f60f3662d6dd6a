package cn.suishoupai.ticket;

/** The ticket went to a lead unit (born dispatched, dispatched or re-dispatched); its deadlines run from now. */
public record TicketDispatched(Ticket ticket) {}
