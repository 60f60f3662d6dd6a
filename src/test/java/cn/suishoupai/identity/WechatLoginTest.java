package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Runs against {@link cn.suishoupai.notify.WechatStubServer}, a local jscode2session. */
@QuarkusTest
class WechatLoginTest {

    static ValidatableResponse wechat(String code) {
        return given().contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/auth/wechat")
                .then();
    }

    @Test
    void firstLoginCreatesTheResidentByOpenid() {
        String openid = "oWx" + System.nanoTime();
        int id = wechat("ok-" + openid)
                .statusCode(200)
                .body("roles", contains("resident"))
                .body("tokenType", equalTo("Bearer"))
                .extract()
                .path("accountId");
        int again = wechat("ok-" + openid).statusCode(200).extract().path("accountId");
        assertEquals(id, again);
        long n = QuarkusTransaction.requiringNew().call(() -> Account.count("wechatOpenid", openid));
        assertEquals(1, n);
    }

    @Test
    void invalidOrUsedCodeIs401() {
        assertProblem(wechat("garbage"), 401, "wechat-code-invalid").body("wechatErrcode", equalTo(40029));
        assertProblem(wechat("used"), 401, "wechat-code-invalid").body("wechatErrcode", equalTo(40163));
    }

    @Test
    void wechatBusyIs503AndRateLimitIs429() {
        assertProblem(wechat("busy"), 503, "wechat-busy").header("Retry-After", "5");
        assertProblem(wechat("limited"), 429, "wechat-rate-limited");
    }

    @Test
    void wechatHttpFailureIs502() {
        assertProblem(wechat("http500"), 502, "wechat-unavailable");
    }

    @Test
    void missingCodeIs400() {
        assertProblem(
                        given().contentType(ContentType.JSON)
                                .body("{}")
                                .post("/api/v1/auth/wechat")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors[0].field", equalTo("code"));
    }
}
