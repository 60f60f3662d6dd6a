package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.Region;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RecordingSmsSender;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The browser sign-in (/api/v1/auth/web/*): the refresh token only ever in an HttpOnly,
 * SameSite=Strict cookie scoped to that path; refresh and sign-out by the cookie; the CSRF guard.
 */
@QuarkusTest
class WebAuthTest {

    static final String WEB = "/api/v1/auth/web";

    @Inject
    Fixtures fixtures;

    @Inject
    @Identifier("recording")
    RecordingSmsSender sms;

    private static RequestSpecification web() {
        return given().header(SessionCookie.CLIENT_HEADER, SessionCookie.CLIENT_VALUE);
    }

    static ExtractableResponse<Response> webLogin(String username, String password) {
        return web().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post(WEB + "/login")
                .then()
                .extract();
    }

    private static ValidatableResponse refresh(String cookie) {
        return web().cookie(SessionCookie.NAME, cookie).post(WEB + "/refresh").then();
    }

    /** The value the response's Set-Cookie stores in the session cookie. */
    private static String cookieValue(ExtractableResponse<Response> r) {
        String set = r.header("Set-Cookie");
        assertNotNull(set, "no Set-Cookie");
        assertTrue(set.startsWith(SessionCookie.NAME + "="), set);
        return set.substring(SessionCookie.NAME.length() + 1, set.indexOf(';'));
    }

    private static void assertCleared(ExtractableResponse<Response> r) {
        String set = r.header("Set-Cookie");
        assertNotNull(set, "the cookie must be cleared");
        assertTrue(set.startsWith(SessionCookie.NAME + "=;"), set);
        assertTrue(set.contains("Max-Age=0"), set);
        assertTrue(set.contains("Path=" + SessionCookie.PATH), set);
    }

    @Test
    void loginSetsAnHttpOnlyStrictCookieScopedToTheAuthPathAndNoRefreshTokenInTheBody() {
        Account a = fixtures.staff(Set.of("dispatcher"), null, Set.of(fixtures.township().id));
        var r = webLogin(a.username, Fixtures.PASSWORD);
        assertEquals(200, r.statusCode(), r.asString());
        String set = r.header("Set-Cookie");
        List<String> attributes = List.of(set.split("; "));
        assertTrue(attributes.contains("HttpOnly"), set);
        assertTrue(attributes.contains("SameSite=Strict"), set);
        assertTrue(attributes.contains("Path=/api/v1/auth/web"), set);
        assertTrue(attributes.contains("Max-Age=" + 30 * 24 * 3600), set);
        assertFalse(attributes.contains("Secure"), "plain http here: " + set);
        assertEquals(43, cookieValue(r).length(), "32 random bytes, base64url");
        assertEquals("no-store", r.header("Cache-Control"));
        r.response()
                .then()
                .body("accessToken", notNullValue())
                .body("refreshToken", nullValue())
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("roles", contains("dispatcher"))
                .body("accountId", equalTo(a.id.intValue()));
        // the access token is an ordinary bearer token
        given().auth().oauth2(r.path("accessToken")).get("/api/v1/me").then().statusCode(200);
        assertEquals(1, LoginTest.auditCount("auth.login.success", a.id));
    }

    @Test
    void wrongPasswordIsTheProblemAndSetsNoCookie() {
        Account a = fixtures.staff(Set.of("dispatcher"), null, Set.of(fixtures.township().id));
        var r = web().contentType(ContentType.JSON)
                .body("{\"username\":\"" + a.username + "\",\"password\":\"wrong-password\"}")
                .post(WEB + "/login")
                .then();
        assertProblem(r, 401, "invalid-credentials");
        assertEquals(null, r.extract().header("Set-Cookie"));
    }

    @Test
    void refreshReadsTheCookieRotatesItAndAReusedValueEndsTheSession() {
        Account a = fixtures.staff(Set.of("unit"), fixtures.unit(null).id, Set.of());
        String first = cookieValue(webLogin(a.username, Fixtures.PASSWORD));

        var r = refresh(first).statusCode(200).body("refreshToken", nullValue()).extract();
        String second = cookieValue(r);
        assertNotEquals(first, second);
        assertTrue(r.header("Set-Cookie").contains("HttpOnly; SameSite=Strict"), r.header("Set-Cookie"));
        given().auth().oauth2(r.path("accessToken")).get("/api/v1/me").then().statusCode(200);

        // the first value again: it leaked; refused, the cookie cleared, and the successor dies with it
        var reused = refresh(first);
        assertProblem(reused, 401, "refresh-token-reused");
        assertCleared(reused.extract());
        assertProblem(refresh(second), 401, "invalid-refresh-token");
    }

    @Test
    void refreshWithoutTheClientHeaderIsRefusedAndRotatesNothing() {
        Account a = fixtures.admin();
        String cookie = cookieValue(webLogin(a.username, Fixtures.PASSWORD));
        // what a cross-site form post could send (if SameSite did not stop the cookie): no custom header
        assertProblem(
                given().cookie(SessionCookie.NAME, cookie)
                        .post(WEB + "/refresh")
                        .then(),
                403,
                "web-client-header-required");
        assertProblem(
                given().header(SessionCookie.CLIENT_HEADER, "other")
                        .cookie(SessionCookie.NAME, cookie)
                        .post(WEB + "/refresh")
                        .then(),
                403,
                "web-client-header-required");
        assertProblem(
                given().cookie(SessionCookie.NAME, cookie).post(WEB + "/logout").then(),
                403,
                "web-client-header-required");
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"username\":\"" + a.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                        .post(WEB + "/login")
                        .then(),
                403,
                "web-client-header-required");
        // the refused calls neither used nor ended the session
        refresh(cookie).statusCode(200);
    }

    @Test
    void refreshWithoutACookieOrWithGarbageIsUnauthorizedAndClearsIt() {
        var none = web().post(WEB + "/refresh").then();
        assertProblem(none, 401, "invalid-refresh-token");
        assertCleared(none.extract());
        assertProblem(refresh("x".repeat(200)), 401, "invalid-refresh-token");
        assertProblem(refresh("not a token;"), 401, "invalid-refresh-token");
        assertProblem(refresh("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 401, "invalid-refresh-token");
    }

    @Test
    void signOutRevokesTheSessionAndClearsTheCookie() {
        Account a = fixtures.admin();
        var login = webLogin(a.username, Fixtures.PASSWORD);
        String cookie = cookieValue(login);
        var out = web().cookie(SessionCookie.NAME, cookie)
                .post(WEB + "/logout")
                .then()
                .statusCode(204)
                .extract();
        assertCleared(out);
        assertProblem(refresh(cookie), 401, "invalid-refresh-token");
        assertEquals(1, LoginTest.auditCount("auth.logout", a.id));
        // signing out again, or without a session, is fine
        web().cookie(SessionCookie.NAME, cookie).post(WEB + "/logout").then().statusCode(204);
        web().post(WEB + "/logout").then().statusCode(204);
    }

    @Test
    void aNewSignInOnTheSameBrowserEndsThePreviousSession() {
        Account first = fixtures.admin();
        Account second = fixtures.staff(Set.of("leader"), null, Set.of(fixtures.township().id));
        String old = cookieValue(webLogin(first.username, Fixtures.PASSWORD));
        var r = web().cookie(SessionCookie.NAME, old)
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + second.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post(WEB + "/login")
                .then()
                .statusCode(200)
                .extract();
        assertProblem(refresh(old), 401, "invalid-refresh-token");
        refresh(cookieValue(r)).statusCode(200).body("roles", contains("leader"));
    }

    @Test
    void aResidentSignsInByCodeAndGetsTheCookie() {
        String phone = SmsLoginTest.newPhone();
        SmsLoginTest.request(phone).statusCode(200);
        var r = web().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}")
                .post(WEB + "/sms/verify")
                .then()
                .statusCode(200)
                .body("roles", contains("resident"))
                .body("refreshToken", nullValue())
                .extract();
        String cookie = cookieValue(r);
        assertTrue(r.header("Set-Cookie").contains("HttpOnly"), r.header("Set-Cookie"));
        refresh(cookie).statusCode(200).body("roles", contains("resident"));
    }

    @Test
    void theJsonLoginStillAnswersWithTheRefreshTokenAndSetsNoCookie() {
        Account a = fixtures.admin();
        var r = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + a.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .body("refreshToken", notNullValue())
                .extract();
        assertEquals(null, r.header("Set-Cookie"));
    }

    @Test
    void meShowsRolesUnitAndRegionsWithNames() {
        Region town = fixtures.township();
        Account dispatcher = fixtures.staff(Set.of("dispatcher", "leader"), null, Set.of(town.id));
        given().auth()
                .oauth2(Fixtures.token(dispatcher))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("accountId", equalTo(dispatcher.id.intValue()))
                .body("kind", equalTo("STAFF"))
                .body("username", equalTo(dispatcher.username))
                .body("roles", contains("dispatcher", "leader"))
                .body("unit", nullValue())
                .body("regions.id", contains(town.id.intValue()))
                .body("regions.name", contains(town.name));

        var unit = fixtures.unit(null);
        Account clerk = fixtures.staff(Set.of("unit"), unit.id, Set.of());
        given().auth()
                .oauth2(Fixtures.token(clerk))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("roles", containsInAnyOrder("unit"))
                .body("unit.id", equalTo(unit.id.intValue()))
                .body("unit.name", equalTo(unit.name))
                .body("regions", org.hamcrest.Matchers.empty());

        assertProblem(given().get("/api/v1/me").then(), 401, "unauthenticated");
    }
}
