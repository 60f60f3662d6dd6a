package cn.suishoupai.ticket;

/** 复查 passed: the ticket is closed. */
public record TicketClosed(Ticket ticket) {}
