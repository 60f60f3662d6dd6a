package cn.suishoupai.open311;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before the facade runs (common.HttpEdge and common.DecoderRefusals: a body over the size
 * limit, a request line too long, a URI that is not one, headers too large, bytes Vert.x cannot decode) is GeoReport v2's errors list under /open311/v2 too: JSON for a .json path, XML otherwise, status 400
 * with the original status and problem code in the description, the connection closed, nothing stored. The same
 * refusals elsewhere stay problem+json. Sent over a raw socket: no HTTP client sends these.
 */
@QuarkusTest
class Open311EdgeTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    Town town;
    String key;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        key = Open311Test.issueKey(admin, Fixtures.unique("edge"), List.of(town.township.code), 600, false)
                .getString("key");
    }

    /** A form that files a request when sent as it is (the control case proves it). */
    String form(int cell) {
        double[] at = town.centre('A', cell / 2, cell % 2);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("service_code", town.fire.code);
        f.put("lat", String.valueOf(at[0]));
        f.put("long", String.valueOf(at[1]));
        f.put("description", "消防通道堵塞");
        return f.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String post(String path, String extraHeaders, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void aWellFormedRequestOverTheSameSocketIsFiled() throws Exception {
        long before = reports();
        Answer a = send(post("/open311/v2/requests.json", "", form(0)));
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        assertThat(Open311Schemas.json("request_created", a.body())).isEmpty();
        assertThat(reports()).isEqualTo(before + 1);
    }

    @Test
    void aBodyOverTheSizeLimitIsAnErrorsListInThePathsFormat() throws Exception {
        long before = reports();
        String head = "POST /open311/v2/requests%s HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 209715200\r\nConnection: close"
                + "\r\n\r\n";
        String start = form(1);
        assertErrors(send(String.format(head, ".json") + start), "json", "payload-too-large (HTTP 413)");
        assertErrors(send(String.format(head, ".xml") + start), "xml", "payload-too-large (HTTP 413)");
        // no suffix, or one the spec does not know: XML, the spec's default
        assertErrors(send(String.format(head, "") + start), "xml", "payload-too-large (HTTP 413)");
        assertErrors(send(String.format(head, ".yaml") + start), "xml", "payload-too-large (HTTP 413)");
        assertThat(reports()).isEqualTo(before);
    }

    @Test
    void aRequestLineOverTheLimitIsAnErrorsListAndNotEchoed() throws Exception {
        String ids = "1234567890,".repeat(450) + "1";
        for (String f : List.of("json", "xml")) {
            Answer a = send("GET /open311/v2/requests." + f + "?service_request_id=" + ids
                    + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertErrors(a, f, "uri-too-long (HTTP 414)");
            assertThat(a.body()).doesNotContain("1234567890");
        }
        // beyond the decoder's ceiling (4 × the limit) the request line was never read: no path, problem+json
        Answer unread = send("GET /open311/v2/requests.json?service_request_id=" + "1,".repeat(8_200)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(unread.status()).isEqualTo(414);
        assertThat(unread.headers().get("content-type")).startsWith("application/problem+json");
    }

    @Test
    void headersVertxCannotDecodeAreAnErrorsListWithNothingFiled() throws Exception {
        long before = reports();
        // headers larger than max-header-size
        assertErrors(
                send(post("/open311/v2/requests.xml", "X-Big: " + "b".repeat(25_000) + "\r\n", form(2))),
                "xml",
                "headers-too-large (HTTP 431)");
        // a NUL byte in a header value; a header line without a colon
        assertErrors(
                send(post("/open311/v2/requests.json", "X-A: a\u0000b\r\n", form(2))),
                "json",
                "bad-request (HTTP 400)");
        assertErrors(send(post("/open311/v2/requests.json", "nocolon\r\n", form(2))), "json", "bad-request (HTTP 400)");
        // two Content-Length values (request smuggling): refused, the form is not filed
        String body = form(2);
        assertErrors(
                send("POST /open311/v2/requests.xml HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                        + "\r\nContent-Length: " + (body.length() - 1) + "\r\nConnection: close\r\n\r\n" + body),
                "xml",
                "bad-request (HTTP 400)");
        // GET with undecodable headers, a read
        assertErrors(
                send("GET /open311/v2/services.json HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\n"
                        + "Connection: close\r\n\r\n"),
                "json",
                "bad-request (HTTP 400)");
        assertThat(reports()).isEqualTo(before);
    }

    @Test
    void aUriThatIsNotOneIsAnErrorsList() throws Exception {
        long before = reports();
        assertErrors(
                send("GET /open311/v2/requests/%ZZ.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                "json",
                "invalid-parameter (HTTP 400)");
        assertErrors(
                send("GET /open311/v2/requests.xml?status=open%2 HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                        + "\r\n\r\n"),
                "xml",
                "invalid-parameter (HTTP 400)");
        assertErrors(send(post("/open311/v2/requests.json?x=%G1", "", form(3))), "json", "invalid-parameter");
        // a character a URI may not hold
        assertErrors(
                send("GET /open311/v2/requests.json?service_code=a|b HTTP/1.1\r\nHost: localhost\r\nConnection: "
                        + "close\r\n\r\n"),
                "json",
                "invalid-parameter (HTTP 400)");
        assertThat(reports()).isEqualTo(before);
    }

    @Test
    void theSameRefusalsOutsideTheFacadeStayProblemJson() throws Exception {
        for (String path : List.of("/open311/v20/requests.json", "/open311/requests.json", "/api/v1/reports.json")) {
            Answer a = send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/x-www-form-urlencoded\r\nContent-Length: 209715200\r\nConnection: close\r\n\r\n");
            assertThat(a.status()).as(a.raw()).isEqualTo(413);
            assertThat(a.headers().get("content-type")).startsWith("application/problem+json");
        }
        // the path as the router resolves it decides: /open311/v2/../x is /open311/x, /open311//v2 is /open311/v2
        String tooLarge = " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 209715200\r\nConnection: close\r\n\r\n";
        Answer out = send("POST /open311/v2/../requests.json" + tooLarge);
        assertThat(out.status()).isEqualTo(413);
        assertThat(out.headers().get("content-type")).startsWith("application/problem+json");
        assertErrors(send("POST /open311//v2/requests.json" + tooLarge), "json", "payload-too-large (HTTP 413)");
    }

    // ---------------------------------------------------------------- support

    void assertErrors(Answer a, String format, String description) throws Exception {
        assertThat(a.status()).as(a.raw()).isEqualTo(400);
        assertThat(a.headers().get("content-type"))
                .as(a.raw())
                .startsWith(format.equals("xml") ? "text/xml" : "application/json")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(a.headers().get("connection")).isEqualToIgnoringCase("close");
        List<String> violations =
                format.equals("xml") ? Open311Schemas.xml("errors", a.body()) : Open311Schemas.json("errors", a.body());
        assertThat(violations).as(a.body()).isEmpty();
        if (format.equals("json")) {
            var errors = new ObjectMapper().readTree(a.body());
            assertThat(errors.get(0).path("code").asInt()).isEqualTo(400);
            assertThat(errors.get(0).path("description").asText()).contains(description);
        } else {
            assertThat(a.body()).contains("<code>400</code>").contains(description);
        }
        assertThat(a.body())
                .doesNotContain("Exception")
                .doesNotContain("cn.suishoupai")
                .doesNotContain("api_key");
    }

    long reports() throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from report")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Answer(String raw, int status, Map<String, String> headers, String body) {}

    /**
     * Sends the request as ISO-8859-1 bytes (UTF-8 for the body's text), reads the answer (until its Content-Length is
     * complete: a server that refused a body it did not read may keep the connection until its idle timeout).
     */
    static Answer send(String request) throws Exception {
        int split = request.indexOf("\r\n\r\n") + 4;
        byte[] head = request.substring(0, split).getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = request.substring(split).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(20_000);
            try {
                s.getOutputStream().write(head);
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
            } catch (SocketException e) {
                // the server may answer and close before it read everything
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while (!complete(out.toByteArray()) && (n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // reset after the answer
            }
        }
        String raw = out.toString(StandardCharsets.UTF_8);
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("no complete answer: [%s]", raw).isPositive();
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        return new Answer(raw, Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
    }

    private static boolean complete(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : s.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return bytes.length - (end + 4)
                        >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }
}
