package cn.suishoupai.notify;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
            JsonNode payload) {}

    private final Audit audit;
    private final Json json;
    private final Clock clock;

    OutboxAdmin(Audit audit, Json json, Clock clock) {
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
        List<OutboxView> items =
                q.page(page, size).list().stream().map(this::view).toList();
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
        return view(e);
    }

    private OutboxView view(OutboxEvent e) {
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
                json.tree(e.payload));
    }
}
