package cn.suishoupai.support;

import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Connects the test application to {@link RunGuard}: ERROR log records and 500 responses. */
@ApplicationScoped
public class RunGuardHooks {

    void installLogHandler(@Observes StartupEvent start) {
        RunGuard.install(true);
    }

    void watchResponses(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                int status = ctx.response().getStatusCode();
                if (status == 500) {
                    RunGuard.RUN.serverError(
                            status, ctx.request().method().name(), ctx.request().path());
                }
            });
            ctx.next();
        });
    }
}
