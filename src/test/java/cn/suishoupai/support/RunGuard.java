package cn.suishoupai.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The test run's guard against server errors: every response with status 500 and every ERROR log
 * line during the run is appended to {@code target/run-guard/violations.log} (one line each).
 * {@link RunGuardExtension} fails the test class during which a line was added, printing the lines,
 * and the build's verify phase fails while the file exists (pom.xml, antrun "run-guard").
 * <p>
 * A test that provokes a server error on purpose wraps exactly that in {@link #allowing}; what
 * happens inside goes to {@code allowed.log} with the reason instead. The allowance is a JVM-wide
 * system property, so the app's class loader and the test's see the same one.
 */
public final class RunGuard {

    public static final String ALLOW_PROPERTY = "suishoupai.run-guard.allow";
    /** The run's guard; its file is deleted at the start of every Maven build (generate-test-resources). */
    public static final RunGuard RUN =
            new RunGuard(Path.of(System.getProperty("suishoupai.run-guard.dir", "target/run-guard")));

    private final Path dir;

    public RunGuard(Path dir) {
        this.dir = dir;
    }

    public Path violations() {
        return dir.resolve("violations.log");
    }

    public Path allowedLog() {
        return dir.resolve("allowed.log");
    }

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs an action that is expected to produce a server error or ERROR line; names why. */
    public static void allowing(String reason, Action action) throws Exception {
        String before = System.getProperty(ALLOW_PROPERTY);
        System.setProperty(ALLOW_PROPERTY, reason);
        try {
            action.run();
        } finally {
            if (before == null) {
                System.clearProperty(ALLOW_PROPERTY);
            } else {
                System.setProperty(ALLOW_PROPERTY, before);
            }
        }
    }

    /** A 500 answered to a request. */
    public void serverError(int status, String method, String path) {
        record(Instant.now() + " HTTP " + status + " " + method + " " + path);
    }

    /** An ERROR (or worse) log record; lower levels are ignored. */
    public void log(LogRecord r) {
        if (r == null || r.getLevel().intValue() < Level.SEVERE.intValue()) {
            return;
        }
        String msg = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(r);
        StringBuilder sb = new StringBuilder(Instant.ofEpochMilli(r.getMillis()).toString())
                .append(" ERROR [")
                .append(r.getLoggerName())
                .append("] ")
                .append(msg);
        if (r.getThrown() != null) {
            sb.append(" | ").append(r.getThrown());
            Throwable root = r.getThrown();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != r.getThrown()) {
                sb.append(" | root: ").append(root);
            }
        }
        record(sb.toString());
    }

    synchronized void record(String line) {
        String reason = System.getProperty(ALLOW_PROPERTY);
        String oneLine = line.replace('\n', ' ').replace('\r', ' ');
        append(
                reason == null ? violations() : allowedLog(),
                reason == null ? oneLine : oneLine + " (allowed: " + reason + ")");
    }

    private void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many violation lines the file has now (the mark a test class starts from). */
    public long mark() {
        return read().size();
    }

    public List<String> since(long mark) {
        List<String> all = read();
        return mark >= all.size() ? List.of() : all.subList((int) mark, all.size());
    }

    /** Fails, listing the lines, when violations were recorded since {@code mark}. */
    public void assertNoneSince(long mark, String during) {
        List<String> lines = since(mark);
        if (!lines.isEmpty()) {
            throw new AssertionError(lines.size() + " server error(s) / ERROR log line(s) during " + during
                    + " (a client's mistake must be a 4xx and log no ERROR; wrap a deliberate one in RunGuard.allowing):\n  "
                    + String.join("\n  ", lines));
        }
    }

    private List<String> read() {
        try {
            return Files.exists(violations()) ? Files.readAllLines(violations(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts the run's handler on the root logger (the LogManager is JVM-wide). {@code replace}: the
     * test application, on each start, swaps out one a previous application (or class loader)
     * installed; the JUnit extension only installs one when none is there, so that plain unit
     * tests before any application start are covered too.
     */
    public static void install(boolean replace) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h.getClass().getName().equals(GuardHandler.class.getName())) {
                if (!replace) {
                    return;
                }
                root.removeHandler(h);
            }
        }
        root.addHandler(RUN.handler());
    }

    /** The log handler installed on the root logger. */
    public Handler handler() {
        return new GuardHandler(this);
    }

    public static final class GuardHandler extends Handler {
        private final RunGuard guard;

        GuardHandler(RunGuard guard) {
            this.guard = guard;
            setLevel(Level.SEVERE);
        }

        @Override
        public void publish(LogRecord record) {
            guard.log(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
