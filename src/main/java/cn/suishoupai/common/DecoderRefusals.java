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
 * header value, two Content-Lengths, a request line or header block over the configured limits —
 * never reach a route: Vert.x hands them to its {@code HttpServer#invalidRequestHandler}, which
 * answers an empty 400/414/431. Quarkus creates and starts the server itself and offers no way to
 * set that handler, so it is set per connection instead: Vert.x tells its tracer about every
 * request it begins — the undecodable ones included — <em>before</em> it picks the handler, and
 * the connection's invalid-request handler can still be replaced at that moment. The tracer does
 * nothing else (and delegates to any tracer an extension installed, e.g. OpenTelemetry's).
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

    /** Answers an undecodable request with problem+json (414, 431 or 400) and closes the connection. */
    static final Handler<HttpServerRequest> REFUSE = req -> {
        DecoderResult result = req.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = cause instanceof TooLongHttpLineException
                ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String code = status == 414 ? "uri-too-long" : status == 431 ? "headers-too-large" : "bad-request";
        HttpEdge edge = Arc.container() == null
                ? null
                : Arc.container().instance(HttpEdge.class).get();
        if (edge == null) {
            req.response()
                    .setStatusCode(status)
                    .putHeader("Connection", "close")
                    .end();
        } else {
            edge.refuse(req, status, code, null); // what Vert.x could not decode is not echoed
        }
        req.response().close();
    };

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
            if (request instanceof HttpServerRequest req
                    && req.decoderResult() != null
                    && !req.decoderResult().isSuccess()
                    && req.connection() instanceof HttpServerConnection conn) {
                conn.invalidRequestHandler(REFUSE);
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
