package cn.suishoupai.open311;

import static cn.suishoupai.open311.Open311Test.post;
import static cn.suishoupai.open311.Open311Test.valid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecentSpans;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestCertificates;
import cn.suishoupai.support.TestInfra;
import cn.suishoupai.support.Town;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * media_url against DNS rebinding: the host is resolved once (through a stand-in resolver that answers what each test
 * says, a different answer on each call), every address is checked, and the connection goes to the checked address
 * with the URL's host in the Host header. One case waits for the connect timeout of the test profile (1 s). And over
 * https: local servers with self-signed certificates made in the test run (support.TestCertificates), one of them
 * trusted through {@code suishoupai.open311.media.trusted-certificates} (set by TestInfra), the other trusted by
 * nobody; the certificate must also name the URL's host. Each fetch is a client span (common.Outbound) in the caller's
 * trace, and no trace header reaches the partner's server.
 */
@QuarkusTest
class Open311MediaTest {

    static final byte[] JPEG = Reports.photo(30, 120, Instant.now(), 4711);
    static HttpServer photos;
    static final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    static final List<String> traceHeaders = new CopyOnWriteArrayList<>();
    /** https with the certificate the test profile trusts (TestInfra), and with one nobody trusts. */
    static HttpsServer trusted;

    static HttpsServer untrusted;
    static final List<String> httpsHosts = new CopyOnWriteArrayList<>();

    @ConfigProperty(name = "suishoupai.open311.media.trusted-certificates")
    List<String> trustedCertificates;

    /**
     * DNS as the test says: each call answers the next of the host's answers (the last one again when spent). Vetoed:
     * it inherits MediaResolver's scope and must not become a second bean of that type.
     */
    @Vetoed
    static class ScriptedResolver extends MediaResolver {
        final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        void answer(String host, List<String> first, List<String> later) throws UnknownHostException {
            Deque<List<InetAddress>> d = new ArrayDeque<>();
            d.add(addresses(first));
            d.add(addresses(later));
            answers.put(host, d);
        }

        static List<InetAddress> addresses(List<String> literals) throws UnknownHostException {
            List<InetAddress> out = new ArrayList<>();
            for (String l : literals) {
                out.add(InetAddress.getByName(l));
            }
            return out;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            calls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            Deque<List<InetAddress>> d = answers.get(host);
            if (d == null) {
                return super.resolve(host);
            }
            return d.size() > 1 ? d.poll() : d.peek();
        }

        int calls(String host) {
            return calls.getOrDefault(host, new AtomicInteger()).get();
        }
    }

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    @Inject
    RecentSpans exported;

    Town town;
    String key;
    ScriptedResolver dns;

