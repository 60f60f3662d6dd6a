package cn.suishoupai.ticket;

/** 综合评价: a reporter rated the closed ticket. */
public record TicketRated(Ticket ticket, TicketWorkflow.Rating rating) {}
