package cn.suishoupai.notify;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.RegionScope;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations view of the notification outbox: what is stuck, what was given up, and sending it again. */
@Path("/api/v1/admin/outbox")
@Tag(name = "admin-outbox", description = "Notification outbox (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {

    public record OutboxView(long id, UUID eventId, String type, Outbox.RecipientType recipientType, long recipientId,
                             Long ticketId, OutboxEvent.Status status, int attempts, Instant createdAt,
                             Instant nextAttemptAt, Instant lastAttemptAt, Instant deliveredAt, Instant failedAt,
                             String lastError, JsonNode payload) {
    }

    private final Caller caller;
    private final Audit audit;
    private final Json json;
    private final Clock clock;

    OutboxAdminResource(Caller caller, Audit audit, Json json, Clock clock) {
        this.caller = caller;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @GET
    @Transactional
    @Operation(summary = "List outbox events, newest first; status PENDING, DELIVERED or FAILED")
    public Page<OutboxView> list(@QueryParam("status") OutboxEvent.Status status,
                                 @QueryParam("type") @Size(max = 48) String type,
                                 @QueryParam("ticketId") Long ticketId,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                 @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        RegionScope.requireServiceWide(caller);
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
        List<OutboxView> items = q.page(page, size).list().stream().map(this::view).toList();
        return new Page<>(items, q.count(), page, size);
    }

    @POST
    @Path("/{id}/actions/retry")
    @Transactional
    @Operation(summary = "Send a given-up (FAILED) event again, with a fresh series of attempts")
    public OutboxView retry(@PathParam("id") long id) {
        RegionScope.requireServiceWide(caller);
        OutboxEvent e = OutboxEvent.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw ApiException.notFound("outbox-event-not-found", id);
        }
        int attempts = e.attempts;
        e.rearm(clock.instant().truncatedTo(ChronoUnit.MICROS));
        audit.record(caller.accountId(), caller.name(), "outbox.retry", "outbox_event", String.valueOf(id),
                caller.clientIp(), json.write(java.util.Map.of("eventId", e.eventId.toString(), "previousAttempts", attempts)));
        return view(e);
    }

    private OutboxView view(OutboxEvent e) {
        return new OutboxView(e.id, e.eventId, e.type, e.recipientType, e.recipientId, e.ticketId, e.status(), e.attempts,
                e.createdAt, e.nextAttemptAt, e.lastAttemptAt, e.deliveredAt, e.failedAt, e.lastError,
                json.tree(e.payload));
    }
}
