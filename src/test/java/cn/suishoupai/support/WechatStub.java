package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The tests' handle on the WeChat / WeCom stub that {@link TestInfra} starts
 * ({@code cn.suishoupai.notify.WechatStubServer}): what it received, and the faults it should answer
 * next, through its control endpoints (it may live in another class loader than the test).
 */
public final class WechatStub {

    private WechatStub() {}

    public static String baseUrl() {
        return ConfigProvider.getConfig().getValue("suishoupai.auth.wechat.base-url", String.class);
    }

    /** The subscription messages (to an openid) and bot posts (to a key) the stub kept, oldest first. */
    public static List<Map<String, Object>> messagesTo(String to) {
        return given().queryParam("to", to)
                .get(baseUrl() + "/stub/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    public static JsonPath stats() {
        return given().get(baseUrl() + "/stub/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static int stableTokenCalls() {
        return stats().getInt("stableTokenCalls");
    }

    /** The current access token answers 42001 from now on (and stable_token hands out a new one). */
    public static void expireToken() {
        control("/stub/expire-token", Map.of());
    }

    /** The current access token answers 40001 from now on. */
    public static void invalidateToken() {
        control("/stub/invalidate-token", Map.of());
    }

    /** Messages to this openid answer 43101 (the resident refused the template). */
    public static void refuse(String openid) {
        control("/stub/refuse", Map.of("openid", openid));
    }

    /** The next n sends to this openid (WeChat) or bot key (WeCom) answer 45009. */
    public static void rateLimit(String to, int n) {
        control("/stub/rate-limit", Map.of("to", to, "count", String.valueOf(n)));
    }

    private static void control(String path, Map<String, String> query) {
        var r = given();
        query.forEach(r::queryParam);
        r.post(baseUrl() + path).then().statusCode(200);
    }
}
