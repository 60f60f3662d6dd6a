package cn.suishoupai.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Whether the service has begun to stop. A background round that was running when SIGTERM came
 * fails as the datasource closes under it; that is not an error to page anyone about (the next
 * instance picks the work up), so such rounds log it through {@link #logFailure}.
 */
@ApplicationScoped
public class Stopping {

    private static volatile boolean stopping;

    void onStart(@Observes StartupEvent ev) {
        stopping = false; // a restart in the same class loader (the local run's live reload)
    }

    void onStop(@Observes @Priority(1) ShutdownEvent ev) {
        stopping = true;
    }

    /** A background failure: ERROR while running, DEBUG once the service is stopping (its cause is the stop). */
    public static void logFailure(Logger log, Throwable e, String format, Object... params) {
        log.logf(stopping ? Logger.Level.DEBUG : Logger.Level.ERROR, e, format, params);
    }
}
