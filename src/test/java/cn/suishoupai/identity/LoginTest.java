package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.audit.AuditEntry;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/api/v1/auth/login")
                .then();
    }

    @Test
    void successReturnsTokensWithRolesAndScopeClaims() {
        Account a = fixtures.staff(Set.of("dispatcher", "leader"), null, Set.of(fixtures.township().id));
        String access = login(a.username, Fixtures.PASSWORD)
                .statusCode(200)
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("roles", containsInAnyOrder("dispatcher", "leader"))
                .extract()
                .path("accessToken");
        String[] parts = access.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]));
        assertTrue(header.contains("\"RS256\""), header);
        assertTrue(claims.contains("\"groups\""), claims);
        assertTrue(claims.contains("\"region_ids\":[" + a.regionIds.iterator().next() + "]"), claims);
        assertTrue(claims.contains("\"sub\":\"" + a.id + "\""), claims);
        assertEquals(1, auditCount("auth.login.success", a.id));
    }

    @Test
    void unitAccountCarriesUnitClaim() {
        var unit = fixtures.unit(null);
        Account a = fixtures.staff(Set.of("unit"), unit.id, Set.of());
        String access = Fixtures.token(a);
        String claims = new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        assertTrue(claims.contains("\"unit_id\":" + unit.id), claims);
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401() {
        Account a = fixtures.admin();
        assertProblem(login(a.username, "wrong-password1"), 401, "invalid-credentials");
        assertProblem(login("no-such-user-" + System.nanoTime(), "whatever1"), 401, "invalid-credentials");
        assertEquals(1, auditCount("auth.login.failure", a.id));
    }

    @Test
    void fiveFailuresLockForFifteenMinutesThenUnlock() {
        Account a = fixtures.admin();
        for (int i = 0; i < 4; i++) {
            assertProblem(login(a.username, "bad-password" + i), 401, "invalid-credentials");
        }
        String until = assertProblem(login(a.username, "bad-password5"), 423, "account-locked")
                .body("lockedUntil", startsWith(OffsetDateTime.now().getYear() + ""))
                .extract()
                .path("lockedUntil");
        Instant lockedUntil = OffsetDateTime.parse(until).toInstant();
        long minutes = Duration.between(Instant.now(), lockedUntil).toMinutes();
        assertTrue(minutes >= 14 && minutes <= 15, "locked for " + minutes + " min");
        assertTrue(until.endsWith("+08:00"), until);

        // locked: even the right password is refused, and the answer says until when (both languages)
        assertProblem(login(a.username, Fixtures.PASSWORD), 423, "account-locked")
                .body("detail", org.hamcrest.Matchers.containsString(until));
        assertProblem(
                        given().contentType(ContentType.JSON)
                                .header("Accept-Language", "en")
                                .body("{\"username\":\"" + a.username + "\",\"password\":\"" + Fixtures.PASSWORD
                                        + "\"}")
                                .post("/api/v1/auth/login")
                                .then(),
                        423,
                        "account-locked")
                .body("title", equalTo("Account locked"));
        assertEquals(1, auditCount("auth.lockout", a.id));

        clock.advance(Duration.ofMinutes(14));
        assertProblem(login(a.username, Fixtures.PASSWORD), 423, "account-locked");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        login(a.username, Fixtures.PASSWORD).statusCode(200);
        Account after = fixtures.reload(a.id);
        assertEquals(0, after.failedLogins);
        assertNull(after.lockedUntil);
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotLock() {
        Account a = fixtures.admin();
        for (int i = 0; i < 4; i++) {
            assertProblem(login(a.username, "bad-password" + i), 401, "invalid-credentials");
        }
        clock.advance(Duration.ofMinutes(16));
        assertProblem(login(a.username, "bad-password-late"), 401, "invalid-credentials");
        login(a.username, Fixtures.PASSWORD).statusCode(200);
    }

    @Test
    void successResetsTheFailureCount() {
        Account a = fixtures.admin();
        for (int i = 0; i < 4; i++) {
            login(a.username, "bad-password" + i).statusCode(401);
        }
        login(a.username, Fixtures.PASSWORD).statusCode(200);
        for (int i = 0; i < 4; i++) {
            login(a.username, "bad-password" + i).statusCode(401);
        }
        login(a.username, Fixtures.PASSWORD).statusCode(200);
        assertNotNull(fixtures.reload(a.id));
        assertEquals(0, fixtures.reload(a.id).failedLogins);
    }

    @Test
    void auditRecordsClientIp() {
        Account a = fixtures.admin();
        login(a.username, Fixtures.PASSWORD).statusCode(200);
        List<AuditEntry> rows = QuarkusTransaction.requiringNew()
                .call(() -> AuditEntry.<AuditEntry>list("action = ?1 and actorId = ?2", "auth.login.success", a.id));
        assertEquals(1, rows.size());
        assertEquals("127.0.0.1", rows.get(0).clientIp);
        assertTrue(rows.get(0).at.isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void validationNamesTheFields() {
        assertProblem(
                        given().contentType(ContentType.JSON)
                                .body("{\"username\":\"\"}")
                                .post("/api/v1/auth/login")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors.field", containsInAnyOrder("username", "password"))
                .body("errors.size()", greaterThan(1));
    }

    static long auditCount(String action, long accountId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> AuditEntry.count("action = ?1 and targetId = ?2", action, String.valueOf(accountId)));
    }
}
