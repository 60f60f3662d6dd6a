package cn.suishoupai.support;

import cn.suishoupai.notify.WechatStubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What every test run gets: a throw-away PostgreSQL database (created here, dropped at the end),
 * an embedded S3 server on a free port with its data under target/, the WeChat / WeCom stub
 * (src/embedded: jscode2session, stable_token, subscription messages, group bots; see {@link WechatStubServer}),
 * and a self-signed certificate for {@code localhost} that the Open311 media_url fetch is configured to trust
 * ({@code suishoupai.open311.media.trusted-certificates}; the https tests serve photos with it, see
 * {@link #mediaServerCertificate}).
 */
public class TestInfra implements QuarkusTestResourceLifecycleManager {

    public static final String WECHAT_APP_ID = "wx-test-app";
    public static final String WECHAT_APP_SECRET = "wx-test-secret";

    public static final String PG = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String PG_USER = System.getProperty("test.pg.user", "postgres");
    public static final String PG_PASSWORD = System.getProperty("test.pg.password", "");

    /** The trusted https photo server's certificate and key, as the tests read them back. */
    public static TestCertificates.Issued mediaServerCertificate(String trustedCertificatesSetting) {
        Path cert = Path.of(trustedCertificatesSetting);
        return TestCertificates.Issued.read(cert, cert.resolveSibling("media-server.key.pem"));
    }

    private String database;
    private IsolatedS3 s3;
    private WechatStubServer wechat;

    @Override
    public Map<String, String> start() {
        try {
            database =
                    "ssp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("create database " + database);
            Path dir = Files.createDirectories(Path.of("target", "test-s3", database));
            s3 = IsolatedS3.start(dir, "suishoupai-test", "suishoupai-test-secret");
            wechat = WechatStubServer.start(0, WECHAT_APP_ID, WECHAT_APP_SECRET, false);
            Map<String, String> cfg = new HashMap<>();
            cfg.put("quarkus.datasource.jdbc.url", PG + database);
            cfg.put("quarkus.datasource.username", PG_USER);
            cfg.put("quarkus.datasource.password", PG_PASSWORD);
            cfg.put("suishoupai.storage.endpoint", s3.endpoint().toString());
            cfg.put("suishoupai.auth.wechat.base-url", wechat.baseUrl());
            cfg.put("suishoupai.auth.wechat.app-id", WECHAT_APP_ID);
            cfg.put("suishoupai.auth.wechat.app-secret", WECHAT_APP_SECRET);
            cfg.put("suishoupai.notify.wecom.base-url", wechat.baseUrl());
            Path tls = Path.of("target", "test-tls", database).toAbsolutePath();
            Path cert = tls.resolve("media-server.crt.pem");
            TestCertificates.selfSigned(java.util.List.of("localhost"))
                    .write(cert, tls.resolve("media-server.key.pem"));
            cfg.put("suishoupai.open311.media.trusted-certificates", cert.toString());
            return cfg;
        } catch (Exception e) {
            throw new IllegalStateException("Test infrastructure failed to start", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (wechat != null) {
                wechat.close();
            }
            if (s3 != null) {
                s3.close();
            }
            if (database != null) {
                admin("drop database if exists " + database + " with (force)");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", PG_USER, PG_PASSWORD);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
