package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, the HTTP edge: a malformed multipart body is a 400 {@code malformed-multipart} on every
 * multipart endpoint, and what the HTTP layer itself refuses (a URI that is not one; body, request line or headers too
 * large) is problem+json too; nothing is stored. Requests are sent over a raw socket because no HTTP
 * client sends broken bodies.
 */
@QuarkusTest
class HttpEdgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectStorage storage;

    static String resident;
    static String unit;
    static String finance;

    @BeforeEach
    void tokens() {
        if (resident == null) {
            resident = fixtures.tokenFor(fixtures.resident().id);
            unit = Fixtures.token(fixtures.staff(Set.of("unit"), fixtures.unit(fixtures.township().id).id, Set.of()));
            finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of()));
        }
    }

    // ---------------------------------------------------------------- malformed multipart

    static final String B = "----edge7MA4YWxkTrZu0gW";

    record Body(String name, String contentType, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Body> malformed() {
        String field = "--" + B + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n已整改\r\n";
        String file = "--" + B + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\u00e0JFIF";
        return List.of(
                new Body("boundary parameter missing", "multipart/form-data", field + "--" + B + "--\r\n"),
                new Body(
                        "boundary never appears",
                        "multipart/form-data; boundary=" + B,
                        "just some bytes, no delimiter at all\r\n"),
                new Body("closing delimiter missing (truncated)", "multipart/form-data; boundary=" + B, field + file),
                new Body(
                        "garbage bytes",
                        "multipart/form-data; boundary=" + B,
                        "\u0001\u0002\u00ff\u00fe--" + B + "\u0000\u0000garbage"),
                new Body(
                        "part without Content-Disposition",
                        "multipart/form-data; boundary=" + B,
                        "--" + B + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + B + "--\r\n"),
                new Body(
                        "a part without a name",
                        "multipart/form-data; boundary=" + B,
                        "--" + B + "\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--" + B + "--\r\n"),
                new Body("no part at all", "multipart/form-data; boundary=" + B, "--" + B + "--\r\n"),
                new Body("empty boundary", "multipart/form-data; boundary=", field + "--" + B + "--\r\n"));
    }

    record Endpoint(String name, String path, Supplier<String> token) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> multipartCases() {
        List<Endpoint> endpoints = List.of(
                new Endpoint("report intake", "/api/v1/reports", () -> resident),
                new Endpoint("rectification", "/api/v1/tickets/999999999/actions/submit-rectification", () -> unit),
                new Endpoint("payout result file", "/api/v1/payout-batches/999999999/results/file", () -> finance));
        return endpoints.stream().flatMap(e -> malformed().stream().map(b -> Arguments.of(e, b)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("multipartCases")
    void aMalformedMultipartBodyIs400ProblemJson(Endpoint endpoint, Body body) throws Exception {
        Snapshot before = snapshot();
        byte[] bytes = body.body().getBytes(StandardCharsets.ISO_8859_1);
        String head = "POST " + endpoint.path() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + endpoint.token().get()
                + "\r\nAccept-Language: en\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                + bytes.length
                + "\r\nConnection: close\r\n\r\n";
        Answer a = send(concat(head.getBytes(StandardCharsets.ISO_8859_1), bytes));
        assertProblem(a, 400, "malformed-multipart");
        assertThat(a.json().path("title").asText()).isEqualTo("Malformed form data");
        assertThat(a.json().path("instance").asText()).isEqualTo(endpoint.path());
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- refused by the HTTP layer

    record Raw(String name, int status, String code, Supplier<byte[]> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Raw> httpLayerCases() {
        return Stream.of(
                new Raw(
                        "request line longer than max-initial-line-length",
                        414,
                        "uri-too-long",
                        () -> ascii("GET /api/v1/regions?q=" + "a".repeat(5_000)
                                + " HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "path longer than max-initial-line-length",
                        414,
                        "uri-too-long",
                        () -> ascii("GET /" + "p".repeat(4_100)
                                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "one header larger than max-header-size",
                        431,
                        "headers-too-large",
                        () -> ascii("GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(25_000)
                                + "\r\nConnection: close\r\n\r\n")),
                new Raw("many headers larger than max-header-size together", 431, "headers-too-large", () -> {
                    StringBuilder sb = new StringBuilder("GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\n");
                    for (int i = 0; i < 300; i++) {
                        sb.append("X-H")
                                .append(i)
                                .append(": ")
                                .append("h".repeat(90))
                                .append("\r\n");
                    }
                    return ascii(sb.append("Connection: close\r\n\r\n").toString());
                }),
                new Raw(
                        "a path whose percent-encoding is broken",
                        400,
                        "invalid-parameter",
                        () -> ascii(
                                "GET /api/v1/regions/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "a query whose percent-encoding is cut short",
                        400,
                        "invalid-parameter",
                        () -> ascii(
                                "GET /api/v1/regions?q=%E4%B HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "a character a URI may not hold",
                        400,
                        "invalid-parameter",
                        () -> ascii(
                                "GET /api/v1/regions?q=a|b{c} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "Content-Length above max-body-size",
                        413,
                        "payload-too-large",
                        () -> ascii("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + resident + "\r\nContent-Type: multipart/form-data; boundary=" + B
                                + "\r\nContent-Length: 209715200\r\nConnection: close\r\n\r\n--" + B)),
                new Raw(
                        "Content-Length above max-body-size, no token",
                        413,
                        "payload-too-large",
                        () -> ascii(
                                "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                                        + B + "\r\nContent-Length: 209715200\r\nConnection: close\r\n\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpLayerCases")
    void whatTheHttpLayerRefusesIsProblemJson(Raw raw) throws Exception {
        Snapshot before = snapshot();
        Answer a = send(raw.request().get());
        assertProblem(a, raw.status(), raw.code());
        // an over-long or undecodable URI is not echoed
        assertThat(a.body())
                .doesNotContain("aaaa")
                .doesNotContain("pppp")
                .doesNotContain("%ZZ")
                .doesNotContain("%B");
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * Refused while decoding, on the connection, before any route ({@link DecoderRefusals}): still
     * problem+json, the connection closed, nothing changed, and nothing of the request echoed.
     */
    static Stream<Raw> connectionLevel() {
        return Stream.of(
                new Raw("request line without version", 400, "bad-request", () -> ascii("GET /api/v1/regions\r\n\r\n")),
                new Raw("garbage request line", 400, "bad-request", () -> ascii("\u0001\u0002 GARBAGE \u00ff\r\n\r\n")),
                new Raw(
                        "space in a header name",
                        400,
                        "bad-request",
                        () -> ascii(
                                "GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "NUL byte in a header value",
                        400,
                        "bad-request",
                        () -> ascii(
                                "GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "NUL byte in a header value, English asked for",
                        400,
                        "bad-request",
                        () -> ascii(
                                "GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "two Content-Length values",
                        400,
                        "bad-request",
                        () -> ascii(
                                "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd")),
                new Raw(
                        "a header line without a colon",
                        400,
                        "bad-request",
                        () -> ascii(
                                "GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nnocolon\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "request line far beyond the limit",
                        414,
                        "uri-too-long",
                        () -> ascii("GET /api/v1/regions?q=" + "a".repeat(4 * 4096 + 10)
                                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
                new Raw(
                        "one header far beyond the limit",
                        431,
                        "headers-too-large",
                        () -> ascii("GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                                + "b".repeat(4 * 20 * 1024 + 10) + "\r\nConnection: close\r\n\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionLevel")
    void whatVertxRefusesWhileDecodingIsProblemJsonToo(Raw raw) throws Exception {
        Snapshot before = snapshot();
        Answer a = send(raw.request().get());
        assertProblem(a, raw.status(), raw.code());
        assertThat(a.headers().get("connection")).isEqualToIgnoringCase("close");
        assertThat(a.body()).doesNotContain("GARBAGE").doesNotContain("aaaa").doesNotContain("/api/v1/regions");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** A chunk size that is not hex arrives after the request was routed: the connection is closed, nothing stored, no 500. */
    @org.junit.jupiter.api.Test
    void aBadChunkSizeClosesTheConnectionWithoutA500() throws Exception {
        Snapshot before = snapshot();
        byte[] req = ascii("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + resident
                + "\r\nContent-Type: multipart/form-data; boundary=" + B
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        String answer = sendRaw(req);
        assertThat(answer).doesNotContain(" 500 ");
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 4");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** English on request, like every other problem. */
    @org.junit.jupiter.api.Test
    void httpLayerProblemsAreLocalised() throws Exception {
        String req =
                "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Length: 209715200\r\n%sConnection: close\r\n\r\n";
        Answer en = send(ascii(String.format(req, "Accept-Language: en-GB,zh;q=0.5\r\n")));
        assertProblem(en, 413, "payload-too-large");
        assertThat(en.headers().get("content-language")).isEqualTo("en");
        assertThat(en.json().path("title").asText()).isEqualTo(Messages.get(true, "payload-too-large.title"));
        Answer zh = send(ascii(String.format(req, "")));
        assertThat(zh.headers().get("content-language")).isEqualTo("zh-CN");
        assertThat(zh.json().path("title").asText()).isEqualTo(Messages.get(false, "payload-too-large.title"));
        assertThat(zh.json().path("instance").asText()).isEqualTo("/api/v1/reports");
    }

    // ---------------------------------------------------------------- support

    record Snapshot(Map<String, Long> rows, long objects) {}

    private Snapshot snapshot() throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String t :
                    List.of("report", "photo", "upload_intent", "ticket_event", "payout_line", "idempotency_record")) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + t)) {
                    rs.next();
                    m.put(t, rs.getLong(1));
                }
            }
        }
        return new Snapshot(m, storage.list("").size());
    }

    record Answer(String raw, int status, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    static void assertProblem(Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.raw()).isEqualTo(status);
        assertThat(a.headers().get("content-type")).as(a.raw()).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.path("type").asText()).as(a.raw()).isEqualTo("https://suishoupai.cn/problems/" + code);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("cn.suishoupai");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Sends the bytes, reads until the server closes (or a complete Content-Length body arrived). */
    static Answer send(byte[] request) throws Exception {
        String raw = sendRaw(request);
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("no complete answer: [%s]", raw).isPositive();
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        return new Answer(raw, status, headers, raw.substring(end + 4));
    }

    static String sendRaw(byte[] request) throws Exception {
        int port = io.restassured.RestAssured.port;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (SocketException e) {
                // the server may answer and close before it read everything we sent
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    if (complete(out.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketException e) {
                // connection reset after the answer
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : s.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int len = Integer.parseInt(line.substring(15).trim());
                return bytes.length - (s.substring(0, end + 4).getBytes(StandardCharsets.UTF_8).length) >= len;
            }
        }
        return false;
    }
}
