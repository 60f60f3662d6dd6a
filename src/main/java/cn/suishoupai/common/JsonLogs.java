package cn.suishoupai.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * JSON logs (production): with {@code suishoupai.logs.json=true} (the prod profile's default) every console line is
 * one JSON object — {@code timestamp}, {@code level}, {@code loggerName}, {@code threadName}, {@code message}, the
 * stack trace in {@code stackTrace}, and {@code mdc} with the request's {@code traceId} and {@code spanId} (set by
 * the OpenTelemetry extension), so a log search finds every line of one request and its trace. JBoss LogManager's own
 * {@link JsonFormatter} (quarkus-logging-json is not used). It is put on the console handler as the application
 * starts; the few lines Quarkus writes before that (Flyway's migration) stay plain text. Dev and test keep the
 * readable format.
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

    /** The formatter: one JSON object per line, ISO-8601 UTC timestamps. */
    public static JsonFormatter formatter() {
        Map<StructuredFormatter.Key, String> keys = new EnumMap<>(StructuredFormatter.Key.class);
        keys.put(StructuredFormatter.Key.STACK_TRACE, "stackTrace");
        JsonFormatter f = new JsonFormatter(keys);
        f.setExceptionOutputType(StructuredFormatter.ExceptionOutputType.FORMATTED);
        f.setZoneId("UTC");
        f.setRecordDelimiter("\n");
        return f;
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
}
