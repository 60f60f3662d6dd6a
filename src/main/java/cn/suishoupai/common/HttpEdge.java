package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the HTTP layer itself refuses is problem+json too. A body larger than
 * {@code quarkus.http.limits.max-body-size} (413) is refused here, by a route ahead of every other
 * (and of Quarkus's own empty-bodied check), from the declared Content-Length. A request line longer
 * than {@code max-initial-line-length} (414), headers larger than {@code max-header-size} (431) and
 * framing that cannot be decoded (400) are refused by Vert.x while decoding, before any route;
 * {@link DecoderRefusals} makes those answers problem+json through {@link #refuse}.
 */
@Singleton
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    private final Optional<MemorySize> maxBody;
    private final ObjectMapper mapper;

    public HttpEdge(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody,
            ObjectMapper mapper) {
        this.maxBody = maxBody;
        this.mapper = mapper;
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::limits);
    }

    private void limits(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null && maxBody.isPresent()) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1; // the decoder already refuses these; never a 500 here
            }
            if (declared < 0) {
                refuse(ctx, 400, "bad-request");
                return;
            }
            if (declared > maxBody.get().asLongValue()) {
                refuse(ctx, 413, "payload-too-large");
                return;
            }
        }
        ctx.next();
    }

    /** Writes a problem+json answer outside JAX-RS, same shape and texts as {@link ProblemMappers}, and closes. */
    public void refuse(RoutingContext ctx, int status, String code) {
        refuse(ctx.request(), status, code, ctx.request().path());
    }

    /** The same, for a request that never reached a route; {@code instance} may be null. */
    void refuse(HttpServerRequest req, int status, String code, String instance) {
        String language;
        try {
            language = req.getHeader("Accept-Language");
        } catch (RuntimeException e) {
            language = null; // headers of an undecodable request may be incomplete
        }
        boolean en = english(language);
        Problem p = ProblemMappers.problem(en, status, code, instance, List.of(), Map.of());
        String body;
        try {
            body = mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + p.type() + "\",\"status\":" + status + "}";
        }
        LOG.debugf("HTTP layer refused %s %s: %d %s", req.method(), instance, status, code);
        req.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Content-Language", en ? "en" : "zh-CN")
                // the body (or the rest of the request) was not read: the connection cannot be reused
                .putHeader("Connection", "close")
                .end(body);
    }

    static boolean english(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return false;
        }
        try {
            List<Locale.LanguageRange> ranges = new ArrayList<>(Locale.LanguageRange.parse(acceptLanguage));
            ranges.sort(
                    Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed());
            List<Locale> locales = new ArrayList<>();
            for (Locale.LanguageRange r : ranges) {
                if (r.getWeight() > 0) {
                    locales.add(Locale.forLanguageTag(r.getRange()));
                }
            }
            return Messages.english(locales);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
