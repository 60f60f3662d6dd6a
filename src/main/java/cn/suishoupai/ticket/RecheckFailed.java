package cn.suishoupai.ticket;

/** 复查 failed: the ticket went back to the unit with the reason and a new time to rectify. */
public record RecheckFailed(Ticket ticket, String reason) {}
