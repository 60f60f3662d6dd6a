package cn.suishoupai.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard itself, against a file of its own (not the run's): what it records and when it fails. */
class RunGuardTest {

    @TempDir
    Path dir;

    interface Plant {
        void into(RunGuard guard);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "an ERROR line",
                        (Plant) g -> g.handler()
                                .publish(record(
                                        Level.SEVERE,
                                        "Unhandled error on /api/v1/x",
                                        new IllegalStateException("boom"))),
                        true),
                Arguments.of("a 500 response", (Plant) g -> g.serverError(500, "POST", "/api/v1/reports"), true),
                // qualified: Level here is java.util.logging's; JBoss adds ERROR and FATAL
                Arguments.of(
                        "an ERROR line with a JBoss level",
                        (Plant) g -> g.handler().publish(record(org.jboss.logmanager.Level.ERROR, "bad", null)),
                        true),
                Arguments.of(
                        "a FATAL line",
                        (Plant) g -> g.handler().publish(record(org.jboss.logmanager.Level.FATAL, "worse", null)),
                        true),
                Arguments.of(
                        "a WARN line",
                        (Plant) g -> g.handler().publish(record(Level.WARNING, "storage down", null)),
                        false),
                Arguments.of(
                        "an INFO line", (Plant) g -> g.handler().publish(record(Level.INFO, "started", null)), false),
                Arguments.of(
                        "an allowed ERROR line",
                        (Plant) g -> allowed(() -> g.handler().publish(record(Level.SEVERE, "deliberate", null))),
                        false),
                Arguments.of("an allowed 500", (Plant) g -> allowed(() -> g.serverError(500, "GET", "/boom")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plantedLinesFailTheCheckAndOnlyThose(String name, Plant plant, boolean fails) throws Exception {
        RunGuard guard = new RunGuard(dir);
        long mark = guard.mark();
        plant.into(guard);
        if (fails) {
            assertThat(guard.since(mark)).hasSize(1);
            assertThatThrownBy(() -> guard.assertNoneSince(mark, "RunGuardTest"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 server error(s) / ERROR log line(s) during RunGuardTest")
                    .hasMessageContaining(guard.since(mark).get(0));
            assertThat(Files.exists(guard.violations()))
                    .as("the verify phase fails while the file exists")
                    .isTrue();
        } else {
            guard.assertNoneSince(mark, "RunGuardTest");
            assertThat(Files.exists(guard.violations())).isFalse();
        }
        // lines recorded before the mark do not fail the next class
        guard.assertNoneSince(guard.mark(), "the next class");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRecordedLineIsOneLineNamingTheCause(String name, Plant plant, boolean fails) {
        RunGuard guard = new RunGuard(dir);
        plant.into(guard);
        if (fails) {
            String line = guard.since(0).get(0);
            assertThat(line).doesNotContain("\n").containsAnyOf("ERROR [", "HTTP 500");
            if (name.equals("an ERROR line")) {
                assertThat(line).contains("Unhandled error on /api/v1/x").contains("IllegalStateException: boom");
            }
        }
    }

    private static void allowed(Runnable r) {
        try {
            RunGuard.allowing("RunGuardTest plants it", r::run);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LogRecord record(Level level, String msg, Throwable t) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName("cn.suishoupai.common.ProblemMappers");
        r.setThrown(t);
        return r;
    }
}
