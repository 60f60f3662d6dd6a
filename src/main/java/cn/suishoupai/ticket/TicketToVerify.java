package cn.suishoupai.ticket;

/** A new ticket waits for its on-site verification (核实) by the grid workers of its grid, by verifyDueAt. */
public record TicketToVerify(Ticket ticket) {}
