package cn.suishoupai.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The tests' span exporter: keeps the last few thousand exported spans in memory (the in-memory exporter of the
 * tracing tests, bounded because every @QuarkusTest shares it). Only requests that send a sampled traceparent are
 * recorded in the test profile, so these are the tracing tests' own spans.
 */
@Singleton
public class RecentSpans implements SpanExporter {

    private static final int KEEP = 5000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        for (SpanData s : batch) {
            spans.addLast(s);
            if (spans.size() > KEEP) {
                spans.removeFirst();
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    public synchronized List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
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
