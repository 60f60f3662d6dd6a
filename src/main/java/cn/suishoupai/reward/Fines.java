package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Required;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The fine imposed for a ticket's hazard (罚款), recorded once; fine-based reward rules pay a share of it. */
@ApplicationScoped
public class Fines {

    /** The largest fine (fen) a ticket can carry. */
    static final long FINE_MAX = 100_000_000_000L;

    @Schema(name = "TicketFineBody")
    public record FineBody(
            @Required @InRange(min = 1, max = FINE_MAX, message = "field.fen.range")
            Long fineFen) {}

    @Schema(name = "TicketFine")
    public record Fine(
            long ticketId,
            long fineFen,
            String fineYuan,
            Instant recordedAt,
            Long rewardId,
            Long rewardAmountFen,
            RewardState rewardState) {}

    private final EntityManager em;
    private final RewardAccrual accrual;
    private final Audit audit;
    private final Json json;
    private final Clock clock;

    private final TicketStates tickets;

    Fines(EntityManager em, RewardAccrual accrual, Audit audit, Json json, Clock clock, TicketStates tickets) {
        this.tickets = tickets;
        this.em = em;
        this.accrual = accrual;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Records a ticket's fine (once); a reward waiting for it under a fine-based rule accrues now. */
    @Transactional
    public Fine record(long ticketId, FineBody body, Actor actor) {
        if (body == null) {
            throw ApiException.invalidField("fineFen", "field.required");
        }
        Ticket t = tickets.ticket(ticketId);
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        if (t == null || !scope.contains(t.gridId != null ? t.gridId : t.townshipId)) {
            throw ApiException.notFound("ticket-not-found", ticketId);
        }
        Instant now = clock.instant();
        int inserted = em.createNativeQuery("insert into ticket_fine (ticket_id, fine_fen, recorded_by, recorded_at) "
                        + "values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, ticketId)
                .setParameter(2, body.fineFen())
                .setParameter(3, actor.id())
                .setParameter(4, now)
                .executeUpdate();
        if (inserted == 0) {
            throw ApiException.conflict("fine-already-recorded", ticketId).with("ticketId", ticketId);
        }
        audit.record(
                actor,
                "TICKET_FINE_RECORDED",
                Target.of("ticket", ticketId),
                json.write(Map.of("fineFen", body.fineFen())));
        Reward r = accrual.fineRecorded(ticketId, body.fineFen(), actor.id(), now);
        em.flush(); // a concurrent change to the reward is a 409 here, not a failed commit
        return new Fine(
                ticketId,
                body.fineFen(),
                RewardCalculator.yuan(body.fineFen()),
                now,
                r == null ? null : r.id,
                r == null ? null : r.amountFen,
                r == null ? null : r.state);
    }
}
