package cn.suishoupai.ticket;

import cn.suishoupai.notify.OutboxChaseNotices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Times {@link ChaseSweep} over the data bench/chase-sweep.sh builds: RUNS sweeps, each after the
 * due steps are set pending again, plus EXPLAIN ANALYZE of the due-row scan. Not a test.
 */
public final class ChaseSweepBench {

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser(args[1]);
        int runs = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(System.getProperty("batch", "2500"));
        int workers = Integer.parseInt(System.getProperty("workers", "2"));
        System.out.printf("ChaseSweep batch size %d, %d workers (the service defaults)%n", batch, workers);
        Instant now = Instant.now();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            // the steps this benchmark re-arms: the ones due now
            // the steps this benchmark raises, kept aside: a sweep deletes them, each run puts them back
            s.execute("create table if not exists bench_due as select * from ticket_chase where due_at <= now()");
        }
        List<Long> millis = new ArrayList<>();
        int raised = 0;
        for (int i = 0; i < runs; i++) {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("insert into ticket_chase select * from bench_due on conflict do nothing");
                s.execute("vacuum analyze ticket_chase");
            }
            long t0 = System.nanoTime();
            raised = new ChaseSweep(ds, batch, workers, new OutboxChaseNotices()).sweep(now);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            millis.add(ms);
            System.out.printf("sweep %d: %d steps raised in %d ms%n", i + 1, raised, ms);
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                "RESULT steps=%d runs=%d median_ms=%d min_ms=%d max_ms=%d%n",
                raised, runs, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));

        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("insert into ticket_chase select * from bench_due on conflict do nothing");
            s.execute("vacuum analyze ticket_chase");
            System.out.println("\nplan of the due-row scan (first batch):");
            try (ResultSet rs = s.executeQuery("explain (analyze, buffers) select id from ticket_chase "
                    + "where due_at <= now() order by due_at limit 5000 for update skip locked")) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
            s.executeUpdate("delete from ticket_chase where id in (select id from bench_due)");
        }
    }
}
