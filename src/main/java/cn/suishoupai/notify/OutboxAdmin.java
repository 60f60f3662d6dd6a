package cn.suishoupai.notify;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Times;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The operator's tasks on the outbox: find stuck or given-up events, send one again. */
@ApplicationScoped
public class OutboxAdmin {

    public record OutboxView(
            long id,
            UUID eventId,
            String type,
            Outbox.RecipientType recipientType,
            long recipientId,
            Long ticketId,
            OutboxEvent.Status status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Instant deliveredAt,
            Instant failedAt,
            String lastError,
            JsonNode payload,

            @Schema(description = "per channel and target: how far the delivery got (in-app aside)")
            List<ChannelDelivery> deliveries) {}

    /**
     * One channel's delivery of an event: WECHAT / SMS (target account:&lt;id&gt; or phone:&lt;duty phone&gt;), WECOM
     * (bot:&lt;setting&gt;) or INTEGRATION; DELIVERED, FAILED (tried again with the event), REFUSED (WeChat
     * refused or no subscription: SMS took over), GAVE_UP (a setting to fix), SKIPPED (nothing to send with).
     */
    @Schema(name = "OutboxChannelDelivery")
    public record ChannelDelivery(
            String channel, String target, String status, int attempts, String lastError, Instant updatedAt) {}

    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final EntityManager em;

    OutboxAdmin(Audit audit, Json json, Clock clock, EntityManager em) {
        this.em = em;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Events matching every given filter (null = any), newest first. */
    @Transactional
    public Page<OutboxView> list(OutboxEvent.Status status, String type, Long ticketId, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (status == OutboxEvent.Status.PENDING) {
            where.append(" and deliveredAt is null and failedAt is null");
        } else if (status == OutboxEvent.Status.DELIVERED) {
            where.append(" and deliveredAt is not null");
        } else if (status == OutboxEvent.Status.FAILED) {
            where.append(" and failedAt is not null");
        }
        if (type != null) {
            where.append(" and type = :type");
            p.and("type", type);
        }
        if (ticketId != null) {
            where.append(" and ticketId = :ticketId");
            p.and("ticketId", ticketId);
        }
        var q = OutboxEvent.<OutboxEvent>find(where.toString(), Sort.descending("id"), p);
        List<OutboxEvent> rows = q.page(page, size).list();
        Map<Long, List<ChannelDelivery>> deliveries =
                deliveries(rows.stream().map(e -> e.id).toList());
        List<OutboxView> items = rows.stream()
                .map(e -> view(e, deliveries.getOrDefault(e.id, List.of())))
                .toList();
        return new Page<>(items, q.count(), page, size);
    }

    /** A fresh series of attempts for an event, audited with the attempts it had. */
    @Transactional
    public OutboxView retry(long id, Actor actor) {
        OutboxEvent e = OutboxEvent.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw ApiException.notFound("outbox-event-not-found", id);
        }
        int attempts = e.attempts;
        e.rearm(clock.instant().truncatedTo(ChronoUnit.MICROS));
        audit.record(
                actor,
                "outbox.retry",
                Target.of("outbox_event", id),
                json.write(Map.of("eventId", e.eventId.toString(), "previousAttempts", attempts)));
        return view(e, deliveries(List.of(e.id)).getOrDefault(e.id, List.of()));
    }

    private Map<Long, List<ChannelDelivery>> deliveries(List<Long> ids) {
        Map<Long, List<ChannelDelivery>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select outbox_event_id, channel, target, status, attempts, last_error, "
                                + "updated_at from notice_delivery where outbox_event_id in (?1) order by id")
                .setParameter(1, ids)
                .getResultList();
        for (Object[] r : rows) {
            out.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                    .add(new ChannelDelivery(
                            (String) r[1],
                            (String) r[2],
                            (String) r[3],
                            ((Number) r[4]).intValue(),
                            (String) r[5],
                            Times.instant(r[6])));
        }
        return out;
    }

    private OutboxView view(OutboxEvent e, List<ChannelDelivery> deliveries) {
        return new OutboxView(
                e.id,
                e.eventId,
                e.type,
                e.recipientType,
                e.recipientId,
                e.ticketId,
                e.status(),
                e.attempts,
                e.createdAt,
                e.nextAttemptAt,
                e.lastAttemptAt,
                e.deliveredAt,
                e.failedAt,
                e.lastError,
                json.tree(e.payload),
                deliveries);
    }
}
