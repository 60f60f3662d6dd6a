package cn.suishoupai.ticket;

import java.time.Instant;

/** The lead unit asked for more time to rectify. */
public record ExtensionRequested(Ticket ticket, long extensionId, Instant requestedDueAt) {}
