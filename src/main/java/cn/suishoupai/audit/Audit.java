package cn.suishoupai.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Writes audit records in the caller's transaction, so an audited change and its record commit
 * or roll back together. Callers that must record a refusal commit before they fail.
 */
@ApplicationScoped
public class Audit {

    private final Clock clock;

    Audit(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public void record(Long actorId, String actorName, String action, String targetType, String targetId,
                       String clientIp, String details) {
        AuditEntry e = new AuditEntry();
        e.at = clock.instant();
        e.actorId = actorId;
        e.actorName = actorName;
        e.action = action;
        e.targetType = targetType;
        e.targetId = targetId;
        e.clientIp = clientIp;
        e.details = details;
        e.persist();
    }
}
