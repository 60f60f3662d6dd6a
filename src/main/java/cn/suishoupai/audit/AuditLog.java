package cn.suishoupai.audit;

import cn.suishoupai.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Reads the audit log; {@link Audit} writes it. The resource stays free of queries. */
@ApplicationScoped
public class AuditLog {

    public record AuditView(
            long id,
            Instant at,
            Long actorId,
            String actorName,
            String action,
            String targetType,
            String targetId,
            String clientIp,
            String details) {}

    /** Entries matching every given filter (null = any), newest first. */
    @Transactional
    public Page<AuditView> search(String action, Long actorId, String targetType, String targetId, int page, int size) {
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
                .map(e -> new AuditView(
                        e.id, e.at, e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.clientIp, e.details))
                .toList();
        return new Page<>(items, q.count(), page, size);
    }
}
