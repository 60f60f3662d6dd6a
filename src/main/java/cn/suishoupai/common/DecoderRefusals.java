package cn.suishoupai.common;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Requests that Vert.x cannot decode — no HTTP version, bytes that are not a header, a NUL in a
 * header value, two Content-Lengths, a header block over the configured limit, a request line over
 * the decoder's ceiling ({@link HttpEdge} refuses one over the configured limit itself) —
 * never reach a route: Vert.x hands them to its {@code HttpServer#invalidRequestHandler}, which
 * answers an empty 400/414/431. Quarkus creates and starts the server itself and offers no way to
 * set that handler, so it is set per connection instead: Vert.x tells its tracer about every
 * request it begins — the undecodable ones included — <em>before</em> it picks the handler, and
 * the connection's invalid-request handler can still be replaced at that moment. The same moment
 * serves a request whose URI is not one (a {@code %} without two hex digits, a {@code |}): Quarkus's
 * request handler would answer it an empty 400, so the (HTTP/1.x) connection's request handler is
 * replaced for it. The tracer does nothing else (and delegates to any tracer an extension installed,
 * e.g. OpenTelemetry's). When the request line was read, its path chooses the answer's format as for
 * {@link HttpEdge}'s own refusals.
 */
@Singleton
public class DecoderRefusals implements VertxOptionsCustomizer {

    @Override
    public void accept(VertxOptions options) {
        TracingOptions existing = options.getTracingOptions();
        VertxTracerFactory delegate = existing == null ? null : existing.getFactory();
        TracingOptions tracing = existing == null ? new TracingOptions() : existing.copy();
        tracing.setFactory(o -> new Tracer(delegate == null ? VertxTracer.NOOP : delegate.tracer(o)));
        options.setTracingOptions(tracing);
    }

    /**
     * Answers an undecodable request with problem+json (414, 431 or 400), or in the format of a {@link RefusalFormat}
     * that covers its path, and closes the connection.
     */
    static final Handler<HttpServerRequest> REFUSE = req -> {
        DecoderResult result = req.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = cause instanceof TooLongHttpLineException
                ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        refuse(req, status, status == 414 ? "uri-too-long" : status == 431 ? "headers-too-large" : "bad-request");
    };

    /**
     * Answers a request whose URI is not one ({@link HttpEdge#validUri}: broken percent-encoding, a character a URI
     * may not hold) with 400 {@code invalid-parameter}, and closes the connection. Quarkus's own request handler makes
     * the same check and answers an empty 400.
     */
    static final Handler<HttpServerRequest> REFUSE_URI = req -> refuse(req, 400, "invalid-parameter");

    private static void refuse(HttpServerRequest req, int status, String code) {
        HttpEdge edge = Arc.container() == null
                ? null
                : Arc.container().instance(HttpEdge.class).get();
        if (edge == null) {
            req.response()
                    .setStatusCode(status)
                    .putHeader("Connection", "close")
                    .end();
        } else {
            // the path (when the request line was read) chooses the format; what was refused is not echoed
            edge.refuse(req, HttpEdge.pathOf(req), status, code, null);
        }
        req.response().close();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class Tracer implements VertxTracer<Object, Object> {
        private final VertxTracer delegate;

        Tracer(VertxTracer delegate) {
            this.delegate = delegate;
        }

        @Override
        public <R> Object receiveRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                Iterable<Map.Entry<String, String>> headers,
                TagExtractor<R> tagExtractor) {
            if (request instanceof HttpServerRequest req && req.connection() instanceof HttpServerConnection conn) {
                if (req.decoderResult() != null && !req.decoderResult().isSuccess()) {
                    conn.invalidRequestHandler(REFUSE);
                } else if (conn instanceof Http1xServerConnection && !HttpEdge.validUri(req.uri())) {
                    // this request goes to REFUSE_URI instead of Quarkus's handler; it closes the connection, so no
                    // later request on it needs the handler it replaces (HTTP/2 streams share theirs: left alone)
                    conn.handler(REFUSE_URI);
                }
            }
            return delegate.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void sendResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            delegate.sendResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public <R> Object sendRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                BiConsumer<String, String> headers,
                TagExtractor<R> tagExtractor) {
            return delegate.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void receiveResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            delegate.receiveResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
