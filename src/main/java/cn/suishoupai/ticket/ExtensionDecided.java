package cn.suishoupai.ticket;

import java.time.Instant;

/** A dispatcher approved (grantedDueAt set) or refused an extension request. */
public record ExtensionDecided(
        Ticket ticket, long extensionId, boolean approved, Instant previousDueAt, Instant grantedDueAt) {}