    @BeforeAll
    static void photoServer() throws Exception {
        photos = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        photos.createContext("/photo.jpg", x -> {
            hostHeaders.add(x.getRequestHeaders().getFirst("Host"));
            traceHeaders.add(String.valueOf(x.getRequestHeaders().getFirst("traceparent")));
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, JPEG.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(JPEG);
            }
        });
        photos.start();
    }

    @AfterAll
    static void stopPhotoServer() {
        photos.stop(0);
        for (HttpsServer s : new HttpsServer[] {trusted, untrusted}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    /** A local https photo server presenting this certificate; every request's Host header is recorded. */
    static HttpsServer httpsPhotos(TestCertificates.Issued cert) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        server.createContext("/photo.jpg", x -> {
            httpsHosts.add(x.getRequestHeaders().getFirst("Host"));
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, JPEG.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(JPEG);
            }
        });
        server.start();
        return server;
    }

    void httpsServers() throws Exception {
        if (trusted == null) {
            trusted = httpsPhotos(TestInfra.mediaServerCertificate(trustedCertificates.get(0)));
            // self-signed for the same name, made here: in no trust store and not in the setting
            untrusted = httpsPhotos(TestCertificates.selfSigned(List.of("localhost")));
        }
        httpsHosts.clear();
    }

    static String https(String host, HttpsServer server) {
        return "https://" + host + ":" + server.getAddress().getPort() + "/photo.jpg";
    }

    long reportsOfTown() throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from report where township_id = ?")) {
            ps.setLong(1, town.township.id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long photosOf(String reportId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from photo where report_id = ?")) {
            ps.setLong(1, Long.parseLong(reportId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        key = Open311Test.issueKey(admin, Fixtures.unique("media"), List.of(town.township.code), 600, false)
                .getString("key");
        dns = new ScriptedResolver();
        QuarkusMock.installMockForType(dns, MediaResolver.class);
        hostHeaders.clear();
    }

    Map<String, String> form(String mediaUrl, int cell) {
        double[] at = town.centre('A', cell / 2, cell % 2);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("service_code", town.fire.code);
        f.put("lat", String.valueOf(at[0]));
        f.put("long", String.valueOf(at[1]));
        f.put("media_url", mediaUrl);
        return f;
    }

    String url(String host) {
        return "http://" + host + ":" + photos.getAddress().getPort() + "/photo.jpg";
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedUnlessAllowed() throws Exception {
        dns.answer("photos.evil.test", List.of("127.0.0.1"), List.of("127.0.0.1"));
        assertThat(valid(post("json", form(url("photos.evil.test"), 0)), 400, "json", "errors"))
                .contains("not a public address");
        // one private address among public ones is enough to refuse
        dns.answer("mixed.evil.test", List.of("8.8.8.8", "127.0.0.1"), List.of("8.8.8.8"));
        assertThat(valid(post("xml", form(url("mixed.evil.test"), 0)), 400, "xml", "errors"))
                .contains("not a public address");
        assertThat(hostHeaders).isEmpty();
        // a host name in private-hosts-allowed may resolve to loopback: the local server answers
        dns.answer("photos.allowed.test", List.of("127.0.0.1"), List.of("127.0.0.1"));
        valid(post("json", form(url("photos.allowed.test"), 1)), 200, "json", "request_created");
        assertThat(hostHeaders).hasSize(1);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheUrlsHost() throws Exception {
        // the name is resolved once; a second answer (an unroutable test address) is never used
        dns.answer("photos.allowed.test", List.of("127.0.0.1"), List.of("192.0.2.1"));
        String created = valid(post("json", form(url("photos.allowed.test"), 2)), 200, "json", "request_created");
        assertThat(JsonPath.from(created).getString("[0].service_request_id")).isNotBlank();
        assertThat(dns.calls("photos.allowed.test")).isEqualTo(1);
        assertThat(hostHeaders)
                .containsExactly("photos.allowed.test:" + photos.getAddress().getPort());

        // rebinding: a public first answer, loopback afterwards; the fetch goes to the public address it checked
        // (unreachable here), never to the loopback server
        dns.answer("rebind.evil.test", List.of("192.0.2.1"), List.of("127.0.0.1"));
        String refused = valid(post("json", form(url("rebind.evil.test"), 3)), 400, "json", "errors");
        assertThat(refused).contains("media_url");
        assertThat(dns.calls("rebind.evil.test")).isEqualTo(1);
        assertThat(hostHeaders).hasSize(1);
    }

    @Test
    void anHttpsMediaUrlIsFetchedWhenItsCertificateIsTrusted() throws Exception {
        httpsServers();
        String created = valid(post("json", form(https("localhost", trusted), 0)), 200, "json", "request_created");
        String id = JsonPath.from(created).getString("[0].service_request_id");
        assertThat(photosOf(id)).isEqualTo(1);
        assertThat(httpsHosts)
                .containsExactly("localhost:" + trusted.getAddress().getPort());
    }

    @Test
    void anHttpsCertificateNotTrustedOrNotForTheUrlsHostIsRefusedNamingMediaUrl() throws Exception {
        httpsServers();
        long before = reportsOfTown();
        // self-signed, in neither the JVM's trust store nor suishoupai.open311.media.trusted-certificates
        for (String f : List.of("json", "xml")) {
            String refused = valid(post(f, form(https("localhost", untrusted), 1)), 400, f, "errors");
            assertThat(refused).contains("media_url's https certificate is not trusted");
        }
        // the trusted certificate names localhost only: a URL naming another host that resolves to the same server is
        // refused, because the name checked is the URL's, not the address connected to
        dns.answer("photos.allowed.test", List.of("127.0.0.1"), List.of("127.0.0.1"));
        List<String> descriptions = JsonPath.from(valid(
                        post("json", form(https("photos.allowed.test", trusted), 2)), 400, "json", "errors"))
                .getList("description", String.class);
        assertThat(descriptions)
                .singleElement()
                .satisfies(d -> assertThat(d).startsWith("media_url").contains("does not name its host"));
        // no HTTP request reached either server; nothing was filed
        assertThat(httpsHosts).isEmpty();
        assertThat(reportsOfTown()).isEqualTo(before);
    }

    @Test
    void eachFetchIsAClientSpanInTheCallersTraceAndSendsNoTraceHeader() throws Exception {
        traceHeaders.clear();
        String traceId = hex(16);
        valid(traced(traceId, form(url("localhost"), 3)), 200, "json", "request_created");
        SpanData fetch = clientSpan(traceId);
        assertThat(fetch.getName()).isEqualTo("open311-media GET");
        assertThat(fetch.getAttributes().get(AttributeKey.stringKey("server.address")))
                .isEqualTo("localhost");
        assertThat(fetch.getAttributes().get(AttributeKey.longKey("server.port")))
                .isEqualTo(photos.getAddress().getPort());
        assertThat(fetch.getAttributes().get(AttributeKey.stringKey("url.path")))
                .isEqualTo("/photo.jpg");
        assertThat(fetch.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(200L);
        assertThat(fetch.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        // the partner's server learns nothing of our traces
        assertThat(traceHeaders).containsExactly("null");

        // a refused fetch is a span too, marked as an error; the query (it may carry the partner's token) is not kept
        String failing = hex(16);
        String missing = "http://localhost:" + photos.getAddress().getPort() + "/missing.jpg?token=secret";
        valid(traced(failing, form(missing, 2)), 400, "json", "errors");
        SpanData refused = clientSpan(failing);
        assertThat(refused.getAttributes().get(AttributeKey.stringKey("url.path")))
                .isEqualTo("/missing.jpg");
        assertThat(refused.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(404L);
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(refused.getAttributes().asMap().values().toString()).doesNotContain("secret");
    }

    static io.restassured.response.Response traced(String traceId, Map<String, String> form) {
        var r = given().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType(ContentType.URLENC.withCharset("UTF-8"));
        form.forEach(r::formParam);
        return r.post(Open311Test.BASE + "requests.json");
    }

    /** The media fetch's client span in this trace (exported to the tests' RecentSpans), waiting up to 10 s. */
    SpanData clientSpan(String traceId) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<SpanData> found = exported.ofTrace(traceId).stream()
                    .filter(x -> x.getKind() == SpanKind.CLIENT && x.getName().startsWith(MediaFetcher.SPAN))
                    .toList();
            if (!found.isEmpty() || System.nanoTime() > until) {
                assertThat(found).as("the media fetch's client span").hasSize(1);
                return found.get(0);
            }
            Thread.sleep(50);
        }
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        b[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(b);
    }
}
