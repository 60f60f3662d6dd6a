package cn.suishoupai.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged application in the prod profile, as an operator would: without its
 * settings it must exit at once naming each one; with them it starts and shuts down gracefully.
 */
class ProductionStartIT {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    private static Process launch(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(java, "-jar", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        pb.environment().clear(); // nothing inherited from the developer's shell
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    @Test
    void withoutSettingsItExitsAtOnceNamingEachMissingSetting() throws Exception {
        Path log = Files.createTempFile("prod-failfast", ".log");
        Process p = launch(Map.of("QUARKUS_HTTP_PORT", "0"), log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the service must not keep running without its settings");
        String out = Files.readString(log);
        assertTrue(p.exitValue() != 0, out);
        for (String setting : List.of(
                "quarkus.datasource.jdbc.url",
                "mp.jwt.verify.publickey.location",
                "smallrye.jwt.sign.key.location",
                "suishoupai.storage.endpoint",
                "suishoupai.storage.access-key",
                "suishoupai.storage.secret-key",
                "suishoupai.privacy.secret")) {
            assertTrue(out.contains(setting), "missing setting " + setting + " not named in:\n" + out);
        }
        assertFalse(out.contains("Embedded S3"), "prod must not start the embedded storage");
    }

    @Test
    void withSettingsItStartsServesAndStopsGracefully() throws Exception {
        String db = "ssp_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("create database " + db);
        Process p = null;
        try {
            Path keys = Files.createTempDirectory("keys");
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            Files.writeString(
                    keys.resolve("private.pem"),
                    pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            Files.writeString(
                    keys.resolve("public.pem"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("prod-start", ".log");
            p = launch(
                    Map.of(
                            "QUARKUS_HTTP_PORT", String.valueOf(port),
                            "QUARKUS_DATASOURCE_JDBC_URL", PG + db,
                            "QUARKUS_DATASOURCE_USERNAME", "postgres",
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                                    keys.resolve("public.pem").toString(),
                            "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                                    keys.resolve("private.pem").toString(),
                            // nothing listens here: the service must still start, and report not-ready
                            "SUISHOUPAI_STORAGE_ENDPOINT", "http://127.0.0.1:9",
                            "SUISHOUPAI_STORAGE_ACCESS_KEY", "ak",
                            "SUISHOUPAI_STORAGE_SECRET_KEY", "sk-secret",
                            "SUISHOUPAI_PRIVACY_SECRET", "it-privacy-secret-0123456789abcdef0123"),
                    log);
            HttpClient http = HttpClient.newHttpClient();
            int live = 0;
            for (int i = 0; i < 120 && live != 200; i++) {
                Thread.sleep(500);
                assertTrue(p.isAlive(), Files.readString(log));
                try {
                    live = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (IOException notYet) {
                    // still starting
                }
            }
            assertEquals(200, live, Files.readString(log));
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("object-storage"), ready.body());
            HttpResponse<String> swagger = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/swagger-ui/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, swagger.statusCode(), "no Swagger UI in production");

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), "graceful shutdown must finish");
            String out = Files.readString(log);
            assertTrue(out.contains("stopped in"), out);
            assertFalse(out.contains("Loaded demo data"), "no demo data in prod");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            admin("drop database if exists " + db + " with (force)");
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
