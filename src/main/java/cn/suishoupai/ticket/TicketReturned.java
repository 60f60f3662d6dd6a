package cn.suishoupai.ticket;

/** 退回: the lead unit returned the ticket to the dispatchers, with its reason. */
public record TicketReturned(Ticket ticket, String reason) {}
