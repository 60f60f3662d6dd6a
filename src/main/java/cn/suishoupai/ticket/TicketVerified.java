package cn.suishoupai.ticket;

import cn.suishoupai.region.Severity;
import java.time.Instant;

/**
 * The verification fact was recorded, real (核实, or a passing 复查 that found it missing). Fired in
 * the verifying transaction; reward accrues on it synchronously, so a failed accrual rolls the
 * verification back.
 */
public record TicketVerified(
        long ticketId, Long categoryId, Severity severity, long townshipId, Long gridId, Instant at) {

    static TicketVerified of(Ticket t, Instant at) {
        return new TicketVerified(t.id, t.categoryId, t.severity, t.townshipId, t.gridId, at);
    }
}
