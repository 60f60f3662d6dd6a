package cn.suishoupai.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Raises the chase steps that are due (DOMAIN §6), set-based: one statement per batch locks the due
 * rows of ticket_chase (SKIP LOCKED, so instances share the work instead of waiting), deletes them,
 * and writes their timeline events and, through notify's part of the statement ({@link ChaseNotices}), their
 * notifications (a queued report's review steps have no ticket: a notification only); each step names its deadline's owner. It reads
 * only the index on due_at of
 * a table that holds pending steps alone, so it touches due rows and nothing else.
 *
 * Exactly once: a step is raised only by the transaction that deletes it under the row lock; a
 * second instance either skips the locked row or, after the commit, no longer finds it. Plain JDBC
 * on purpose: the two-instance test runs a second sweeper on its own pool.
 */
public final class ChaseSweep {

    /** The statement up to notify's part: the raised steps and their timeline events. */
    private static final String RAISE = """
            with due as (
                select id from ticket_chase
                where due_at <= ?
                order by due_at
                limit ?
                for update skip locked
            ), raised as (
                delete from ticket_chase c using due where c.id = due.id
                returning c.ticket_id, c.report_id, c.deadline, c.owner, c.deadline_at, c.recipient_type, c.recipient_id,
                          case c.stage when 'REMINDER' then 'DEADLINE_REMINDER' when 'OVERDUE' then 'TICKET_OVERDUE'
                                       when 'ESCALATED' then 'ESCALATED_TO_DISPATCHER' else 'ESCALATED_TO_LEADERS' end as event_type
            ), timeline as (
                insert into ticket_event (ticket_id, type, at, actor_id, actor_role, note, details)
                select ticket_id, event_type, ?, null, 'system', null,
                       jsonb_build_object('deadline', deadline, 'owner', owner, 'deadlineAt', deadline_at)
                from raised where ticket_id is not null
            ), notices as (
            """;

    private final String sql;
    private final int noticeParameters;

    private final DataSource dataSource;
    private final int batchSize;
    private final int workers;

    public ChaseSweep(DataSource dataSource, int batchSize, ChaseNotices notices) {
        this(dataSource, batchSize, 1, notices);
    }

    /**
     * workers &gt; 1 sweeps with that many connections at once: SKIP LOCKED hands each its own due
     * rows, so a large backlog (the morning after a holiday) is raised in parallel.
     */
    public ChaseSweep(DataSource dataSource, int batchSize, int workers, ChaseNotices notices) {
        String insert = notices.insertFromRaised();
        this.sql = RAISE + insert + "\n)\nselect count(*) from raised\n";
        this.noticeParameters = (int) insert.chars().filter(ch -> ch == '?').count();
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.workers = Math.max(1, workers);
    }

    /** Raises everything due at {@code now}, batch after batch; returns how many steps were raised. */
    public int sweep(Instant now) {
        if (workers == 1) {
            return drain(now);
        }
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> drain(now), RUNNER));
        }
        int total = 0;
        for (CompletableFuture<Integer> r : runs) {
            total += r.join();
        }
        return total;
    }

    private int drain(Instant now) {
        int total = 0;
        int n;
        do {
            n = batch(now);
            total += n;
        } while (n == batchSize);
        return total;
    }

    /** Threads for parallel sweeps: a cached pool of daemon threads, idle ones expire. */
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chase-sweep");
        t.setDaemon(true);
        return t;
    });

    /** One batch in one transaction. */
    public int batch(Instant now) {
        Timestamp ts = Timestamp.from(now);
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, ts);
                ps.setInt(2, batchSize);
                ps.setTimestamp(3, ts);
                for (int i = 0; i < noticeParameters; i++) {
                    ps.setTimestamp(4 + i, ts);
                }
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
