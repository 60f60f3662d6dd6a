package cn.suishoupai.ticket;

/** 整改: the unit submitted its rectification; the re-check clock runs. */
public record TicketRectified(Ticket ticket) {}
