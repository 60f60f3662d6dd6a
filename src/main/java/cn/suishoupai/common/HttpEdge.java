package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerOptions;
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
 * What the HTTP layer itself refuses is problem+json too: a body larger than
 * {@code quarkus.http.limits.max-body-size} (413), a request line longer than
 * {@code max-initial-line-length} (414) and headers larger than {@code max-header-size} (431).
 * <p>
 * Vert.x refuses an over-long request line or header block while decoding, on the connection,
 * with an empty answer — its {@code HttpServer#invalidRequestHandler} is not reachable through
 * Quarkus. So the decoder is given {@value #DECODER_CEILING}× the configured limits as a hard
 * ceiling, and this route, ahead of every other (and of Quarkus's own body-size check), enforces
 * the configured limits with a problem body. Only requests beyond the ceiling, and requests whose
 * framing cannot be decoded at all (no HTTP version, bytes that are not a header, two
 * Content-Lengths, a bad chunk size), still get Vert.x's empty 400/414/431 and a closed connection.
 */
@Singleton
public class HttpEdge implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    /** The decoder's hard limits are this many times the configured ones. */
    static final int DECODER_CEILING = 4;

    private final Optional<MemorySize> maxBody;
    private final int maxLine;
    private final MemorySize maxHeaders;
    private final ObjectMapper mapper;

    public HttpEdge(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody,
                    @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxLine,
                    @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K") MemorySize maxHeaders,
                    ObjectMapper mapper) {
        this.maxBody = maxBody;
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
        this.mapper = mapper;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        raiseDecoderLimits(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        raiseDecoderLimits(options);
    }

    private void raiseDecoderLimits(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), maxLine * DECODER_CEILING));
        options.setMaxHeaderSize((int) Math.max(options.getMaxHeaderSize(), Math.min(Integer.MAX_VALUE / 2, maxHeaders.asLongValue() * DECODER_CEILING)));
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::limits);
    }

    private void limits(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (lineLength(req) > maxLine) {
            refuse(ctx, 414, "uri-too-long");
            return;
        }
        if (headerSize(req) > maxHeaders.asLongValue()) {
            refuse(ctx, 431, "headers-too-large");
            return;
        }
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

    /** The request line as the decoder counts it: method, URI and version with their two spaces. */
    static long lineLength(HttpServerRequest req) {
        return req.method().name().length() + 1L + req.uri().length() + 1L + 8;
    }

    /** The header block as the decoder counts it: each "name: value" line. */
    static long headerSize(HttpServerRequest req) {
        long size = 0;
        for (Map.Entry<String, String> h : req.headers()) {
            size += h.getKey().length() + 2L + h.getValue().length();
        }
        return size;
    }

    /** Writes a problem+json answer outside JAX-RS, same shape and texts as {@link ProblemMappers}, and closes. */
    public void refuse(RoutingContext ctx, int status, String code) {
        boolean en = english(ctx.request().getHeader("Accept-Language"));
        Problem p = ProblemMappers.problem(en, status, code,
                status == 414 ? null : ctx.request().path(), List.of(), Map.of()); // never echo an over-long URI
        String body;
        try {
            body = mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + p.type() + "\",\"status\":" + status + "}";
        }
        LOG.debugf("HTTP layer refused %s %s: %d %s", ctx.request().method(), ctx.request().path(), status, code);
        ctx.response().setStatusCode(status)
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
            ranges.sort(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed());
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
