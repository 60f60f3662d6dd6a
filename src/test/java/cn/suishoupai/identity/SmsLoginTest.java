package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.suishoupai.support.RecordingSmsSender;
import cn.suishoupai.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmsLoginTest {

    private static final AtomicLong PHONES = new AtomicLong(13_900_000_000L + (System.nanoTime() % 1_000_000) * 10);

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String newPhone() {
        return String.valueOf(PHONES.incrementAndGet());
    }

    static ValidatableResponse request(String phone) {
        return given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/auth/sms/request")
                .then();
    }

    static ValidatableResponse verify(String phone, String code) {
        return given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}")
                .post("/api/v1/auth/sms/verify")
                .then();
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Test
    void firstLoginCreatesTheResidentAndLaterLoginsFindIt() {
        String phone = newPhone();
        request(phone).statusCode(200).body("expiresIn", equalTo(300)).body("resendAfter", equalTo(60));
        String code = sms.lastCode(phone);
        assertNotNull(code);
        int id = verify(phone, code)
                .statusCode(200)
                .body("roles", contains("resident"))
                .extract()
                .path("accountId");

        clock.advance(Duration.ofMinutes(2));
        request(phone).statusCode(200);
        int again = verify(phone, sms.lastCode(phone)).statusCode(200).extract().path("accountId");
        assertEquals(id, again);
        long residents = QuarkusTransaction.requiringNew()
                .call(() -> Account.count("phone = ?1 and kind = ?2", phone, Account.Kind.RESIDENT));
        assertEquals(1, residents);
    }

    @Test
    void aCodeWorksOnce() {
        String phone = newPhone();
        request(phone).statusCode(200);
        String code = sms.lastCode(phone);
        verify(phone, code).statusCode(200);
        assertProblem(verify(phone, code), 401, "sms-code-expired");
    }

    @Test
    void codeExpiresAfterFiveMinutes() {
        String phone = newPhone();
        request(phone).statusCode(200);
        String code = sms.lastCode(phone);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertProblem(verify(phone, code), 401, "sms-code-expired");
    }

    @Test
    void fiveWrongAttemptsKillTheCode() {
        String phone = newPhone();
        request(phone).statusCode(200);
        String code = sms.lastCode(phone);
        for (int left = 4; left >= 1; left--) {
            assertProblem(verify(phone, wrong(code)), 401, "sms-code-invalid").body("remainingAttempts", equalTo(left));
        }
        assertProblem(verify(phone, wrong(code)), 429, "sms-code-attempts-exceeded");
        // even the right code is now refused: the attacker cannot keep guessing
        assertProblem(verify(phone, code), 401, "sms-code-expired");
    }

    @Test
    void resendIsThrottled() {
        String phone = newPhone();
        request(phone).statusCode(200);
        String first = sms.lastCode(phone);
        assertProblem(request(phone), 429, "sms-resend-too-soon")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertEquals(first, sms.lastCode(phone), "no second code was sent");
        clock.advance(Duration.ofSeconds(61));
        request(phone).statusCode(200);
        String second = sms.lastCode(phone);
        // the newest code replaces the old one
        if (!second.equals(first)) {
            assertProblem(verify(phone, first), 401, "sms-code-invalid");
        }
        verify(phone, second).statusCode(200);
    }

    @Test
    void dailyLimitPerPhone() {
        String phone = newPhone();
        for (int i = 0; i < 10; i++) {
            request(phone).statusCode(200);
            clock.advance(Duration.ofSeconds(61));
        }
        assertProblem(request(phone), 429, "sms-daily-limit");
        clock.advance(Duration.ofHours(24));
        request(phone).statusCode(200);
    }

    @Test
    void badPhoneOrCodeFormatIs400InBothLanguages() {
        assertProblem(request("12345"), 400, "validation-failed")
                .body("errors[0].field", equalTo("phone"))
                .body("errors[0].message", equalTo("请输入 11 位中国大陆手机号"));
        assertProblem(
                        given().contentType(ContentType.JSON)
                                .header("Accept-Language", "en")
                                .body("{\"phone\":\"12345\"}")
                                .post("/api/v1/auth/sms/request")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors[0].message", equalTo("must be an 11-digit mainland China mobile number"));
        assertProblem(verify(newPhone(), "12ab"), 400, "validation-failed").body("errors[0].field", equalTo("code"));
        assertNotEquals(null, sms);
    }
}
