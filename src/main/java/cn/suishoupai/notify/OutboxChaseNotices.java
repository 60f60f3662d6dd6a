package cn.suishoupai.notify;

import cn.suishoupai.ticket.ChaseNotices;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox rows of raised chase steps (reminder, overdue, escalations), inserted set-based inside
 * the sweep's one statement: each step's recipient, its type (DEADLINE_REMINDER, TICKET_OVERDUE,
 * ESCALATED_TO_DISPATCHER, ESCALATED_TO_LEADERS) and a payload naming the deadline and its owner.
 */
@ApplicationScoped
public class OutboxChaseNotices implements ChaseNotices {

    static final String INSERT = """
                insert into outbox_event (type, recipient_type, recipient_id, ticket_id, payload, created_at, next_attempt_at)
                select event_type, recipient_type, recipient_id, ticket_id,
                       jsonb_strip_nulls(jsonb_build_object('ticketId', ticket_id, 'reportId', report_id, 'deadline', deadline,
                                                            'owner', owner, 'deadlineAt', deadline_at)),
                       ?, ?
                from raised""";

    @Override
    public String insertFromRaised() {
        return INSERT;
    }
}
