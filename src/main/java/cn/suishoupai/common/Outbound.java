package cn.suishoupai.common;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Outbound HTTP calls (WeChat, WeCom, the SMS gateway, the webhook, Open311 media, object storage) as
 * OpenTelemetry client spans named {@code <system> <METHOD>}, with the method, host, port, path (never the query:
 * it carries keys and tokens) and status. No trace header is sent to these third parties. Static, so the senders
 * that tests build by hand need no tracer; the application's tracer is installed at start ({@link Install}), the
 * no-op tracer serves until then.
 */
public final class Outbound {

    private static volatile Tracer tracer = OpenTelemetry.noop().getTracer("suishoupai");

    private Outbound() {}

    /** {@code http.send(request, handler)} inside a client span named after {@code system}. */
    public static <T> HttpResponse<T> send(
            String system, HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Span span = start(system, request.method(), request.uri());
        try (Scope ignored = span.makeCurrent()) {
            HttpResponse<T> response = http.send(request, handler);
            status(span, response.statusCode());
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A client span for a call another library makes; the caller ends it. */
    public static Span start(String system, String method, URI uri) {
        return tracer.spanBuilder(system + " " + method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("peer.service", system)
                .setAttribute("http.request.method", method)
                .setAttribute("server.address", uri.getHost() == null ? "" : uri.getHost())
                .setAttribute("server.port", (long) uri.getPort())
                .setAttribute("url.path", uri.getPath() == null ? "" : uri.getPath())
                .startSpan();
    }

    public static void status(Span span, int status) {
        span.setAttribute("http.response.status_code", (long) status);
        if (status >= 400) {
            span.setStatus(StatusCode.ERROR, "HTTP " + status);
        }
    }

    public static void failed(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    }

    /** Hands the application's tracer to {@link Outbound} at start. */
    @Singleton
    @Startup
    static class Install {
        Install(Tracer applicationTracer) {
            tracer = applicationTracer;
        }
    }
}
