package cn.suishoupai.support;

import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import java.util.logging.Logger;

/** Connects the test application to {@link RunGuard}: ERROR log records and 500 responses. */
@ApplicationScoped
public class RunGuardHooks {

    void installLogHandler(@Observes StartupEvent start) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            // one per JVM: a restarted application (another test profile) replaces the previous one
            if (h.getClass().getName().equals(RunGuard.GuardHandler.class.getName())) {
                root.removeHandler(h);
            }
        }
        root.addHandler(RunGuard.RUN.handler());
    }

    void watchResponses(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                int status = ctx.response().getStatusCode();
                if (status == 500) {
                    RunGuard.RUN.serverError(status, ctx.request().method().name(), ctx.request().path());
                }
            });
            ctx.next();
        });
    }
}
