package cn.suishoupai.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Raises the chase steps that are due (DESIGN §6), set-based: one statement per batch locks the due
 * rows of ticket_chase (SKIP LOCKED, so instances share the work instead of waiting), marks them
 * raised, and writes their timeline events and outbox notifications. Reading only the partial index
 * of pending rows, it touches due rows and nothing else.
 *
 * Exactly once: a step is raised only by the transaction that flips its raised_at from null under
 * the row lock; a second instance either skips the locked row or, after the commit, no longer finds
 * it pending. Plain JDBC on purpose: the two-instance test runs a second sweeper on its own pool.
 */
public final class ChaseSweep {

    static final String SQL = """
            with due as (
                select id from ticket_chase
                where raised_at is null and due_at <= ?
                order by due_at
                limit ?
                for update skip locked
            ), raised as (
                update ticket_chase c set raised_at = ?
                from due where c.id = due.id
                returning c.id, c.ticket_id, c.deadline, c.deadline_at, c.stage
            ), info as (
                select r.*, t.lead_unit_id, t.township_id, t.grid_id, t.severity,
                       case r.stage when 'REMINDER' then 'DEADLINE_REMINDER' when 'OVERDUE' then 'TICKET_OVERDUE'
                                    when 'ESCALATED' then 'ESCALATED_TO_DISPATCHER' else 'ESCALATED_TO_LEADERS' end as event_type
                from raised r join ticket t on t.id = r.ticket_id
            ), timeline as (
                insert into ticket_event (ticket_id, type, at, actor_id, actor_role, note, details)
                select ticket_id, event_type, ?, null, 'system', null,
                       jsonb_build_object('deadline', deadline, 'deadlineAt', deadline_at, 'chaseId', id)
                from info
            ), notices as (
                insert into outbox_event (type, recipient_type, recipient_id, ticket_id, payload, created_at, next_attempt_at)
                select event_type,
                       case when stage = 'LEADERS' then 'REGION_LEADERS'
                            when stage = 'ESCALATED' or deadline = 'RECHECK' then 'REGION_DISPATCHERS'
                            else 'UNIT' end,
                       case when stage = 'LEADERS' or stage = 'ESCALATED' or deadline = 'RECHECK' then township_id
                            else lead_unit_id end,
                       ticket_id,
                       jsonb_build_object('ticketId', ticket_id, 'deadline', deadline, 'deadlineAt', deadline_at,
                                          'severity', severity, 'gridId', grid_id, 'townshipId', township_id,
                                          'leadUnitId', lead_unit_id),
                       ?, ?
                from info
            )
            select count(*) from raised
            """;

    private final DataSource dataSource;
    private final int batchSize;

    public ChaseSweep(DataSource dataSource, int batchSize) {
        this.dataSource = dataSource;
        this.batchSize = batchSize;
    }

    /** Raises everything due at {@code now}, batch after batch; returns how many steps were raised. */
    public int sweep(Instant now) {
        int total = 0;
        int n;
        do {
            n = batch(now);
            total += n;
        } while (n == batchSize);
        return total;
    }

    /** One batch in one transaction. */
    public int batch(Instant now) {
        Timestamp ts = Timestamp.from(now);
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setTimestamp(1, ts);
                ps.setInt(2, batchSize);
                ps.setTimestamp(3, ts);
                ps.setTimestamp(4, ts);
                ps.setTimestamp(5, ts);
                ps.setTimestamp(6, ts);
                int n;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getInt(1);
                }
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("chase sweep failed", e);
        }
    }
}
