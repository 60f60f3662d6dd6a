package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-client-address and service-wide budgets (common/RateBudget) through the HTTP API: SMS codes,
 * password logins and claim-code attempts. Runs with small budgets and the loopback as a trusted proxy
 * (suishoupai.http.trusted-proxies), so that each case comes from addresses of its own (X-Forwarded-For).
 */
@QuarkusTest
@TestProfile(RateBudgetTest.SmallBudgets.class)
class RateBudgetTest {

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    // the tests' connections come from the loopback: it is the trusted proxy here
                    Map.entry("suishoupai.http.trusted-proxies", "127.0.0.1/32,::1/128,10.0.0.0/8"),
                    Map.entry("suishoupai.budgets.sms.per-address.per-hour", "3"),
                    Map.entry("suishoupai.budgets.sms.per-address.per-day", "5"),
                    Map.entry("suishoupai.budgets.sms.service.per-hour", "8"),
                    Map.entry("suishoupai.budgets.sms.service.per-day", "1000"),
                    Map.entry("suishoupai.budgets.login.per-address.per-hour", "4"),
                    Map.entry("suishoupai.budgets.login.per-address.per-day", "1000"),
                    Map.entry("suishoupai.budgets.claim.per-address.per-hour", "3"),
                    Map.entry("suishoupai.budgets.claim.per-address.per-day", "1000"));
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    private static final AtomicLong PHONES = new AtomicLong(13_700_000_000L + (System.nanoTime() % 1_000_000) * 10);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager em;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void freshBudgets() {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("delete from rate_budget").executeUpdate());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String newPhone() {
        return String.valueOf(PHONES.incrementAndGet());
    }

    static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    static ValidatableResponse smsRequest(String address, String phone) {
        return given().header("X-Forwarded-For", address)
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/auth/sms/request")
                .then();
    }

    static ValidatableResponse login(String address, String username, String password) {
        return given().header("X-Forwarded-For", address)
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/api/v1/auth/login")
                .then();
    }

    long rows(String table) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from " + table)
                                .getSingleResult())
                        .longValue());
    }

    double tripped(String scope, String budget) {
        Counter c = registry.find("suishoupai." + scope + ".budget.tripped")
                .tag("budget", budget)
                .counter();
        return c == null ? 0 : c.count();
    }

    static ValidatableResponse assertExhausted(ValidatableResponse r, String budget) {
        return assertProblem(r, 429, "rate-budget-exhausted")
                .header("Retry-After", notNullValue())
                .body("budget", equalTo(budget))
                .body("retryAfter", notNullValue());
    }

    /** One attempt of a kind from an address; the token is a resident's, for the claim cases. */
    record Kind(
            String name,
            String scope,
            int limit,
            String table,
            BiFunction<String, String, ValidatableResponse> attempt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> perAddress() {
        return Stream.of(
                Arguments.of(new Kind(
                        "sms code to a new phone each time",
                        "sms",
                        3,
                        "sms_challenge",
                        (addr, token) -> smsRequest(addr, newPhone()))),
                Arguments.of(new Kind(
                        "password login, unknown usernames",
                        "login",
                        4,
                        "audit_log",
                        (addr, token) -> login(addr, Fixtures.unique("nobody"), "wrong-Password1"))),
                Arguments.of(new Kind(
                        "claim with unknown codes",
                        "claim",
                        3,
                        "report_claim",
                        (addr, token) -> given().header("X-Forwarded-For", addr)
                                .auth()
                                .oauth2(token)
                                .contentType(ContentType.JSON)
                                .body("{\"claimCode\":\"ZZZZ-ZZZZ-" + (1000 + ADDRESSES.incrementAndGet() % 9000)
                                        + "\"}")
                                .post("/api/v1/rewards/claims")
                                .then())),
                Arguments.of(new Kind(
                        "report read with a wrong X-Claim-Code",
                        "claim",
                        3,
                        "report_claim",
                        (addr, token) -> given().header("X-Forwarded-For", addr)
                                .auth()
                                .oauth2(token)
                                .header("X-Claim-Code", "AAAA-BBBB-CCCC")
                                .get("/api/v1/reports/987654321")
                                .then())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("perAddress")
    void oneAddressGetsItsBudgetAndNoMore(Kind kind) {
        String token = fixtures.tokenFor(fixtures.resident().id);
        String address = newAddress();
        for (int i = 0; i < kind.limit(); i++) {
            int status = kind.attempt().apply(address, token).extract().statusCode();
            assertThat(status).as("attempt %d of %s", i + 1, kind).isNotIn(429, 500);
        }
        double before = tripped(kind.scope(), "address");
        long rowsBefore = rows(kind.table());
        long auditBefore = rows("audit_log");
        assertExhausted(kind.attempt().apply(address, token), "address");
        assertExhausted(kind.attempt().apply(address, token), "address");
        assertThat(tripped(kind.scope(), "address")).isEqualTo(before + 2);
        assertThat(rows(kind.table()))
                .as("nothing written once the budget is spent")
                .isEqualTo(rowsBefore);
        assertThat(rows("audit_log")).isEqualTo(auditBefore);
        // another address is not affected
        int other = kind.attempt().apply(newAddress(), token).extract().statusCode();
        assertThat(other).isNotIn(429, 500);
        // the next hour brings a fresh budget
        clock.advance(Duration.ofHours(1));
        assertThat(kind.attempt().apply(address, token).extract().statusCode()).isNotIn(429, 500);
    }

    @Test
    void sprayingCodesFromOneAddressSendsNothingBeyondTheBudget() {
        String address = newAddress();
        String[] phones = {newPhone(), newPhone(), newPhone(), newPhone(), newPhone(), newPhone()};
        long challenges = rows("sms_challenge");
        for (int i = 0; i < phones.length; i++) {
            ValidatableResponse r = smsRequest(address, phones[i]);
            if (i < 3) {
                r.statusCode(200);
                assertThat(sms.lastCode(phones[i])).isNotNull();
            } else {
                assertExhausted(r, "address");
                assertThat(sms.lastCode(phones[i]))
                        .as("no code sent to phone %d", i + 1)
                        .isNull();
            }
        }
        assertThat(rows("sms_challenge")).isEqualTo(challenges + 3);
    }

    @Test
    void theDailyAddressBudgetHoldsAcrossHours() {
        String address = newAddress();
        for (int i = 0; i < 3; i++) {
            smsRequest(address, newPhone()).statusCode(200);
        }
        clock.advance(Duration.ofHours(1));
        smsRequest(address, newPhone()).statusCode(200);
        smsRequest(address, newPhone()).statusCode(200);
        String phone = newPhone();
        assertExhausted(smsRequest(address, phone), "address");
        assertThat(sms.lastCode(phone)).isNull();
    }

    @Test
    void theServiceWideBudgetTripsAcrossAddresses() {
        for (int i = 0; i < 8; i++) {
            smsRequest(newAddress(), newPhone()).statusCode(200);
        }
        double before = tripped("sms", "service");
        long challenges = rows("sms_challenge");
        String phone = newPhone();
        assertExhausted(smsRequest(newAddress(), phone), "service");
        assertThat(sms.lastCode(phone)).isNull();
        assertThat(rows("sms_challenge")).isEqualTo(challenges);
        assertThat(tripped("sms", "service")).isEqualTo(before + 1);
    }

    @Test
    void successfulLoginsDoNotUseTheAddressBudget() {
        Account staff = fixtures.admin();
        String address = newAddress();
        for (int i = 0; i < 6; i++) {
            login(address, staff.username, Fixtures.PASSWORD).statusCode(200);
        }
        for (int i = 0; i < 4; i++) {
            login(address, staff.username, "wrong-Password1").statusCode(401); // 4 < the account's lockout at 5
        }
    }

    @Test
    void aSpentLoginBudgetRefusesEvenTheRightPasswordWithoutTouchingTheAccount() {
        Account staff = fixtures.admin();
        String address = newAddress();
        for (int i = 0; i < 4; i++) {
            login(address, Fixtures.unique("ghost"), "wrong-Password1").statusCode(401);
        }
        long audit = rows("audit_log");
        assertExhausted(login(address, staff.username, Fixtures.PASSWORD), "address");
        assertThat(rows("audit_log")).isEqualTo(audit);
        login(newAddress(), staff.username, Fixtures.PASSWORD).statusCode(200);
    }

    @Test
    void fromATrustedProxyTheHeaderIsTheAddress() {
        // this profile trusts the loopback; the default profile trusts no one (see ClientAddressTest)
        String address = newAddress();
        String phone = newPhone();
        smsRequest(address, phone).statusCode(200);
        assertThat(recordedAddress(phone)).isEqualTo(address);
    }

    @Test
    void theRightMostUntrustedHopIsTheAddressNotWhatTheClientWroteBeforeIt() {
        // the client forged 203.0.113.7; its real address was appended by the first proxy, then an inner
        // trusted proxy (10.1.2.3) appended that proxy's address
        String address = newAddress();
        String phone = newPhone();
        given().header("X-Forwarded-For", "203.0.113.7, " + address + ", 10.1.2.3")
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/auth/sms/request")
                .then()
                .statusCode(200);
        assertThat(recordedAddress(phone)).isEqualTo(address);
    }

    private String recordedAddress(String phone) {
        return QuarkusTransaction.requiringNew()
                .call(() -> (String) em.createNativeQuery("select client_ip from sms_challenge where phone = ?1")
                        .setParameter(1, phone)
                        .getSingleResult());
    }
}
