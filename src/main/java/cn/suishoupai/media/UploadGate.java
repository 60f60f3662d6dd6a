package cn.suishoupai.media;

import cn.suishoupai.common.HttpEdge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what {@code POST /api/v1/uploads} may put on the temp disk before its body is read: a declared body larger
 * than one photo (plus its form fields) is 413 {@code payload-too-large}, and beyond {@code suishoupai.uploads
 * .max-in-flight} upload requests at a time on this instance the next one is 503 {@code uploads-busy} with
 * Retry-After at once, never a wait. A route ahead of the REST layer, like {@link HttpEdge}'s limits.
 */
@Singleton
public class UploadGate {

    static final String PATH = "/api/v1/uploads";
    /** Room for the multipart framing and the form fields around the one file. */
    static final long FORM_OVERHEAD = 256 * 1024;

    private final UploadConfig config;
    private final PhotoConfig photos;
    private final HttpEdge edge;
    private final AtomicInteger inFlight = new AtomicInteger();

    UploadGate(UploadConfig config, PhotoConfig photos, HttpEdge edge, MeterRegistry meters) {
        this.config = config;
        this.photos = photos;
        this.edge = edge;
        meters.gauge("suishoupai.uploads.in-flight", inFlight);
    }

    void routes(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::gate);
    }

    private void gate(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > photos.maxBytes() + FORM_OVERHEAD) {
                    edge.refuse(ctx, 413, "payload-too-large");
                    return;
                }
            } catch (NumberFormatException e) {
                // HttpEdge answers a malformed Content-Length
            }
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            ctx.response()
                    .putHeader(
                            "Retry-After",
                            String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
            edge.refuse(ctx, 503, "uploads-busy");
            return;
        }
        AtomicBoolean ended = new AtomicBoolean();
        ctx.addEndHandler(done -> {
            if (ended.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        });
        ctx.next();
    }

    /** Upload requests being received or answered now on this instance. */
    public int inFlight() {
        return inFlight.get();
    }
}
