package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the HTTP layer itself refuses is problem+json too — or, for the paths a {@link RefusalFormat} covers (a
 * protocol facade), that format's errors. A route ahead of every other (and of Quarkus's own empty-bodied checks)
 * refuses a request line longer than {@code quarkus.http.limits.max-initial-line-length} (414) and a body larger than
 * {@code max-body-size} (413) from the declared Content-Length. Headers larger than {@code max-header-size} (431),
 * framing that cannot be decoded (400) and a URI that is not one (400 {@code invalid-parameter}: broken
 * percent-encoding, characters a URI may not hold) are refused before any route; {@link DecoderRefusals} makes those
 * answers the same through {@link #refuse}.
 *
 * <p>The request line is checked here rather than by the decoder so that the answer can follow the request's path: an
 * over-long line that the decoder refuses has not been read, so its path is unknown. The decoder is given
 * {@value #LINE_CEILING}× the configured length as its hard ceiling; only a line beyond that is refused while decoding
 * (problem+json: there is no path to choose by).
 */
@Singleton
public class HttpEdge implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    /** The decoder's hard limit on the request line is this many times the configured one. */
    static final int LINE_CEILING = 4;

    private final Optional<MemorySize> maxBody;
    private final int maxLine;
    private final ObjectMapper mapper;
    private final Instance<RefusalFormat> formats;

    public HttpEdge(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody,
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxLine,
            ObjectMapper mapper,
            Instance<RefusalFormat> formats) {
        this.maxBody = maxBody;
        this.maxLine = maxLine;
        this.mapper = mapper;
        this.formats = formats;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        raiseLineCeiling(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        raiseLineCeiling(options);
    }

    private void raiseLineCeiling(HttpServerOptions options) {
        options.setMaxInitialLineLength((int) Math.max(
                options.getMaxInitialLineLength(), Math.min(Integer.MAX_VALUE, (long) maxLine * LINE_CEILING)));
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::limits);
    }

    private void limits(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (lineLength(req) > maxLine) {
            refuse(req, pathOf(req), 414, "uri-too-long", null); // never echo an over-long URI
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

    /** Whether the request's URI is one ({@link URI}'s syntax, as Quarkus checks it): false for null. */
    static boolean validUri(String uri) {
        if (uri == null) {
            return false;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The path as the router matches it (dot segments and doubled slashes resolved), or as sent when it cannot be
     * normalised (broken percent-encoding); null when there is none. A request line Vert.x could not read has Netty's
     * placeholder {@code /bad-request}, which no format covers.
     */
    static String pathOf(HttpServerRequest req) {
        String path;
        try {
            path = req.path();
        } catch (RuntimeException e) {
            return null;
        }
        if (path == null) {
            return null;
        }
        try {
            return HttpUtils.normalizePath(path);
        } catch (RuntimeException e) {
            return path;
        }
    }

    /** Writes a problem+json answer outside JAX-RS, same shape and texts as {@link ProblemMappers}, and closes. */
    public void refuse(RoutingContext ctx, int status, String code) {
        refuse(ctx.request(), pathOf(ctx.request()), status, code, ctx.request().path());
    }

    /**
     * The same, for a request refused before or outside routing: {@code path} chooses the format (a
     * {@link RefusalFormat} that covers it, else problem+json) and may be null; {@code instance} is the problem's
     * instance and may be null.
     */
    void refuse(HttpServerRequest req, String path, int status, String code, String instance) {
        RefusalFormat.Answer answer = path == null ? null : formatted(path, status, code);
        String language = null;
        boolean en = false;
        String body;
        if (answer == null) {
            try {
                language = req.getHeader("Accept-Language");
            } catch (RuntimeException e) {
                language = null; // headers of an undecodable request may be incomplete
            }
            en = english(language);
            Problem p = ProblemMappers.problem(en, status, code, instance, List.of(), Map.of());
            try {
                body = mapper.writeValueAsString(p);
            } catch (JsonProcessingException e) {
                body = "{\"type\":\"" + p.type() + "\",\"status\":" + status + "}";
            }
            answer = new RefusalFormat.Answer(status, Problem.MEDIA_TYPE, body);
        }
        LOG.debugf("HTTP layer refused %s %s: %d %s", req.method(), instance, status, code);
        var response = req.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType());
        if (Problem.MEDIA_TYPE.equals(answer.contentType())) {
            response.putHeader("Content-Language", en ? "en" : "zh-CN");
        }
        // the body (or the rest of the request) was not read: the connection cannot be reused
        response.putHeader("Connection", "close").end(answer.body());
    }

    /** The answer of the first format that covers the path, or null (problem+json). */
    private RefusalFormat.Answer formatted(String path, int status, String code) {
        for (RefusalFormat f : formats) {
            try {
                if (f.covers(path)) {
                    return f.answer(path, status, code);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Refusal format %s failed for %s; answering problem+json", f.getClass(), path);
                return null;
            }
        }
        return null;
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
