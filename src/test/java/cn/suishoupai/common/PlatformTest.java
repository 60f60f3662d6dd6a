package cn.suishoupai.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    Flyway flyway;

    @Inject
    Audit audit;

    @Test
    void liveAndReadyCheckDatabaseAndStorage() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("object-storage", "Database connections health check"));
    }

    @Test
    void prometheusMetrics() {
        given().contentType("application/json")
                .body("{}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(400);
        given().header("Accept", "text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"))
                .body(
                        containsString(
                                "http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/api/v1/auth/login\""));
    }

    /** Each test run starts from an empty, throw-away database: every migration ran here. */
    @Test
    void schemaWasMigratedFromEmptyByFlyway() throws SQLException {
        var info = flyway.info();
        assertEquals(0, info.pending().length);
        assertTrue(info.applied().length >= 1);
        assertEquals("1", info.applied()[0].getVersion().getVersion());
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_database()")) {
            rs.next();
            assertTrue(rs.getString(1).startsWith("ssp_test_"), "tests must not run on a developer database");
        }
    }

    @Test
    void auditLogIsAppendOnly() throws SQLException {
        audit.record(Actor.system("test"), "test.append-only", Target.of("x", 1), null);
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            SQLException upd = assertThrows(
                    SQLException.class,
                    () -> st.executeUpdate(
                            "update audit_log set action = 'tampered' where action = 'test.append-only'"));
            assertTrue(upd.getMessage().contains("append-only"));
            assertThrows(
                    SQLException.class,
                    () -> st.executeUpdate("delete from audit_log where action = 'test.append-only'"));
        }
    }

    @Test
    void openApiIsServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/auth/login"));
    }
}
