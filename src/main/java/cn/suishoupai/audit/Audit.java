package cn.suishoupai.audit;

import cn.suishoupai.common.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Writes audit records in the caller's transaction, so an audited change and its record commit
 * or roll back together. Callers that must record a refusal commit before they fail.
 */
@ApplicationScoped
public class Audit {

    /** What an entry is about: a type ("reward", "account") and, when there is one, an id. */
    public record Target(String type, String id) {

        public static Target of(String type, Object id) {
            return new Target(type, id == null ? null : id.toString());
        }

        public static Target of(String type) {
            return new Target(type, null);
        }
    }

    private final Clock clock;

    Audit(Clock clock) {
        this.clock = clock;
    }

    /** action is the stored name, readable through /api/v1/admin/audit: never rename one. */
    @Transactional
    public void record(Actor actor, String action, Target target, String details) {
        AuditEntry e = new AuditEntry();
        e.at = clock.instant();
        e.actorId = actor.id();
        e.actorName = actor.name();
        e.action = action;
        e.targetType = target.type();
        e.targetId = target.id();
        e.clientIp = actor.clientIp();
        e.details = details;
        e.persist();
    }
}
