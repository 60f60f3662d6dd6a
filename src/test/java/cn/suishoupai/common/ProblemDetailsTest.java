package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.suishoupai.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error class, the framework's own included, is problem+json in Chinese and in English. */
@QuarkusTest
class ProblemDetailsTest {

    @Inject
    Fixtures fixtures;

    record Case(
            String name,
            int status,
            String code,
            String zhTitle,
            String enTitle,
            Function<RequestSpecification, ValidatableResponse> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        new Case(
                                "unknown path",
                                404,
                                "not-found",
                                "资源不存在",
                                "Not found",
                                r -> r.get("/api/v1/no-such-thing").then()),
                        new Case(
                                "unknown path outside the API",
                                404,
                                "not-found",
                                "资源不存在",
                                "Not found",
                                r -> r.get("/no-such-page").then()),
                        new Case(
                                "wrong method",
                                405,
                                "method-not-allowed",
                                "不支持的请求方法",
                                "Method not allowed",
                                r -> r.delete("/api/v1/auth/login").then()),
                        new Case(
                                "unsupported media type",
                                415,
                                "unsupported-media-type",
                                "不支持的内容类型",
                                "Unsupported media type",
                                r -> r.contentType(ContentType.TEXT)
                                        .body("hello")
                                        .post("/api/v1/auth/login")
                                        .then()),
                        new Case(
                                "malformed JSON",
                                400,
                                "malformed-json",
                                "请求体格式错误",
                                "Malformed request body",
                                r -> r.contentType(ContentType.JSON)
                                        .body("{\"username\":")
                                        .post("/api/v1/auth/login")
                                        .then()),
                        new Case(
                                "wrong JSON type",
                                400,
                                "malformed-json",
                                "请求体格式错误",
                                "Malformed request body",
                                r -> r.contentType(ContentType.JSON)
                                        .body("{\"username\":{\"a\":1},\"password\":\"x\"}")
                                        .post("/api/v1/auth/login")
                                        .then()),
                        new Case(
                                "validation",
                                400,
                                "validation-failed",
                                "请求参数不合法",
                                "Invalid request",
                                r -> r.contentType(ContentType.JSON)
                                        .body("{}")
                                        .post("/api/v1/auth/login")
                                        .then()),
                        new Case(
                                "missing token",
                                401,
                                "unauthenticated",
                                "未登录或登录已失效",
                                "Not authenticated",
                                r -> r.get("/api/v1/admin/accounts").then()),
                        new Case(
                                "wrong credentials",
                                401,
                                "invalid-credentials",
                                "用户名或密码错误",
                                "Wrong username or password",
                                r -> r.contentType(ContentType.JSON)
                                        .body("{\"username\":\"nobody-x\",\"password\":\"nothing1\"}")
                                        .post("/api/v1/auth/login")
                                        .then()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chineseByDefault(Case c) {
        assertProblem(c.call().apply(given()), c.status(), c.code())
                .body("title", equalTo(c.zhTitle()))
                .header("Content-Language", "zh-CN");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void englishOnRequest(Case c) {
        assertProblem(c.call().apply(given().header("Accept-Language", "en-US,en;q=0.9")), c.status(), c.code())
                .body("title", equalTo(c.enTitle()))
                .header("Content-Language", "en");
    }

    @org.junit.jupiter.api.Test
    void forbiddenInBothLanguages() {
        String token = Fixtures.token(fixtures.staff(Set.of("leader"), null, Set.of()));
        assertProblem(given().auth().oauth2(token).get("/api/v1/admin/accounts").then(), 403, "forbidden")
                .body("title", equalTo("无权访问"));
        assertProblem(
                        given().auth()
                                .oauth2(token)
                                .header("Accept-Language", "en")
                                .get("/api/v1/admin/accounts")
                                .then(),
                        403,
                        "forbidden")
                .body("title", equalTo("Forbidden"));
    }

    @org.junit.jupiter.api.Test
    void validationListsEveryFieldInEnglish() {
        assertProblem(
                        given().header("Accept-Language", "en")
                                .contentType(ContentType.JSON)
                                .body("{\"username\":\"\"}")
                                .post("/api/v1/auth/login")
                                .then(),
                        400,
                        "validation-failed")
                .body("detail", equalTo("2 field(s) in the request are invalid; see errors."))
                .body("errors.field", hasItem("password"))
                .body("errors.message", hasItem("must not be blank"));
    }

    @org.junit.jupiter.api.Test
    void unparseableQueryParameterIs400NotA404() {
        String token = Fixtures.token(fixtures.admin());
        assertProblem(
                given().auth()
                        .oauth2(token)
                        .queryParam("page", "abc")
                        .get("/api/v1/admin/accounts")
                        .then(),
                400,
                "invalid-parameter");
    }
}
