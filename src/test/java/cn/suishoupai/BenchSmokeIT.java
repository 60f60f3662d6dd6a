package cn.suishoupai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bench/*.sh in smoke mode (SMOKE=1: tiny data, seconds of measuring, non-zero exit on any
 * error), so a schema or code change cannot silently break a benchmark. An integration test because
 * four of them run the packaged service (failsafe's app.jar). The eight run at once: each has its own
 * database, ports and work directory, which this also checks, and each must leave none behind.
 */
class BenchSmokeIT {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final long TIMEOUT_S = 600;
    private static final Map<String, Process> RUNS = new TreeMap<>();

    @BeforeAll
    static void startAll() throws IOException {
        Files.createDirectories(Path.of("target/bench"));
        // surefire/failsafe start the JVM from a manifest-only jar; this is the real test class path
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String script : List.of(
                "chase-sweep",
                "duplicate-query",
                "import-grids",
                "intake",
                "routing-snapshot",
                "scope",
                "startup",
                "uploads")) {
            ProcessBuilder pb = new ProcessBuilder("bash", "bench/" + script + ".sh");
            Map<String, String> env = pb.environment();
            for (String inherited : List.of(
                    "DB",
                    "KEEP",
                    "PORT",
                    "S3_PORT",
                    "ROWS",
                    "TICKETS",
                    "RUNS",
                    "DURATION",
                    "THREADS",
                    "WARMUP",
                    "WIDTH",
                    "HEIGHT",
                    "LAYOUT",
                    "BURST",
                    "BURST_DURATION",
                    "BASE_WARMUP",
                    "BASE_DURATION",
                    "ACCOUNTS",
                    "SERVICE_ENV",
                    "SERVICE_OPTS",
                    "TOWNSHIPS",
                    "ZONES",
                    "GRIDS",
                    "REPORTS",
                    "BIG",
                    "REQUESTS",
                    "BENCH_JAR",
                    "VARIANTS",
                    "JAVA_OPTS",
                    "HEAP")) {
                env.remove(inherited);
            }
            env.put("SMOKE", "1");
            env.put("BENCH_CP", cp);
            env.put("BENCH_JAR", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
            pb.redirectErrorStream(true).redirectOutput(log(script).toFile());
            RUNS.put(script, pb.start());
        }
    }

    @AfterAll
    static void stopLeftovers() {
        // only after a timeout: the scripts' own clean-up runs once their children are gone
        RUNS.values().forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        RUNS.values().forEach(Process::destroyForcibly);
    }

    @Test
    void chaseSweep() throws Exception {
        finish("chase-sweep", "RESULT steps=10 ", "due now: 10");
    }

    @Test
    void duplicateQuery() throws Exception {
        finish("duplicate-query", "check: the query finds open ticket", "queries: ");
    }

    @Test
    void importGrids() throws Exception {
        finish("import-grids", "first import: HTTP 200", "created 16 ", "unchanged 16 ");
    }

    @Test
    void intake() throws Exception {
        finish("intake", "RESULT mode=intake", "RESULT mode=s3", "RESULT mode=decode", "=== summary");
    }

    @Test
    void scope() throws Exception {
        finish(
                "scope",
                "big district: 66003 regions in scope",
                "RESULT http=tickets ",
                "RESULT http=queue ",
                "RESULT http=big-tickets ",
                "RESULT sql=tickets-in-list ",
                "RESULT sql=tickets-capped ",
                "RESULT sql=overdue-new ",
                "RESULT sql=queue-path ",
                "RESULT sql=facets-one ");
    }

    @Test
    void routingSnapshot() throws Exception {
        finish(
                "routing-snapshot",
                "RESULT what=heap ",
                "RESULT what=lookups points=100000 same=true",
                "RESULT what=one-township-rebuild runs=2 ",
                "RESULT what=no-grid-change-rebuild runs=2 ");
    }

    @Test
    void startup() throws Exception {
        finish("startup", "RESULT variant=default first=migrates cpu_s=", "RESULT variant=default run=1 cpu_s=");
    }

    @Test
    void uploads() throws Exception {
        finish(
                "uploads",
                "RESULT mode=s3",
                "RESULT mode=decode",
                "RESULT phase=steady kind=upload",
                "RESULT phase=steady kind=report",
                "RESULT phase=steady kind=processing",
                "RESULT phase=burst kind=processing",
                "drained=true",
                "=== summary");
    }

    private static Path log(String script) {
        return Path.of("target/bench/smoke-" + script + ".log");
    }

    /** Waits for the script; exit 0, the expected lines, and nothing of its own left behind. */
    private static void finish(String script, String... expected) throws Exception {
        Process p = RUNS.get(script);
        // what it starts, seen while it runs: once it exits they are no longer its descendants
        Set<ProcessHandle> started = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!p.waitFor(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            p.descendants().forEach(started::add);
        }
        if (p.isAlive()) {
            p.destroy(); // SIGTERM: its trap cleans up once the running command ends
            p.descendants().forEach(ProcessHandle::destroy);
            p.waitFor(60, TimeUnit.SECONDS);
        }
        String out = Files.readString(log(script));
        assertEquals(0, p.exitValue(), "bench/" + script + ".sh --smoke failed:\n" + out);
        for (String line : expected) {
            assertTrue(
                    out.contains(line), "expected \"" + line + "\" in the output of bench/" + script + ".sh:\n" + out);
        }
        String db = "ssp_bench_" + script.replace('-', '_') + "_" + p.pid();
        assertTrue(out.contains("database " + db), "the script did not make its own database " + db + ":\n" + out);
        assertFalse(databaseExists(db), db + " must be dropped at exit");
        assertFalse(
                Files.exists(Path.of("target/bench/" + script + "-" + p.pid())), "its work directory must be removed");
        assertFalse(started.stream().anyMatch(ProcessHandle::isAlive), "its processes must be stopped: " + started);
    }

    private static boolean databaseExists(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
                PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
