package cn.suishoupai.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.RecentSpans;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry through the HTTP API: a request that carries a sampled traceparent produces a server span with its
 * route, a JDBC span and a client span for the outbound WeChat call, all in the caller's trace (exported to the
 * tests' in-memory {@link RecentSpans}); a line logged during it, in the production JSON format, carries the trace
 * and span ids.
 */
@QuarkusTest
class TracingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RecentSpans exported;

    @Test
    void aRequestIsOneTraceWithItsRouteItsStatementsAndItsOutboundCall() throws Exception {
        String traceId = hex(16);
        given().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType(ContentType.JSON)
                .body("{\"code\":\"ok-oTrace" + System.nanoTime() + "\"}")
                .post("/api/v1/auth/wechat")
                .then()
                .statusCode(200);

        List<SpanData> spans = awaitSpans(traceId, s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER));
        SpanData server = spans.stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElseThrow();
        assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route")))
                .isEqualTo("/api/v1/auth/wechat");
        assertThat(server.getName()).isEqualTo("POST /api/v1/auth/wechat");
        assertThat(spans)
                .as("the outbound WeChat call")
                .anySatisfy(s -> {
                    assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
                    assertThat(s.getName()).isEqualTo("wechat GET");
                    assertThat(s.getAttributes().get(AttributeKey.stringKey("url.path")))
                            .isEqualTo("/sns/jscode2session");
                    assertThat(s.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                            .isEqualTo(200L);
                })
                .as("a JDBC statement")
                .anySatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.stringKey("db.system")))
                        .isEqualTo("postgresql"));
    }

    @Test
    void aLineLoggedDuringARequestCarriesItsTraceAndSpanIdsInJson() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        var json = JsonLogs.formatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(json.format(ExtLogRecord.wrap(record)));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = LogContext.getLogContext().getLogger("cn.suishoupai.identity.WechatClient");
        logger.addHandler(capture);
        String traceId = hex(16);
        try {
            // the stub answers 40029 to this code, which WechatClient logs at INFO
            given().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                    .contentType(ContentType.JSON)
                    .body("{\"code\":\"garbage\"}")
                    .post("/api/v1/auth/wechat")
                    .then()
                    .statusCode(401);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(lines).isNotEmpty();
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(line.path("message").asText()).contains("errcode=40029");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}");
        assertThat(line.path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("spanId").asText())
                .isEqualTo(line.path("mdc").path("spanId").asText());
        assertThat(line.path("timestamp").asText()).endsWith("Z");
        // the span id is one of the trace's spans
        List<SpanData> spans = awaitSpans(
                traceId,
                s -> s.stream()
                        .anyMatch(x -> x.getSpanId()
                                .equals(line.path("mdc").path("spanId").asText())));
        assertThat(spans).isNotEmpty();
    }

    private List<SpanData> awaitSpans(String traceId, java.util.function.Predicate<List<SpanData>> done)
            throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        List<SpanData> spans = exported.ofTrace(traceId);
        while (!done.test(spans) && System.nanoTime() < until) {
            Thread.sleep(50);
            spans = exported.ofTrace(traceId);
        }
        return spans;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        b[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(b);
    }
}
