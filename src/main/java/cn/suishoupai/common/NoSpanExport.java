package cn.suishoupai.common;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Tracing's exporter is off unless configured: while {@code suishoupai.tracing.exporter} is {@code none} (the
 * default) this bean is the exporter, and it drops every span, so the OTLP exporter is not even installed (Quarkus
 * installs it only when no other exporter bean can be looked up). Spans still exist, so logs carry trace and span
 * ids and the {@code traceparent} header is honoured. {@code suishoupai.tracing.exporter=otlp} hides this bean and
 * the OTLP exporter sends to {@code quarkus.otel.exporter.otlp.traces.endpoint}. See docs/OPERATIONS.md.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "suishoupai.tracing.exporter", stringValue = "none", lookupIfMissing = true)
public class NoSpanExport implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
