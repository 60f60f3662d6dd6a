package cn.suishoupai.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * JSON logs (production): with {@code suishoupai.logs.json=true} (the prod profile's default) every console line is
 * one JSON object — {@code timestamp} (UTC), {@code level}, {@code loggerName}, {@code threadName}, {@code message},
 * {@code traceId} and {@code spanId} of the request being served (from the MDC the OpenTelemetry extension fills),
 * {@code mdc} with every MDC entry, and {@code stackTrace} when there is one — so a log search finds every line of
 * one request and its trace. Our own small formatter: quarkus-logging-json is not available here, and JBoss
 * LogManager's JsonFormatter needs jakarta.json on the log manager's (boot) class path, which the production jar
 * does not give it. It is put on the console handler as the application starts; the few lines Quarkus writes before
 * that (Flyway's migration) stay plain text. Dev and test keep the readable format.
 */
@Singleton
public class JsonLogs {

    private final boolean enabled;

    JsonLogs(@ConfigProperty(name = "suishoupai.logs.json", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    void onStart(@Observes @Priority(1) StartupEvent ev) {
        if (enabled) {
            for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
                install(h);
            }
        }
    }

    /** The formatter: one JSON object per line. */
    public static ExtFormatter formatter() {
        return new Formatter();
    }

    private static void install(Handler h) {
        if (h instanceof ConsoleHandler console) {
            console.setFormatter(formatter());
        } else if (h instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                install(child);
            }
        }
    }

    static final class Formatter extends ExtFormatter {

        @Override
        public String format(ExtLogRecord r) {
            StringBuilder b = new StringBuilder(256);
            b.append('{');
            field(b, "timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
            b.append(',');
            field(b, "level", r.getLevel().getName());
            b.append(',');
            field(b, "loggerName", r.getLoggerName());
            b.append(',');
            field(b, "threadName", r.getThreadName());
            b.append(',');
            field(b, "message", formatMessage(r));
            Map<String, String> mdc = new TreeMap<>(r.getMdcCopy());
            for (String key : new String[] {"traceId", "spanId"}) {
                String v = mdc.get(key);
                if (v != null) {
                    b.append(',');
                    field(b, key, v);
                }
            }
            if (!mdc.isEmpty()) {
                b.append(",\"mdc\":{");
                boolean first = true;
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    field(b, e.getKey(), e.getValue());
                }
                b.append('}');
            }
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                b.append(',');
                field(b, "stackTrace", trace.toString());
            }
            return b.append("}\n").toString();
        }

        private static void field(StringBuilder b, String name, String value) {
            string(b, name);
            b.append(':');
            if (value == null) {
                b.append("null");
            } else {
                string(b, value);
            }
        }

        static void string(StringBuilder b, String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
