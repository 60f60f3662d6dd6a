package cn.suishoupai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.suishoupai.support.IsolatedS3;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The browser tests: every {@code src/main/webui/browser-tests/*.test.mjs} (Playwright through
 * playwright-core, driving Debian's Chromium) against the packaged service, as an operator runs it
 * (the production jar, prod profile), on a database of its own with the demo data, an S3 server of
 * its own and an SMS gateway stub (the http sender; it keeps the codes for the tests). One dynamic
 * test per file; each runs {@code node --test FILE} with BASE_URL, SMS_STUB (GET /codes/{phone}: the
 * last code), APP_LOG, SCREENSHOTS (docs/screenshots) and OUTPUT (target/browser-tests).
 * At the end the service's log must hold no ERROR line (the run guard of the packaged service).
 *
 * <p>Skipped with -Dbrowser.skip or -Dwebui.skip; Maven installs Chromium first
 * (scripts/ensure-chromium.sh in pre-integration-test).
 */
class BrowserIT {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Path WEBUI = Path.of(System.getProperty("webui.dir", "src/main/webui"));
    private static final Path WORK = Path.of("target", "browser-tests");

    private static String db;
    private static IsolatedS3 s3;
    private static Process app;
    private static Path appLog;
    private static String baseUrl;
    private static HttpServer sms;
    private static final Map<String, String> CODES = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("browser.skip"), "-Dbrowser.skip");
        Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        Assumptions.assumeTrue(
                Files.exists(Path.of("target/classes/META-INF/resources/console/index.html")),
                "web apps not built (-Dwebui.skip)");
        assertTrue(Files.exists(jar), "no packaged service at " + jar);
        Files.createDirectories(WORK);
        db = "ssp_browser_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("create database " + db);
        s3 = IsolatedS3.start(Files.createDirectories(WORK.resolve("s3-" + db)), "browser-s3", "browser-s3-secret");

        Path keys = Files.createDirectories(WORK.resolve("keys-" + db));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Files.writeString(
                keys.resolve("private.pem"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(
                keys.resolve("public.pem"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        sms = smsGateway();

        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", PG + db);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                keys.resolve("public.pem").toAbsolutePath().toString());
        env.put(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                keys.resolve("private.pem").toAbsolutePath().toString());
        env.put("SUISHOUPAI_STORAGE_ENDPOINT", s3.endpoint().toString());
        env.put("SUISHOUPAI_STORAGE_ACCESS_KEY", "browser-s3");
        env.put("SUISHOUPAI_STORAGE_SECRET_KEY", "browser-s3-secret");
        env.put("SUISHOUPAI_PRIVACY_SECRET", "browser-it-privacy-secret-0123456789abcdef");
        env.put("SUISHOUPAI_DEMO_ENABLED", "true"); // the demo town and its accounts (password demo1234)
        env.put("SUISHOUPAI_AUTH_SMS_SENDER", "http"); // residents' SMS codes go to the stub below
        env.put("SUISHOUPAI_AUTH_SMS_HTTP_URL", smsUrl() + "/sms");
        env.put("SUISHOUPAI_AUTH_SMS_HTTP_TOKEN", "browser-sms-token");
        env.put(
                "QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY",
                WORK.resolve("uploads-" + db).toAbsolutePath().toString());
        appLog = WORK.resolve("service-" + db + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(appLog.toFile());
        app = pb.start();

        HttpClient http = HttpClient.newHttpClient();
        int ready = 0;
        for (int i = 0; i < 360 && ready != 200; i++) {
            Thread.sleep(500);
            assertTrue(app.isAlive(), "the service died:\n" + Files.readString(appLog));
            try {
                ready = http.send(
                                HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException notYet) {
                // starting
            }
        }
        assertEquals(200, ready, "not ready:\n" + Files.readString(appLog));
        for (int i = 0; i < 120 && !Files.readString(appLog).contains("demo data"); i++) {
            Thread.sleep(500); // the demo data loads at start-up; its last line says so
        }
    }

    @TestFactory
    Stream<DynamicTest> browserTests() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(WEBUI.resolve("browser-tests"))) {
            // -Dbrowser.only=dispatch-*.test.mjs runs the matching files only (working on one area)
            PathMatcher only =
                    FileSystems.getDefault().getPathMatcher("glob:" + System.getProperty("browser.only", "*.test.mjs"));
            specs = files.filter(p -> p.getFileName().toString().endsWith(".test.mjs"))
                    .filter(p -> only.matches(p.getFileName()))
                    .sorted()
                    .toList();
        }
        assertTrue(!specs.isEmpty(), "no browser tests in " + WEBUI.resolve("browser-tests"));
        return specs.stream()
                .map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> run(spec)));
    }

    private static void run(Path spec) throws Exception {
        Path out = WORK.resolve(spec.getFileName().toString().replace(".test.mjs", ".log"));
        ProcessBuilder pb = new ProcessBuilder(
                "node",
                "--test",
                "--test-reporter=spec",
                "--test-concurrency=1",
                WEBUI.relativize(spec).toString());
        pb.directory(WEBUI.toFile());
        Map<String, String> env = pb.environment();
        env.put("BASE_URL", baseUrl);
        env.put("APP_LOG", appLog.toAbsolutePath().toString());
        env.put("SMS_STUB", smsUrl());
        env.put("SCREENSHOTS", Path.of("docs", "screenshots").toAbsolutePath().toString());
        env.put("OUTPUT", WORK.toAbsolutePath().toString());
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(out);
        System.out.println(output);
        if (!done || p.exitValue() != 0) {
            fail(spec.getFileName() + (done ? " failed (exit " + p.exitValue() + ")" : " timed out") + ":\n" + output);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        String log = "";
        try {
            if (app != null) {
                app.destroy();
                if (!app.waitFor(40, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
                log = Files.readString(appLog);
            }
        } finally {
            if (sms != null) {
                sms.stop(0);
            }
            if (s3 != null) {
                s3.close();
            }
            if (db != null) {
                admin("drop database if exists " + db + " with (force)");
                for (String dir : List.of("s3-", "keys-", "uploads-")) {
                    deleteTree(WORK.resolve(dir + db));
                }
            }
        }
        List<String> errors = log.lines().filter(l -> l.contains(" ERROR ")).toList();
        assertTrue(errors.isEmpty(), "ERROR lines in the service log " + appLog + ":\n" + String.join("\n", errors));
    }

    /**
     * The SMS gateway as suishoupai.auth.sms.sender=http calls it (POST JSON {phone, code, ttlMinutes},
     * bearer token); GET /codes/{phone} answers the last code sent to that phone (404: none).
     */
    private static HttpServer smsGateway() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean authorised = "Bearer browser-sms-token"
                    .equals(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher phone = Pattern.compile("\"phone\"\\s*:\\s*\"(\\d+)\"").matcher(body);
            Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"").matcher(body);
            int status = 400;
            if (!authorised) {
                status = 401;
            } else if (phone.find() && code.find()) {
                CODES.put(phone.group(1), code.group(1));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/codes/", exchange -> {
            String phone = exchange.getRequestURI().getPath().substring("/codes/".length());
            String code = CODES.get(phone);
            byte[] answer = code == null ? new byte[0] : code.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code == null ? 404 : 200, code == null ? -1 : answer.length);
            if (code != null) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String smsUrl() {
        return "http://127.0.0.1:" + sms.getAddress().getPort();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
