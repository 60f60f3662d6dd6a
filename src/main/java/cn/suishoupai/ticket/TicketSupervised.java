package cn.suishoupai.ticket;

/** 挂牌督办: a new ticket of a major hazard is followed by the township's leaders from dispatch. */
public record TicketSupervised(Ticket ticket) {}
