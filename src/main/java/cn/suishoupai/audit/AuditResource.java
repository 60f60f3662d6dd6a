package cn.suishoupai.audit;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/audit-log")
@Tag(name = "admin-audit", description = "Append-only audit log (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    Caller caller;

    public record AuditView(long id, Instant at, Long actorId, String actorName, String action, String targetType,
                            String targetId, String clientIp, String details) {
    }

    @GET
    @Transactional
    @Operation(summary = "Search the audit log, newest first")
    public Page<AuditView> search(@QueryParam("action") String action,
                                  @QueryParam("actorId") Long actorId,
                                  @QueryParam("targetType") String targetType,
                                  @QueryParam("targetId") String targetId,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        caller.requireServiceWide();
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (action != null) {
            where.append(" and action = :action");
            p.and("action", action);
        }
        if (actorId != null) {
            where.append(" and actorId = :actorId");
            p.and("actorId", actorId);
        }
        if (targetType != null) {
            where.append(" and targetType = :targetType");
            p.and("targetType", targetType);
        }
        if (targetId != null) {
            where.append(" and targetId = :targetId");
            p.and("targetId", targetId);
        }
        var q = AuditEntry.<AuditEntry>find(where.toString(), Sort.descending("id"), p);
        List<AuditView> items = q.page(page, size).list().stream()
                .map(e -> new AuditView(e.id, e.at, e.actorId, e.actorName, e.action, e.targetType, e.targetId,
                        e.clientIp, e.details))
                .toList();
        return new Page<>(items, q.count(), page, size);
    }
}
